"""Sphinx extension: writes the recipe gallery and the results page's body before the book is read.

Both come from the notebooks as stored (``cookkit.catalog``): the gallery from each recipe's card
(in its notebook's metadata), the results from the run record its last cell printed. The pages
include the files written here (``book/_generated/``, never committed), so a new recipe shows up
on both with no edit, and every number on the results page is a run record's. Each number sits in a
``<span data-recipe=... data-metric=...>`` that the browser tests compare with the record.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from cookkit.catalog import recipe_card, shown_value, stored_run_record
from cookkit.recipes import Recipe, recipes

GENERATED = Path("book") / "_generated"
BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
VERSIONS = ("python", "torch", "transformers", "peft", "trl", "datasets", "lm_eval", "xllamacpp")


def gallery(root: Path) -> str:
    """The landing page's grid of recipe cards, as MyST markdown."""
    cards = []
    for recipe in recipes(root):
        card = recipe_card(recipe)
        rows = "\n".join(f"| `{p.name}` | {p.hardware} | {p.time} |" for p in card.profiles)
        goals = "\n".join(f"- {goal}" for goal in card.goals)
        cards.append(
            f":::{{grid-item-card}}\n:class-card: recipe-card\n\n"
            f"**{{doc}}`{card.title} </cookbook/{recipe.key}>`**\n\n"
            f'<span class="recipe-stage">stage {recipe.order} · {recipe.stage}</span>\n\n'
            f"{goals}\n\n| profile | hardware | time |\n|---|---|---|\n{rows}\n\n"
            f"[![Open In Colab]({BADGE})]({card.colab_url})\n:::\n"
        )
    return "::::{grid} 1 1 2 2\n:gutter: 3\n\n" + "\n".join(cards) + "::::\n"


def number(recipe: Recipe, path: list[str], value: Any) -> str:
    """One metric, shown, in a span that names the record and the metric it comes from."""
    where = html.escape(json.dumps(path), quote=True)
    return (
        f'<span class="metric" data-recipe="{recipe.key}" data-metric="{where}">'
        f"{html.escape(shown_value(value)).replace('|', '&#124;')}</span>"  # | would end a cell
    )


def is_scalar(value: Any) -> bool:
    """Whether a metric fills one cell: anything but a group of named metrics."""
    return not isinstance(value, dict)


def first_metric(scores: dict[str, Any]) -> str | None:
    """The task's headline metric: its first that is not a standard error."""
    return next((k for k in scores if not k.endswith("_stderr")), None)


def tables(recipe: Recipe, metrics: dict[str, Any]) -> list[str]:
    """The record's metrics as markdown tables: the scalars in one, each group in one more."""
    scalars = [(k, v) for k, v in metrics.items() if is_scalar(v)]
    out = []
    if scalars:
        rows = [f"| `{k}` | {number(recipe, [k], v)} |" for k, v in scalars]
        out.append("| metric | value |\n|---|---|\n" + "\n".join(rows))
    for name, group in metrics.items():
        if is_scalar(group) or not group:
            continue
        inner = list(group.values())
        if all(is_scalar(v) for v in inner):
            rows = [f"| `{k}` | {number(recipe, [name, k], v)} |" for k, v in group.items()]
            out.append(f"| `{name}` | value |\n|---|---|\n" + "\n".join(rows))
            continue
        columns = list(dict.fromkeys(c for row in inner if isinstance(row, dict) for c in row))
        lines = [f"| `{name}` | " + " | ".join(f"`{c}`" for c in columns) + " |"]
        lines.append("|---" * (len(columns) + 1) + "|")
        for row_name, row in group.items():
            cells = []
            for column in columns:
                value = row.get(column) if isinstance(row, dict) else None
                if isinstance(value, dict):  # a task's metrics: its headline one, with its error
                    metric = first_metric(value)
                    shown = number(recipe, [name, row_name, column, metric], value[metric])
                    error = value.get(f"{metric}_stderr")
                    if error is not None:
                        shown += " ± " + number(
                            recipe, [name, row_name, column, f"{metric}_stderr"], error
                        )
                    cells.append(f"{shown} <small>{metric}</small>")
                elif isinstance(row, dict) and column in row:
                    cells.append(number(recipe, [name, row_name, column], value))
                else:
                    cells.append("")
            lines.append(f"| `{row_name}` | " + " | ".join(cells) + " |")
        out.append("\n".join(lines))
    return out


def run_line(record: dict[str, Any]) -> str:
    """Where, when and with what the stored run ran."""
    env = record.get("environment", {})
    cpu = env.get("cpu", {})
    hardware = f"{env.get('cpu_count', '?')} × {cpu.get('model', 'CPU')}"
    hardware += f", {env['gpu']}" if env.get("gpu") else ""
    versions = ", ".join(f"{k} {env[k]}" for k in VERSIONS if k in env)
    when = (record.get("finished_at") or "date not recorded").replace("T", " ").replace("Z", " UTC")
    return (
        f"profile `{record['profile']}` · {when} · {record.get('duration_s')} s on {hardware} "
        f"(device `{env.get('device', '?')}`) · {versions}"
    )


