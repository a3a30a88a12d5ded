"""Only the cell tagged `parameters` makes top-level annotated assignments (`name: type = value`).

`start_run(globals())` takes the notebook's parameters from the annotations the kernel recorded. An
annotated assignment elsewhere would turn a working variable into a "parameter" on the next run of
the validation cell: its type would be checked and it would land in the run record.
"""

import ast

from IPython.core.inputtransformer2 import TransformerManager

from notebook_cells import code_cells, source, tags


def test_annotated_assignments_stay_in_the_parameters_cell(recipe, notebook):
    for number, cell in enumerate(code_cells(notebook), start=1):
        if "parameters" in tags(cell):
            continue
        tree = ast.parse(TransformerManager().transform_cell(source(cell)))
        annotated = [n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)]
        assert not annotated, (
            f"{recipe.path.name}: code cell {number} annotates {annotated} at the top level: "
            "drop the "
            f"annotation, or make it a parameter in the cell tagged `parameters`"
        )
