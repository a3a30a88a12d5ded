"""Stored outputs come from one execution, top to bottom, without errors.

Outputs from cells run out of order, or a stored traceback, show readers results that the notebook
as written does not produce. Refresh them with `python -m cookkit run --stages <stage> --in-place`.
"""

from notebook_cells import code_cells, tags


def test_every_code_cell_ran_once_in_order(recipe, notebook):
    counts = [
        c.get("execution_count") for c in code_cells(notebook) if "skip-execution" not in tags(c)
    ]
    assert None not in counts, (
        f"{recipe.path.name}: some cells were never executed: refresh the stored outputs"
    )
    assert counts == list(range(1, len(counts) + 1)), (
        f"{recipe.path.name}: cells ran out of order or were re-run ({counts}): re-execute top "
        "to bottom from a fresh kernel"
    )


def test_no_error_is_stored(recipe, notebook):
    for number, cell in enumerate(code_cells(notebook), start=1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, (
            f"{recipe.path.name}: code cell {number} stores an error "
            f"({errors[0].get('ename')}): fix it and re-execute"
        )