def quantize_chart(plt, metrics):
    """Skill and prose perplexity against size, one point per method."""
    figure, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for axis, key, label in zip(axes, ("exact_match", "perplexity"), ("exact match", "perplexity")):
        for name, method in metrics["methods"].items():
            mib = method["bytes"] / 2**20
            axis.scatter(mib, method[key])
            axis.annotate(
                name, (mib, method[key]), fontsize=8, xytext=(3, 3), textcoords="offset points"
            )
        axis.set(xlabel="size (MiB)", ylabel=label, title=f"{label.capitalize()} against size")
    return figure


def serve_chart(plt, metrics):
    """Tokens/s for one stream and for all clients, and the time to a first token, per route."""
    engines = metrics["engines"]
    names, rows = list(engines), range(len(engines))
    top = next((k for k in engines[names[0]] if k.startswith("aggregate_tokens_per_s_")), None)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    one = [engines[n].get("single_stream_tokens_per_s", 0) for n in names]
    left.barh([i + 0.2 for i in rows], one, height=0.4, label="one stream")
    if top:
        all_streams = [engines[n].get(top, 0) for n in names]
        clients = top.rsplit("_", 1)[-1]
        left.barh([i - 0.2 for i in rows], all_streams, height=0.4, label=f"{clients} clients")
    left.set(yticks=list(rows), yticklabels=names, xlabel="tokens/s", title="Throughput")
    left.legend(fontsize=8)
    right.barh(list(rows), [engines[n].get("ttft_ms_p50", 0) for n in names])
    right.set(yticks=list(rows), yticklabels=[], xlabel="ms", title="Time to first token, median")
    return figure


def finetune_chart(plt, metrics):
    """Exact match of the base, the fine-tuned and the merged model."""
    names = [k for k in metrics if k.endswith("_exact_match")]
    figure, axis = plt.subplots(figsize=(6, 2.4))
    axis.barh([n.removesuffix("_exact_match") for n in names], [metrics[n] for n in names])
    axis.set(xlim=(0, 1), xlabel="exact match on held-out questions", title="The skill")
    return figure


CHARTS = {"quantize": quantize_chart, "serve": serve_chart, "finetune": finetune_chart}


def chart(recipe: Recipe, metrics: dict[str, Any], folder: Path) -> str | None:
    """Draw the stage's chart, if it has one, as SVG in ``folder``; return the file's name."""
    if recipe.stage not in CHARTS:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "cookbook"  # the same record draws the same file
    figure = CHARTS[recipe.stage](plt, metrics)
    figure.tight_layout()
    target = folder / f"{recipe.stage}.svg"
    figure.savefig(target, format="svg", metadata={"Date": None})
    plt.close(figure)
    return target.name


def results(root: Path, folder: Path) -> str:
    """The results page's body: per recipe its run, its charts and its metrics."""
    parts = []
    for recipe in recipes(root):
        card, record = recipe_card(recipe), stored_run_record(recipe)
        parts.append(f"## {recipe.order} · {recipe.stage}: {card.title}\n")
        if record is None:
            parts.append(
                f"{{doc}}`The recipe </cookbook/{recipe.key}>` stores no run record yet.\n"
            )
            continue
        link = f"{{doc}}`the recipe </cookbook/{recipe.key}>`"
        parts.append(f"From the stored run of {link}: {run_line(record)}\n")
        picture = chart(recipe, record["metrics"], folder)
        if picture:
            parts.append(f"![{card.title}: results]({picture})\n")
        parts += [t + "\n" for t in tables(recipe, record["metrics"])]
    return "\n".join(parts)


def write_pages(app) -> None:
    root = Path(app.srcdir)
    folder = root / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("gallery.md", gallery(root)), ("results.md", results(root, folder))):
        target = folder / name
        if not target.is_file() or target.read_text() != text:  # unchanged files keep their mtime
            target.write_text(text)


def auto_mode_by_default(app, config) -> None:
    """Name the theme's default colour mode: left empty, every page logs a console error."""
    config.html_context.setdefault("default_mode", "auto")


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep one copy of each script: sphinx-thebe adds its configuration twice under Jupyter Book
    1.x, and the second copy throws on every page (``THEBE_JS_URL`` declared twice).
    """
    seen, kept = set(), []
    for script in context.get("script_files", []):
        inline = getattr(script, "filename", None) or ""  # "" and None both mean inline
        key = (inline, repr(getattr(script, "attributes", "")))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("config-inited", auto_mode_by_default)
    app.connect("builder-inited", write_pages)
    app.connect("html-page-context", drop_repeated_scripts, priority=900)  # after the others
    app.add_css_file("cookbook.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
