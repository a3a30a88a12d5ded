"""Each recipe keeps its parameters' defaults in its notebook metadata, equal to its parameters
cell.

A one-line profile (`profile = "gpu"` in the cell) replaces only the parameters that still hold
their defaults; it reads those from the metadata, because the cell itself holds whatever the
reader typed (and an autosave stores it). Stale metadata would let the profile overwrite a value
the reader chose, or leave a CPU value in a GPU run. `python -m cookkit run --in-place` writes it.
"""

from cookkit.recipes import DEFAULTS_KEY, written_defaults


def test_recipe_keeps_its_parameter_defaults(recipe, notebook):
    kept = notebook.get("metadata", {}).get("cookbook", {}).get(DEFAULTS_KEY)
    assert kept == written_defaults(notebook), (
        f"{recipe.key}: metadata.cookbook.{DEFAULTS_KEY} is {kept}, the parameters cell says "
        f"{written_defaults(notebook)}: re-execute it with python -m cookkit run --stages "
        f"{recipe.stage} --in-place"
    )
