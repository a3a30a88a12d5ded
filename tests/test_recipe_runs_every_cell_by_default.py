"""Every code cell runs in the default run: GPU-only work sits behind a parameter, not a skip tag.

A cell tagged `skip-execution` or `nbval-skip` is never executed on the default run, so its stored
output cannot come from that run and no test ever runs its code: it rots unseen (nbval even ignores
`skip-execution`, so a cell with only that tag fails in CI). The recipes instead guard GPU-only work
with a parameter their `cpu` profile turns off (`if "vllm" in chosen_engines:`), so the cell runs,
says what it skipped, and is checked like every other.
"""

from notebook_cells import code_cells, tags

SKIPPING = {"skip-execution", "nbval-skip", "raises-exception"}


def skipped_cells(notebook: dict) -> list[int]:
    """The numbers of the code cells that a tag keeps from running, or from being checked."""
    return [n for n, c in enumerate(code_cells(notebook), start=1) if SKIPPING & set(tags(c))]


def test_no_cell_is_skipped(recipe, notebook):
    skipped = skipped_cells(notebook)
    assert not skipped, (
        f"{recipe.path.name}: code cells {skipped} are tagged to be skipped: guard GPU-only code "
        "with a parameter that the cpu profile turns off, and let the cell say what it skipped"
    )


def test_the_rule_sees_a_skipped_cell():
    cell = {"cell_type": "code", "source": ["x = 1"], "metadata": {"tags": ["nbval-skip"]}}
    assert skipped_cells({"cells": [cell]}) == [1]
