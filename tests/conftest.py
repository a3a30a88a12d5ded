"""Shared fixtures: every recipe under cookbook/ as a test parameter, its notebook as JSON, the slow
marker, and the order that lets the site and release tests find what the notebooks make.
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


def runs_after_the_notebooks(item) -> bool:
    """Whether ``item`` needs what the chain makes: the built site (the Try the model page carries
    the release's GGUF file) or a test marked ``release``.
    """
    return "site" in getattr(item, "fixturenames", ()) or bool(item.get_closest_marker("release"))


def pytest_collection_modifyitems(items):
    """Mark nbval's notebook items slow: they execute the recipes (minutes). Then move the site and
    release tests after them: on a fresh clone, nbval's run of the notebooks makes the release, and
    a site built before it has none, so the tests of the page that runs it would only skip.
    """
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
    late = [item for item in items if runs_after_the_notebooks(item)]
    items[:] = [item for item in items if not runs_after_the_notebooks(item)] + late


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
