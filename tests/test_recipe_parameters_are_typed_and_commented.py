"""One code cell tagged `parameters` assigns each parameter with a type and a comment, `profile`
among them.

Papermill injects values after this cell and `papermill --help-notebook` reads its types and
comments: without the tag a run silently ignores its parameters, and without types and comments
nobody knows what to pass.
"""

import ast

import papermill

from notebook_cells import code_cells, source, tags


def parameters_cell(recipe, notebook):
    cells = [c for c in code_cells(notebook) if "parameters" in tags(c)]
    assert len(cells) == 1, (
        f"{recipe.path.name}: tag exactly one code cell `parameters` (found {len(cells)})"
    )
    return cells[0]


def test_every_assignment_is_annotated(recipe, notebook):
    tree = ast.parse(source(parameters_cell(recipe, notebook)))
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), (
            f"{recipe.path.name}: line {node.lineno} of the parameters cell is not `name: type "
            "= value  # meaning`"
        )


def test_every_parameter_has_a_comment(recipe, notebook):
    for number, line in enumerate(source(parameters_cell(recipe, notebook)).splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            assert "  # " in line, (
                f"{recipe.path.name}: parameter line {number} needs a comment saying what it "
                f"means: {line!r}"
            )


def test_papermill_explains_every_parameter(recipe):
    found = papermill.inspect_notebook(str(recipe.path))
    assert "profile" in found, (
        f'{recipe.path.name}: declare `profile: str = "cpu"  # ...` among the parameters'
    )
    assert found["profile"]["default"].strip("\"'") == "cpu", (
        f"{recipe.path.name}: the default profile must be cpu"
    )
    for name, info in found.items():
        assert info["inferred_type_name"] != "None", (
            f"{recipe.path.name}: papermill sees no type for `{name}`"
        )
        assert info["help"], f"{recipe.path.name}: papermill sees no help for `{name}`"


def test_papermill_reads_every_assignment(recipe, notebook):
    """Papermill's parser skips a line it cannot read (an '=' inside the comment is enough): that
    parameter loses its help.
    """
    assigned = [
        n.target.id
        for n in ast.parse(source(parameters_cell(recipe, notebook))).body
        if isinstance(n, ast.AnnAssign)
    ]
    found = papermill.inspect_notebook(str(recipe.path))
    missing = [name for name in assigned if name not in found]
    assert not missing, (
        f"{recipe.path.name}: papermill cannot read the parameter line(s) of {missing}: keep "
        "'=' out of their comments"
    )
