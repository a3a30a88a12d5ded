"""What the book shows about each recipe, read from the notebook as stored: its card (title,
goals, profiles) in the notebook's metadata, and the run record its last cell printed.

The card lives in ``metadata["cookbook"]["card"]``: ``{"title": ..., "goals": [...], "profiles":
[{"name", "hardware", "time"}, ...]}``, the same facts the opening cell shows the reader (a contract
test keeps the two in agreement). The recipe gallery, the results page and the expected times the
upstream builder prints are built from it, so rewording a sentence of the opening cell never
breaks the book, a new recipe appears everywhere without anyone editing a page, and no number on
them is ever typed by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cookkit import paths
from cookkit.recipes import Recipe

CARD_KEY = "card"
COLAB = "https://colab.research.google.com/github/{repository}/blob/{branch}/{path}"


@dataclass(frozen=True)
class Profile:
    """One row of a recipe's profile table: the profile, the hardware it needs, its time."""

    name: str
    hardware: str
    time: str


@dataclass(frozen=True)
class RecipeCard:
    """A recipe as its card presents it: title, what it teaches, profiles, Colab link."""

    recipe: Recipe
    title: str
    goals: list[str]
    profiles: list[Profile]
    colab_url: str


def notebook_of(recipe: Recipe) -> dict[str, Any]:
    """Return the stored notebook of ``recipe`` as JSON."""
    return json.loads(recipe.path.read_text())


def colab_url(recipe: Recipe) -> str:
    """Return the address that opens ``recipe`` in Colab, from ``_config.yml``'s repository."""
    import yaml  # only the book and the upstream builder ask for a card

    root = paths.project_root()
    config = yaml.safe_load((root / "_config.yml").read_text())["repository"]
    repository = config["url"].removeprefix("https://github.com/")
    path = recipe.path.relative_to(root).as_posix()
    return COLAB.format(repository=repository, branch=config.get("branch", "main"), path=path)


def card_of(notebook: dict[str, Any]) -> dict[str, Any]:
    """Return the card stored in ``notebook``'s metadata (empty if it has none)."""
    return notebook.get("metadata", {}).get("cookbook", {}).get(CARD_KEY, {})


def recipe_card(recipe: Recipe) -> RecipeCard:
    """Return the card of ``recipe``; raise ``ValueError`` naming what its metadata lacks."""
    card = card_of(notebook_of(recipe))
    missing = [key for key in ("title", "goals", "profiles") if not card.get(key)]
    if missing:
        raise ValueError(
            f"{recipe.key}: its card (notebook metadata cookbook.{CARD_KEY}) lacks "
            f"{', '.join(missing)}: write them as the opening cell states them"
        )
    profiles = [Profile(p["name"], p["hardware"], p["time"]) for p in card["profiles"]]
    return RecipeCard(recipe, card["title"], list(card["goals"]), profiles, colab_url(recipe))


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
