"""The cookbook has recipes where the runner and the tests look for them."""

from conftest import RECIPES


def test_cookbook_has_recipes():
    """Without a notebook under cookbook/NN-<stage>/, every contract test would pass by testing
    nothing.
    """
    assert RECIPES, "no recipes found: put notebooks in cookbook/NN-<stage>/<name>.ipynb"
