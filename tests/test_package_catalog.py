"""cookkit.catalog: the book reads each recipe's card from its notebook's metadata and its run
record from its last cell, and prints metrics one way.

The gallery and the results page are generated from these; a parser that misses a goal, a profile
or the record, or a number printed two ways, would publish a wrong page without a build warning.
"""

import json

import pytest

from cookkit.catalog import metric_at, recipe_card, shown_value, stored_run_record
from cookkit.recipes import recipe_at


def test_every_recipe_has_a_full_card_and_a_record(recipe):
    card = recipe_card(recipe)
    assert card.title and len(card.goals) >= 3, f"{recipe.key}: card {card}"
    assert [p.name for p in card.profiles][:1] == ["cpu"] and len(card.profiles) >= 3
    assert card.colab_url.endswith(f"cookbook/{recipe.key}.ipynb")
    assert stored_run_record(recipe)["recipe"] == recipe.key


def write_recipe(folder, opening, outputs):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": [opening]},
            {"cell_type": "code", "metadata": {"tags": ["run-record"]}, "outputs": outputs},
        ]
    }
    path = folder / "09-demo" / "demo.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(notebook))
    return recipe_at(path)


def test_a_recipe_without_a_card_names_what_is_missing(tmp_path):
    recipe = write_recipe(tmp_path, "# Demo\n\nNo badge, no goals.", [])
    with pytest.raises(ValueError, match="lacks title, goals, profiles"):
        recipe_card(recipe)
    assert stored_run_record(recipe) is None


def test_metrics_are_found_by_path_and_shown_one_way():
    record = {"metrics": {"engines": {"a.b": {"tokens_per_s": 12345.6}}}}
    assert metric_at(record, ["engines", "a.b", "tokens_per_s"]) == 12345.6
    shown = [shown_value(v) for v in (None, True, 1234567, 12345.6, 0.123456, 3.5, "text")]
    assert shown == ["–", "yes", "1,234,567", "12,346", "0.1235", "3.5", "text"]
