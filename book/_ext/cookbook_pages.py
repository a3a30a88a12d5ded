"""Sphinx extension: writes the recipe gallery, the results page's body and the "Try the model"
page's body before the book is read.

Both come from the notebooks as stored (``cookkit.catalog``): the gallery from each recipe's card
(in its notebook's metadata), the results from the run record its last cell printed. The pages
include the files written here (``book/_generated/``, never committed), so a new recipe shows up
on both with no edit, and every number on the results page is a run record's. Each number sits in a
``<span data-recipe=... data-metric=...>`` that the browser tests compare with the record.

The "Try the model" page runs the release's smallest GGUF file that keeps the skill in the
reader's browser (``cookkit.browser_model``). Its body says which file, how large, its sha256 and
where it comes from; the file itself (in parts, if a static host would refuse it whole) and wllama
(installed by ``npm ci``) are written into the built site here. Without a release, or without
wllama, the page says so and what to run.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from cookkit import browser_model
from cookkit.browser_model import BrowserModel
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


NO_RELEASE = """```{{admonition}} No release yet: run the chain
:class: warning
{why} Run the chain up to the share recipe (`make run`, or the recipes in order), then build the
book again: the page then carries the release's smallest GGUF file that keeps the skill.
```
"""
NO_WLLAMA = """```{{admonition}} wllama is not installed
:class: warning
The page runs the model with wllama {version}, which `make setup` installs from npm
(`npm ci`, pinned in `package-lock.json`). Run it, then build the book again.
```
"""


STORED_STAGES = ("share", "quantize", "evaluate")


def stored_records(root: Path) -> dict[str, dict[str, Any] | None]:
    """The run records that the share, quantize and evaluate notebooks store, by stage."""
    return {r.stage: stored_run_record(r) for r in recipes(root) if r.stage in STORED_STAGES}


def try_model(root: Path, site: Path) -> tuple[BrowserModel | None, str]:
    """The model the page runs, its files written into ``site``, or ``None`` and why not."""
    release = browser_model.release_folder(root)
    if (release / "MANIFEST").is_file():
        model = browser_model.release_model(release)
        if model is None:
            return None, "No GGUF file of the release kept the skill."
        return browser_model.site_model(model, release, site), ""
    stored = stored_records(root)
    if all(stored.get(stage) for stage in STORED_STAGES):
        model = browser_model.hub_model(stored["share"], stored["quantize"], stored["evaluate"])
        if model is not None:
            return model, ""
    return None, "This build of the book found no release on disk and no pushed one."


def try_page(root: Path, site: Path) -> str:
    """The "Try the model" page's body: the chat box and its model, or what to run first."""
    package = root / browser_model.WLLAMA_PACKAGE
    version = browser_model.wllama_version(package)
    if version is None:
        pinned = json.loads((root / "package.json").read_text())["dependencies"]
        return NO_WLLAMA.format(version=pinned["@wllama/wllama"])
    model, why = try_model(root, site)
    if model is None:
        return NO_RELEASE.format(why=why)
    browser_model.copy_wllama(package, site)
    mib = model.bytes / 2**20
    parts = len(model.parts)
    if model.origin != "site":
        where = f"the release the share recipe pushed, <{model.origin}>"
    elif parts > 1:
        where = (
            f"this site, in {parts} parts of llama.cpp's split format (GitHub Pages refuses files "
            "over 100 MiB and warns above 50 MiB)"
        )
    else:
        where = "this site"
    config = json.dumps(model.config()).replace("</", "<\\/")
    license_url = f"../{browser_model.SITE_FOLDER}/LICENSE.txt"  # the page is book/try.html
    facts = "\n".join(
        [
            f"- **file**: `{model.path}` of the release `{model.model_name}`, the quantize "
            f"stage's `{model.method}` of the released model ({mib:.1f} MiB, {model.bytes:,} "
            "bytes), the smallest of the release's GGUF files that keeps the skill: the evaluate "
            "stage scored it "
            f"{model.exact_match:.2f} exact match, the share stage releases files from "
            f"{model.floor:.2f};",
            f"- **from**: {where};",
            f"- **sha256** (the release's MANIFEST): `{model.sha256}`. The page computes the hash "
            "of what it downloads and refuses a file that differs;",
            "- **runs with**: [wllama](https://github.com/ngxson/wllama) "
            f"{version}, llama.cpp compiled to WebAssembly, served with this site (MIT license, "
            "linked below the chat).",
        ]
    )
    box = TRY_BOX.format(config=config, version=version, license=license_url)
    return f"{facts}\n\n```{{raw}} html\n{box}\n```\n"


TRY_BOX = """<div id="try-model" class="try-model" data-state="idle">
<script type="application/json" id="try-model-config">{config}</script>
<p class="try-threads" id="try-threads">Checking what this browser can do&hellip;</p>
<div class="try-load">
<button type="button" id="try-load" disabled>Load the model</button>
<progress id="try-progress" max="1" value="0"></progress>
<span id="try-progress-text"></span>
</div>
<p class="try-status" id="try-status" role="status"></p>
<div class="try-examples" id="try-examples"></div>
<div class="try-log" id="try-log" aria-live="polite"></div>
<form id="try-form" class="try-form">
<textarea id="try-input" rows="2" placeholder="Ask the model" disabled></textarea>
<button type="submit" id="try-send" disabled>Ask</button>
</form>
<p class="try-credit">Runs with wllama {version} (<a href="{license}">MIT license</a>).</p>
</div>
<script type="module" src="../_static/try-model.js"></script>"""


def write_pages(app) -> None:
    root = Path(app.srcdir)
    folder = root / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    pages = [
        ("gallery.md", gallery(root)),
        ("results.md", results(root, folder)),
        ("try.md", try_page(root, Path(app.outdir))),
    ]
    for name, text in pages:
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
