"""The book folds away the cells that are machinery: setup, parameter check and run record.

A reader opens a chapter for its technique. The Colab setup cell, the parameter check after the
parameters and the run-record cell at the end are needed to run the recipe, not to learn from it,
and the run record's JSON runs to a hundred lines and more. Jupyter Book shows a cell tagged
`hide-input` with its code behind a toggle, and one tagged `hide-output` with its output folded;
both stay in the notebook, executed and tested. Without the tags, every chapter opens and ends
with plumbing.
"""

from notebook_cells import code_cells, parameters_index, tags


def test_machinery_cells_are_folded(recipe, notebook):
    cells = code_cells(notebook)
    at = parameters_index(cells)
    machinery = {
        "the setup cell (first code cell)": (cells[0], {"hide-input"}),
        "the parameter check (after the parameters)": (cells[at + 1], {"hide-input"}),
        "the run-record cell (last code cell)": (cells[-1], {"hide-input", "hide-output"}),
    }
    for what, (cell, wanted) in machinery.items():
        missing = wanted - set(tags(cell))
        assert not missing, (
            f"{recipe.path.name}: tag {what} {sorted(missing)} so that the book folds it"
        )


def test_technique_cells_stay_open(recipe, notebook):
    cells = code_cells(notebook)
    at = parameters_index(cells)
    folded = [
        number
        for number, cell in enumerate(cells[at + 2 : -1], start=at + 3)
        if {"hide-input", "remove-input", "hide-cell", "remove-cell"} & set(tags(cell))
    ]
    assert not folded, (
        f"{recipe.path.name}: code cells {folded} are hidden in the book; only setup, the "
        "parameter check and the run record are folded: the technique stays in view"
    )
