"""A recipe holds at most 450 lines of code, blank lines included.

A reader hunting for the technique wades through whatever else the notebook holds: servers'
lifecycles, provenance walkers, report templates. Past a few hundred lines a recipe stops being a
chapter one reads top to bottom. Machinery belongs in a hand-written, tested `cookkit` module; the
notebook keeps the technique and calls the module.
"""

from notebook_cells import code_cells, source

LIMIT = 450


def test_recipe_fits_450_code_lines(recipe, notebook):
    lines = [len(source(cell).splitlines()) for cell in code_cells(notebook)]
    largest = sorted(range(len(lines)), key=lambda i: -lines[i])[:3]
    where = ", ".join(f"cell {i + 1} ({lines[i]})" for i in largest)
    assert sum(lines) <= LIMIT, (
        f"{recipe.path.name} has {sum(lines)} code lines (at most {LIMIT}). Move machinery that "
        f"teaches no technique into a cookkit module; the largest code cells: {where}"
    )
