"""The reproduction check: run recipes again and compare their fresh metrics with the stored ones.

``python -m cookkit verify --stages start finetune`` executes the chosen recipes with their
default parameters (as ``python -m cookkit run`` does), then compares every metric of each fresh
run record with the run record stored in the notebook, the one the book shows, within the
tolerance the recipe declares for it (``cookkit.tolerances``). It prints one table and fails,
naming the metrics, when any is out of bounds. ``--no-execute`` compares the records the last
run left in ``artifacts/cpu/`` without running anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cookkit import paths, pipeline
from cookkit.catalog import stored_run_record
from cookkit.recipes import DEFAULT_PROFILE, Recipe, recipes
from cookkit.records import RECORD_FILE
from cookkit.tolerances import flat_metrics, tolerance_of


@dataclass(frozen=True)
class Comparison:
    """One metric of one recipe: stored and fresh values, the tolerance, and whether it held."""

    stage: str
    metric: str
    stored: Any
    fresh: Any
    tolerance: str
    ok: bool


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
    header = ("stage", "metric", "stored", "fresh", "tolerance", "verdict")
    cells = [header] + [
        (
            r.stage,
            r.metric,
            _shown(r.stored),
            _shown(r.fresh),
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
    stages: list[str] | None = None, execute: bool = True, say: Callable[[str], None] = print
) -> list[Comparison]:
    """Execute the chosen recipes with default parameters (unless ``execute`` is off) and compare
    their metrics.
    """
    chosen = pipeline.select(recipes(), stages)
    stored = {r.stage: stored_record(r) for r in chosen}
    if execute:
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
