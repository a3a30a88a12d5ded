"""Data loaders for the cookbook's lm-eval tasks: each reads one JSONL file that the evaluation
recipe writes.

The task files beside this one name these functions (``custom_dataset: !function loaders.<name>``).
lm-eval passes the task manager's metadata as keyword arguments, so the folder comes from
``TaskManager(metadata={"data_dir": ...})`` in Python or ``--metadata '{"data_dir": ...}'`` on the
command line. A relative folder is read from the cookbook's root, so the tasks work from any working
folder. Every row is read as plain strings: a date such as "2021-03-05" stays text.
"""

import json
from pathlib import Path

import datasets

ROOT = Path(__file__).resolve().parents[3]  # tasks/ -> 06-evaluate/ -> cookbook/ -> the repository


def _rows(name: str, data_dir: str | None = None, **_: object) -> datasets.DatasetDict:
    if not data_dir:
        raise ValueError(
            f"task {name!r} needs data_dir: pass metadata={{'data_dir': ...}} to lm-eval's "
            "TaskManager (or --metadata on the command line), pointing at the evaluate stage's "
            "data folder"
        )
    file = ROOT / data_dir / f"{name}.jsonl"
    if not file.is_file():
        shown = file.relative_to(ROOT) if file.is_relative_to(ROOT) else file
        raise FileNotFoundError(
            f"task {name!r}: no data file {shown}. "
            "Fix: run the evaluate recipe once (python -m cookkit run --stages evaluate), which "
            "writes it, or point data_dir at the folder that holds it"
        )
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line]
    return datasets.DatasetDict({"test": datasets.Dataset.from_list(rows)})


def date_skill(**kwargs):
    return _rows("date_skill", **kwargs)


def date_variants(**kwargs):
    return _rows("date_variants", **kwargs)


def everyday(**kwargs):
    return _rows("everyday", **kwargs)


def trivia_qa(**kwargs):
    return _rows("trivia_qa", **kwargs)


def prose(**kwargs):
    return _rows("prose", **kwargs)


def doc_prose(**kwargs):
    return _rows("doc_prose", **kwargs)


def minimal_pairs(**kwargs):
    return _rows("minimal_pairs", **kwargs)
