"""What the book shows about each recipe, read from the notebook as stored: its opening cell (title,
goals, profiles, Colab link) and the run record its last cell printed.

The recipe gallery and the results page are built from these at book-build time, so a new recipe
appears on both without anyone editing a page, and no number on them is ever typed by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cookkit.recipes import Recipe

_TITLE = re.compile(r"^# (.+)$", re.MULTILINE)
_COLAB = re.compile(r"\((https://colab\.research\.google\.com/[^)\s]+\.ipynb)\)")
_GOALS = "**What you will learn**"


@dataclass(frozen=True)
class Profile:
    """One row of a recipe's profile table: the profile, the hardware it needs, its time."""

    name: str
    hardware: str
    time: str


@dataclass(frozen=True)
class RecipeCard:
    """A recipe as its opening cell presents it: title, what it teaches, profiles, Colab link."""

    recipe: Recipe
    title: str
    goals: list[str]
    profiles: list[Profile]
    colab_url: str


def notebook_of(recipe: Recipe) -> dict[str, Any]:
    """Return the stored notebook of ``recipe`` as JSON."""
    return json.loads(recipe.path.read_text())


def _text(cell: dict[str, Any]) -> str:
    return "".join(cell.get("source", ""))


def recipe_card(recipe: Recipe) -> RecipeCard:
    """Return the card of ``recipe``, read from its first markdown cell; raise ``ValueError``
    naming what the cell lacks.
    """
    cells = notebook_of(recipe)["cells"]
    opening = _text(cells[0]) if cells and cells[0]["cell_type"] == "markdown" else ""
    title, colab = _TITLE.search(opening), _COLAB.search(opening)
    if not title or not colab or _GOALS not in opening:
        missing = [w for w, ok in [("# title", title), ("Colab badge", colab)] if not ok]
        missing += [] if _GOALS in opening else [_GOALS]
        raise ValueError(f"{recipe.key}: its first cell lacks {', '.join(missing)}")
    lines = opening.split(_GOALS, 1)[1].strip().splitlines()
    goals = [line[2:].strip().rstrip(";.") for line in lines if line.startswith("- ")]
    rows = [line.strip("|").split("|") for line in lines if line.startswith("| `")]
    profiles = [Profile(r[0].strip().split("`")[1], r[1].strip(), r[-1].strip()) for r in rows]
    return RecipeCard(recipe, title.group(1).strip(), goals, profiles, colab.group(1))


def stored_run_record(recipe: Recipe) -> dict[str, Any] | None:
    """Return the run record printed by the cell tagged ``run-record``, or ``None`` if the notebook
    stores no such output.
    """
    cells = notebook_of(recipe)["cells"]
    cell = next((c for c in cells if "run-record" in c.get("metadata", {}).get("tags", [])), {})
    printed = "".join(
        "".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )
    return json.loads(printed) if printed.strip() else None


def shown_value(value: Any) -> str:
    """Return a metric as the book prints it: thousands separated, four significant digits."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.4g}"
    return str(value)


def metric_at(record: dict[str, Any], path: list[str]) -> Any:
    """Return the metric at ``path`` (its keys, outermost first) in ``record``'s metrics."""
    value: Any = record["metrics"]
    for key in path:
        value = value[key]
    return value
