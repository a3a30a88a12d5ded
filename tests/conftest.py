"""Shared fixtures: every recipe under cookbook/ as a test parameter, and its notebook as JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("COOKBOOK_ROOT", str(ROOT))

from cookkit import pipeline  # noqa: E402

RECIPES = pipeline.recipes(ROOT)


def pytest_generate_tests(metafunc):
    """Run each test that takes ``recipe`` once per notebook under cookbook/, named by its path."""
    if "recipe" in metafunc.fixturenames:
        metafunc.parametrize("recipe", RECIPES, ids=[r.path.relative_to(ROOT).as_posix() for r in RECIPES])


@pytest.fixture
def notebook(recipe) -> dict:
    return json.loads(recipe.path.read_text())

