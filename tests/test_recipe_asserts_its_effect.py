"""A recipe checks the effect it teaches: an `assert` that compares a measured result with a bound.

Stored outputs only show what happened once; an assertion makes every run (nbval in CI, a reader's
own run) fail loudly if the technique stops working. But not any `assert` will do: `assert True`,
`assert model is not None` or `assert steps > 0` (a parameter) pass whatever the technique did. The
rule asks for at least one assertion that orders a value the recipe computed against a bound
(`final_loss <= 0.65 * initial_loss`, `speedup >= 3`), after the parameters are checked.
"""

import ast

import papermill
from IPython.core.inputtransformer2 import TransformerManager

from notebook_cells import code_cells, parameters_index, source, tags

ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def measured_comparisons(code: str, parameters: set[str]) -> list[str]:
    """The assertions in ``code`` that order something computed (not only parameters and
    constants) against something else.
    """
    python = TransformerManager().transform_cell(code)  # %magics and !commands become Python
    found = []
    for node in ast.walk(ast.parse(python)):
        if not isinstance(node, ast.Assert):
            continue
        for compare in (n for n in ast.walk(node.test) if isinstance(n, ast.Compare)):
            if not any(isinstance(op, ORDERING) for op in compare.ops):
                continue
            names = {n.id for n in ast.walk(compare) if isinstance(n, ast.Name)}
            if names - parameters:
                found.append(ast.unparse(compare))
    return found


def test_recipe_asserts_a_measured_result(recipe, notebook):
    parameters = set(papermill.inspect_notebook(str(recipe.path)))
    cells = code_cells(notebook)
    body = cells[parameters_index(cells) + 2 :]
    checks = [
        check
        for cell in body
        if "nbval-skip" not in tags(cell)
        for check in measured_comparisons(source(cell), parameters)
    ]
    assert checks, (
        f"{recipe.path.name}: add an `assert` that orders a result of the technique against a "
        "bound you measured (loss falls below, accuracy rises above, size shrinks under...)"
    )


def test_assertions_that_cannot_fail_do_not_count():
    for weak in ("assert True", "assert model is not None", "assert steps > 0", "assert 1 < 2"):
        assert not measured_comparisons(weak, {"steps"}), f"{weak!r} was taken as a check"
    assert measured_comparisons("assert final_loss <= 0.65 * start", {"steps"})
