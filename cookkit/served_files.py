"""What the serve recipe serves, read from the run records of the stages that made it.

The fine-tune stage's run record names its merged model folder (artifact ``merged_model``), and the
quantize stage's names each GGUF file it wrote (``gguf-q8_0``, ``gguf-q4_0``, ...). Paths in run
records are relative to the project; ``served_files`` resolves them. The quantize stage is
optional: without it (an empty ``quantize_dir``, or a folder with no run record) there are no GGUF
files, and the recipe's parameter check says what to do if some were asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cookkit import paths
from cookkit.records import optional_run_record, read_run_record


class ServedFiles(NamedTuple):
    """The fine-tune's merged model folder, and each GGUF file of the quantize stage by name."""

    merged: Path
    gguf: dict[str, Path]


def served_files(finetune_dir: str | Path, quantize_dir: str | Path | None) -> ServedFiles:
    """The merged model folder that ``finetune_dir``'s run record names, and the GGUF files that
    ``quantize_dir``'s names (none when that stage was skipped), as resolved paths.
    """
    merged = paths.resolve(read_run_record(finetune_dir)["artifacts"]["merged_model"])
    quantized = optional_run_record(quantize_dir) or {}
    made = quantized.get("artifacts", {})
    gguf = {name: paths.resolve(p) for name, p in made.items() if str(p).endswith(".gguf")}
    return ServedFiles(merged, gguf)
