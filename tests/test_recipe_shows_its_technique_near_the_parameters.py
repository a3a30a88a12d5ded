"""The first cell the book shows after the parameters comes within 40 code lines of them.

A reader who has just read the parameters wants to see what they do. Setup and parameter checks are
folded away in the book (tagged `hide-input`); reading the earlier stages' run records is plumbing
too. Whatever comes before the first shown cell that does something else may hold at most 40 lines:
more than that is machinery for a `cookkit` module.
"""

import re

from notebook_cells import code_cells, parameters_index, source, tags

LIMIT = 40
READS_RECORDS = re.compile(r"\b(read_run_record|optional_run_record)\(")


def plumbing(cell: dict) -> bool:
    """Whether the book folds ``cell`` away, or all it does is read earlier stages' records."""
    return "hide-input" in tags(cell) or bool(READS_RECORDS.search(source(cell)))


def test_technique_follows_the_parameters(recipe, notebook):
    cells = code_cells(notebook)
    start = parameters_index(cells)
    assert start >= 0, f"{recipe.path.name}: tag the parameters cell `parameters`"
    between = 0
    for number, cell in enumerate(cells[start + 1 :], start=start + 2):
        if not plumbing(cell):
            break
        between += len(source(cell).splitlines())
    assert between <= LIMIT, (
        f"{recipe.path.name}: {between} lines of setup, checks and record reading stand between "
        f"the parameters and the technique (cell {number}); at most {LIMIT}: move them to cookkit."
    )
    first = source(cells[number - 1]).lstrip()
    assert not first.startswith("record.add_artifact"), (
        f"{recipe.path.name}: the first shown cell after the parameters is the run record: "
        "show the technique first"
    )
