"""What earlier stages left for later recipes, read from their run records.

A stage's run record names its artifacts and the parameters it ran with; a later recipe needs a few
of them by name (the fine-tune's merged model, the pretrain stage's model and validation blocks, the
quantize stage's GGUF files) and
sometimes what they imply (the fine-tune's held-out dates, regenerated from its parameters). Reading
them here keeps each recipe's opening to one line, and every recipe reads them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from cookkit import paths
from cookkit.date_task import date_examples
from cookkit.records import optional_run_record, read_run_record


@dataclass(frozen=True)
class FinetuneOutputs:
    """The fine-tune stage's run record, its merged model folder and the held-out test set it
    scored: each test chat and the date it expects, in the same order.
    """

    record: dict[str, Any]
    merged_dir: Path
    test_chats: list[list[dict]]
    test_dates: list[str]


@dataclass(frozen=True)
class PretrainOutputs:
    """The pretrain stage's run record, its model folder and the ``.npy`` file of validation token
    blocks it measured itself on.
    """

    record: dict[str, Any]
    model_dir: Path
    val_blocks: Path


def finetune_outputs(folder: str | Path) -> FinetuneOutputs:
    """Return what the fine-tune stage wrote into ``folder``; its test set is regenerated from the
    run record's ``n_train``, ``n_test`` and ``seed``, so it is the very set that stage scored.

    Raises ``FileNotFoundError`` saying which stage to run when ``folder`` holds no run record.
    """
    record = read_run_record(folder)
    made = record["parameters"]
    _, test_rows = date_examples(made["n_train"], made["n_test"], made["seed"])
    return FinetuneOutputs(
        record=record,
        merged_dir=paths.resolve(record["artifacts"]["merged_model"]),
        test_chats=[row["prompt"] for row in test_rows],
        test_dates=[row["completion"][0]["content"] for row in test_rows],
    )


def released_model(finetune_dir: str | Path, align_dir: str | Path | None = None) -> Path:
    """Return the merged model folder the chain releases: the align stage's when ``align_dir``
    holds its run record, else the fine-tune's (the align stage is optional).
    """
    aligned = optional_run_record(align_dir)
    made = aligned or read_run_record(finetune_dir)
    return paths.resolve(made["artifacts"]["merged_model"])


def pretrain_outputs(folder: str | Path | None) -> PretrainOutputs | None:
    """Return what the pretrain stage wrote into ``folder``, or None when ``folder`` is empty,
    missing or holds no run record (the stage is optional and was skipped).
    """
    record = optional_run_record(folder)
    if record is None:
        return None
    return PretrainOutputs(
        record=record,
        model_dir=paths.resolve(record["artifacts"]["model"]),
        val_blocks=paths.resolve(record["inputs"]["val"]["path"]),
    )


class ServedFiles(NamedTuple):
    """The released merged model folder, and each GGUF file of the quantize stage by name."""

    merged: Path
    gguf: dict[str, Path]


def served_files(
    finetune_dir: str | Path, quantize_dir: str | Path | None, align_dir: str | Path | None = None
) -> ServedFiles:
    """The merged model folder the chain releases (``released_model``), and the GGUF files that
    ``quantize_dir``'s run record names (none when that stage was skipped), as resolved paths.
    """
    merged = released_model(finetune_dir, align_dir)
    quantized = optional_run_record(quantize_dir) or {}
    made = quantized.get("artifacts", {})
    gguf = {name: paths.resolve(p) for name, p in made.items() if str(p).endswith(".gguf")}
    return ServedFiles(merged, gguf)
