"""The evaluation recipe's lm-eval tasks: their files checked, the data they read written, and
the harness's results read back.

The recipe's tasks are YAML files in its ``tasks/`` folder, where readers add their own; each
names a loader in ``tasks/loaders.py`` that reads one JSONL file of rows, which the recipe writes.
``task_configs`` loads every file as the harness does before anything is written, and stops with a
``ParameterError`` naming the file that does not load or defines a task under another name:
otherwise a YAML typo surfaces as a harness traceback, or silently as a task that never runs.
The rest is the plumbing around the recipe's data, whose choices the recipe teaches: writing rows
as JSONL, reading the held-out conversations back from the data stage's tokens, the trivia
questions a package ships, the metrics table without the harness's filter suffixes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from cookkit import paths
from cookkit.parameters import require

TASK_FOLDER_PARAMETER = "task_folder"
"""The recipe parameter that names the folder of task files, as errors name it."""


def task_configs(folder: Path | str, known: Collection[str]) -> dict[str, dict[str, Any]]:
    """Return each ``*.yaml`` task file's configuration in ``folder``, by file name, read with the
    harness's own YAML reader (``!function``, ``include``).

    ``known`` is the task names the harness found (``TaskManager.all_tasks``). Raises
    ``ParameterError`` for ``task_folder``, naming the file, when one does not load, or defines a
    task whose name is not its file's or that the harness cannot find.
    """
    import yaml
    from lm_eval.tasks._yaml_loader import load_yaml

    configs = {}
    for file in sorted(Path(folder).glob("*.yaml")):
        try:
            configs[file.stem] = load_yaml(file)
        except (yaml.YAMLError, OSError, ValueError, AttributeError, ImportError) as error:
            why = f"{type(error).__name__}: {str(error).splitlines()[0]}"
            fix = "fix that file, or move it out of the folder"
            require(False, TASK_FOLDER_PARAMETER, f"{file} does not load ({why})", fix)
        defined = configs[file.stem].get("task")
        require(
            defined == file.stem and file.stem in known,
            TASK_FOLDER_PARAMETER,
            f"{file} defines the task {defined!r}, which the harness cannot find under the file's "
            "name",
            f"write `task: {file.stem}` in it (the file name and the task name must agree)",
        )
    return configs


def write_rows(folder: Path, name: str, rows: list[dict[str, Any]]) -> int:
    """Write one task's rows as ``<name>.jsonl`` in ``folder`` (created), the file its loader
    reads; return how many rows.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def held_out_conversations(
    data_record: Mapping[str, Any], count: int, characters: int = 1000
) -> list[dict[str, str]]:
    """Return the first ``count`` held-out conversations of the data stage of at least
    ``characters`` characters, each cut at the last word boundary before ``characters``, as rows
    ``{"text": ...}``.

    They are read back from the stage's validation tokens (``data_record``'s ``val`` artifact),
    decoded with its own tokenizer and split at its end-of-text token.
    """
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(paths.resolve(data_record["artifacts"]["tokenizer"]))
    tokens = np.load(paths.resolve(data_record["artifacts"]["val"])).reshape(-1)
    ends = np.flatnonzero(tokens == tokenizer.eos_token_id)
    documents: list[dict[str, str]] = []
    for start, end in zip(np.r_[0, ends[:-1] + 1], ends):
        if len(documents) == count:
            break
        text = tokenizer.decode(tokens[start:end].tolist())
        if len(text) >= characters:
            documents.append({"text": text[:characters].rsplit(" ", 1)[0]})
    return documents


def trivia_questions() -> list[tuple[str, str]]:
    """Return the trivia questions that the ``chatterbot-corpus`` package ships (BSD license), as
    ``(question, answer)`` text, a numeric answer included: every conversation of two turns.
    """
    import importlib.resources

    import yaml

    file = importlib.resources.files("chatterbot_corpus") / "data" / "english" / "trivia.yml"
    conversations = yaml.safe_load(file.read_text(encoding="utf-8"))["conversations"]
    return [(str(q).strip(), str(a).strip()) for q, a in (c for c in conversations if len(c) == 2)]


def ordinal(day: int) -> str:
    """Return ``day`` as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def metrics_of(scores: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Return ``{task: {metric: value}}`` from the harness's ``results``, each value rounded to four
    decimals, without the harness's ``,none`` filter suffix and without the metrics it could not
    compute (``"N/A"``) or that are not metrics (``alias``).
    """
    table = {}
    for task, values in scores.items():
        kept = {k.split(",")[0]: v for k, v in values.items() if "," in k and v != "N/A"}
        table[task] = {k: round(float(v), 4) for k, v in kept.items()}
    return table


RESULT_BANDS = {
    "perplexity": "±3%",
    "bits_per_byte": "±3%",
    "stderr": "±0.05",
    "prefers_stereotype": "±0.1",
    "loglik_gap": "±0.5",
}
"""How far a metric whose name holds the key may move on another CPU; any other score: ±0.1."""

PRETRAINED_DOC_PROSE_BANDS = {
    "word_perplexity": "±60%",
    "byte_perplexity": "±10%",
    "bits_per_byte": "±10%",
}
"""A chitchat model reading documentation prose: its perplexity there moved 24% per word and 4% per
byte when pretraining ran as another CPU computes."""


def result_tolerances(results: Mapping[str, Mapping[str, Mapping[str, float]]]) -> dict[str, str]:
    """The run record's tolerance for each ``results.<model>.<task>.<metric>`` of ``results``."""
    tolerances = {}
    for name, tasks in results.items():
        for task, values in tasks.items():
            for metric in values:
                kind = next((k for k in RESULT_BANDS if k in metric), None)
                band = RESULT_BANDS[kind] if kind else "±0.1"
                if name == "pretrained" and task == "doc_prose":
                    band = PRETRAINED_DOC_PROSE_BANDS.get(metric, band)
                tolerances[f"results.{name}.{task}.{metric}"] = band
    return tolerances
