"""The reproduction check: run recipes again and compare their fresh metrics with the stored ones.

``python -m cookkit verify --stages start finetune`` executes the chosen recipes with their
default parameters (as ``python -m cookkit run`` does), then compares every metric of each fresh
run record with the run record stored in the notebook, the one the book shows, within the
tolerance the recipe declares for it (``cookkit.tolerances``). It prints one table and fails,
naming the metrics, when any is out of bounds. ``--no-execute`` compares the records the last
run left in ``artifacts/cpu/`` without running anything.

``--other-cpu`` runs the recipes as a different CPU would compute them, on this one: an AVX2
machine without AMX. torch takes its portable scalar kernels instead of its AVX2 or AVX-512 ones,
MKL its AVX2 code path (the one it takes on many AMD processors), and oneDNN its AVX2 kernels
instead of AMX. Together they change float32 results bit for bit (matrix products, softmax, norms,
sums), as an AMD EPYC does where the stored runs came from an Intel Xeon, for about 1.3 times the
time of inference and 2 times that of a small model's training. A recipe whose assertions or
tolerances lean on its machine's exact floats fails here before a reader's machine finds it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cookkit import paths, pipeline
from cookkit.catalog import stored_run_record
from cookkit.recipes import DEFAULT_PROFILE, Recipe, recipes
from cookkit.records import RECORD_FILE
from cookkit.tolerances import flat_metrics, tolerance_of

OTHER_CPU = {
    "ATEN_CPU_CAPABILITY": "default",  # torch's scalar kernels: matmul, softmax, norms, sums change
    "MKL_CBWR": "AVX2",  # MKL's AVX2 path: matrix products change (COMPATIBLE costs 5x on training)
    # no AMX: with it, torch's bfloat16 attention packs for AMX, then refuses below AVX-512
    "ONEDNN_MAX_CPU_ISA": "AVX2",
}


@contextmanager
def environment_set(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block (papermill's kernels inherit them), then restore."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class Comparison:
    """One metric of one recipe: stored and fresh values, the tolerance, and whether it held."""

    stage: str
    metric: str
    stored: Any
    fresh: Any
    tolerance: str
    ok: bool

    @property
    def drift(self) -> str:
        """How far the fresh value lies from the stored one: absolute, and relative when it can."""
        values = (self.stored, self.fresh)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "" if self.stored == self.fresh else "differs"
        gap = abs(self.fresh - self.stored)
        if gap == 0 or not self.stored:
            return f"{gap:.3g}"
        return f"{gap:.3g} ({gap / abs(self.stored):.2%})"


def stored_record(recipe: Recipe) -> dict[str, Any]:
    """Return the run record stored in the notebook, or raise saying how to store one."""
    record = stored_run_record(recipe)
    if record is None:
        raise pipeline.PipelineError(
            f"{paths.shown(recipe.path)} stores no run record: refresh it with --in-place"
        )
    return record


def compare(stage: str, stored: dict[str, Any], fresh: dict[str, Any]) -> list[Comparison]:
    """Return the comparison of every metric in the stored or the fresh record, by the stored
    tolerances.
    """
    old, new = flat_metrics(stored.get("metrics", {})), flat_metrics(fresh.get("metrics", {}))
    rows = []
    for metric in list(old) + [m for m in new if m not in old]:
        tolerance = tolerance_of(metric, stored.get("tolerances", {}))
        present = metric in old and metric in new
        ok = present and tolerance.accepts(old[metric], new[metric])
        rows.append(
            Comparison(
                stage, metric, old.get(metric, "-"), new.get(metric, "-"), tolerance.spec, ok
            )
        )
    return rows


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def table(rows: list[Comparison]) -> str:
    """Return the comparisons as an aligned text table: stage, metric, stored, fresh, tolerance,
    verdict.
    """
    header = ("stage", "metric", "stored", "fresh", "drift", "tolerance", "verdict")
    cells = [header] + [
        (
            r.stage,
            r.metric,
            _shown(r.stored),
            _shown(r.fresh),
            r.drift,
            r.tolerance,
            "ok" if r.ok else "FAIL",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verify(
    stages: list[str] | None = None,
    execute: bool = True,
    say: Callable[[str], None] = print,
    other_cpu: bool = False,
) -> list[Comparison]:
    """Execute the chosen recipes with default parameters (unless ``execute`` is off), as another
    CPU would compute them if ``other_cpu``, and compare their metrics.
    """
    chosen = pipeline.select(recipes(), stages)
    stored = {r.stage: stored_record(r) for r in chosen}
    if execute:
        with environment_set(OTHER_CPU if other_cpu else {}):
            pipeline.run(profile=DEFAULT_PROFILE, stages=[r.stage for r in chosen], say=say)
    rows = []
    for recipe in chosen:
        fresh_file = paths.stage_dir(DEFAULT_PROFILE, recipe.stage, create=False) / RECORD_FILE
        if not fresh_file.is_file():
            raise pipeline.PipelineError(
                f"no fresh run record in {paths.shown(fresh_file.parent)}: run verify without "
                "--no-execute"
            )
        rows += compare(recipe.stage, stored[recipe.stage], json.loads(fresh_file.read_text()))
    return rows
