"""The quantize recipe's bookkeeping for comparing methods: sizes, one line per method, the table.

Each method the recipe tries ends as four numbers (``bytes``, ``tokens_per_s``, ``perplexity``,
``exact_match``) under its name; float32 is the baseline every other method is set against. These
functions only measure folders and lay the numbers out; the measuring itself is in the recipe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

BASELINE = "float32"


def safetensors_bytes(folder: str | Path) -> int:
    """Return the bytes of every ``*.safetensors`` file in ``folder``: a saved model's weights."""
    return sum(f.stat().st_size for f in Path(folder).glob("*.safetensors"))


def method_line(name: str, results: dict[str, dict[str, Any]]) -> str:
    """Return one line with method ``name``'s size (in MiB and as a share of float32's), speed,
    perplexity and exact match.
    """
    r, base = results[name], results[BASELINE]
    return (
        f"{name:13} {r['bytes'] / 2**20:6.1f} MiB ({r['bytes'] / base['bytes']:.3f}x)"
        f"  {r['tokens_per_s']:6.1f} tokens/s  perplexity {r['perplexity']:7.3f}"
        f"  exact match {r['exact_match']:.0%}"
    )


def methods_table(results: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Return one row per method: its engine, its size in MiB and as a share of float32's, its
    speed, perplexity and relative perplexity change, exact match, and its bytes (last).

    A method named ``gguf-*`` runs on llama.cpp, any other on transformers.
    """
    table = pd.DataFrame(results).T
    base = table.loc[BASELINE]
    table["engine"] = ["llama.cpp" if n.startswith("gguf") else "transformers" for n in table.index]
    table["MiB"] = table["bytes"] / 2**20
    table["× float32"] = table["bytes"] / base["bytes"]
    table["perplexity change"] = table["perplexity"] / base["perplexity"] - 1
    columns = ["engine", "MiB", "× float32", "tokens_per_s", "perplexity", "perplexity change"]
    return table[columns + ["exact_match", "bytes"]]
