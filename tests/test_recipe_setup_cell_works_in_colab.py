"""The first code cell, in Colab only, clones this repository and runs `cookkit/colab.py` with the
recipe's own folder, which installs the recipe's extra and moves into that folder.

A recipe finds its name, its stage and the project root from its working folder; in Colab that
folder is /content, holding nothing, and Colab has none of the recipe's packages. Cloning, then
`colab.py NN-<stage>`, gives Colab the same layout and packages as a checkout. The repository's
address is one setting, `_config.yml`'s `repository.url`, which every setup cell must name as its
default; `$COOKBOOK_REPOSITORY` replaces it (a fork, or the local clone the Colab rehearsal uses).
"""

import yaml

from conftest import ROOT
from notebook_cells import code_cells, source

REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def test_setup_cell_clones_and_enters_the_recipe_folder(recipe, notebook):
    setup = source(code_cells(notebook)[0])
    folder = recipe.path.parent.name
    assert 'if "google.colab" in sys.modules' in setup, (
        f"{recipe.path.name}: guard the setup cell for Colab"
    )
    assert f'"{REPOSITORY}"' in setup and 'os.environ.get("COOKBOOK_REPOSITORY"' in setup, (
        f"{recipe.path.name}: clone $COOKBOOK_REPOSITORY, by default {REPOSITORY} (_config.yml)"
    )
    assert "git clone" in setup and setup.rstrip().endswith(
        f"%run cookbook/cookkit/colab.py {folder}"
    ), f"{recipe.path.name}: end the Colab setup with `%run cookbook/cookkit/colab.py {folder}`"
    assert "%pip" not in setup, (
        f"{recipe.path.name}: install through the recipe's extra (colab.py), not %pip lines"
    )
