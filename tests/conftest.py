"""Shared fixtures: every recipe under cookbook/ as a test parameter, its notebook as JSON, the slow
marker.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("COOKBOOK_ROOT", str(ROOT))

from cookkit import recipes  # noqa: E402

RECIPES = recipes.recipes(ROOT)


def pytest_generate_tests(metafunc):
    """Run each test that takes ``recipe`` once per notebook under cookbook/, named by its path."""
    if "recipe" in metafunc.fixturenames:
        ids = [r.path.relative_to(ROOT).as_posix() for r in RECIPES]
        metafunc.parametrize("recipe", RECIPES, ids=ids)


def pytest_collection_modifyitems(items):
    """Mark nbval's notebook items slow: they execute the recipes (minutes)."""
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def notebook(recipe) -> dict:
    return json.loads(recipe.path.read_text())


def execute_recipe(notebook: Path, target: Path, parameters: dict) -> dict:
    """Execute ``notebook`` with papermill as the runner does (in the recipe's own folder, no
    progress bar) and return the executed notebook; a failing cell raises papermill's error.
    """
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(target),
        cwd=str(notebook.parent),
        progress_bar=False,
        parameters=parameters,
    )
    return json.loads(target.read_text())


# The built book, served and opened in Chromium, for the site tests (tests/built_site.py)
from built_site import browser, open_page, site, site_url  # noqa: E402, F401
