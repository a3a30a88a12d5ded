"""The first code cell, in Colab only, clones this repository and moves into the recipe's own
folder.

A recipe finds its name, its stage and the project root from its working folder; in Colab that
folder is /content, holding nothing. Cloning and changing into `cookbook/NN-<stage>/` gives Colab
the same layout as a checkout, profiles and earlier stages' artifacts included.
"""

import yaml

from conftest import ROOT
from notebook_cells import code_cells, source

REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def test_setup_cell_clones_and_enters_the_recipe_folder(recipe, notebook):
    setup = source(code_cells(notebook)[0])
    folder = recipe.path.parent.relative_to(ROOT).as_posix()
    assert 'if "google.colab" in sys.modules' in setup, (
        f"{recipe.path.name}: guard the setup cell for Colab"
    )
    assert REPOSITORY in setup and "git clone" in setup, (
        f"{recipe.path.name}: clone {REPOSITORY} in Colab"
    )
    assert f"%cd /content/cookbook/{folder}" in setup, (
        f"{recipe.path.name}: end the Colab setup with `%cd /content/cookbook/{folder}`"
    )
