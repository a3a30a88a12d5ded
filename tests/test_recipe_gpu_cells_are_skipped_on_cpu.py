"""A cell that only runs on a GPU is tagged both `skip-execution` and `nbval-skip`.

Jupyter Book, nbclient and papermill honour `skip-execution`, but nbval ignores it: a cell with only
one of the two tags runs in CI on a machine without a GPU and fails there, or is skipped by the
runner but not by the tests.
"""

from notebook_cells import code_cells, tags


def test_skip_tags_come_in_pairs(recipe, notebook):
    for number, cell in enumerate(code_cells(notebook), start=1):
        skip = {"skip-execution", "nbval-skip"} & set(tags(cell))
        assert len(skip) in (0, 2), (
            f"{recipe.path.name}: code cell {number} is tagged {sorted(skip)}: tag it both "
            "skip-execution and nbval-skip"
        )
