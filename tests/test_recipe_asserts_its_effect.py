"""A recipe checks the effect it teaches with an `assert` on a result, after its parameters are
validated.

Stored outputs only show what happened once; an assertion makes every run (nbval in CI, a reader's
own run) fail loudly if the technique stops working. A recipe with no assertion is a test that
cannot fail.
"""

import ast

from IPython.core.inputtransformer2 import TransformerManager

from notebook_cells import code_cells, parameters_index, source, tags


def asserts_in(cell: dict) -> int:
    python = TransformerManager().transform_cell(
        source(cell)
    )  # turns %magics and !commands into Python
    return sum(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(python)))


def test_recipe_asserts_a_result(recipe, notebook):
    cells = code_cells(notebook)
    body = cells[parameters_index(cells) + 2 :]
    checked = [c for c in body if asserts_in(c) and "nbval-skip" not in tags(c)]
    assert checked, (
        f"{recipe.path.name}: add an `assert` on the technique's result (loss falls, accuracy "
        "rises, size shrinks...)"
    )
