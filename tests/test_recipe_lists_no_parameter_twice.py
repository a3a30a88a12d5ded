"""A recipe never lists its parameters, its name or its stage a second time: they come from the
notebook.

`start_run(globals(), ...)` reads the declared parameters, and the recipe's name and stage from the
notebook's path. A second list (`RunRecord(parameters=dict(model_id=model_id, ...))`, a tuple of
parameter names, a hand-typed stage folder) goes stale the day someone adds a parameter: the run
record then silently lacks it.
"""

import ast

from IPython.core.inputtransformer2 import TransformerManager

from cookkit.recipes import declared_names

from notebook_cells import code_cells, source


def python_of(cell: dict) -> ast.Module:
    return ast.parse(TransformerManager().transform_cell(source(cell)))


def test_no_dict_rebuilds_the_parameters(recipe, notebook):
    names = set(declared_names(recipe.path))
    for number, cell in enumerate(code_cells(notebook), start=1):
        for node in ast.walk(python_of(cell)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "dict":
                pairs = [(k.arg, k.value) for k in node.keywords]
            elif isinstance(node, ast.Dict):
                pairs = [(getattr(k, "value", None), v) for k, v in zip(node.keys, node.values)]
            else:
                continue
            again = [k for k, v in pairs if k in names and isinstance(v, ast.Name) and v.id == k]
            assert len(again) < 2, (
                f"{recipe.path.name}: code cell {number} lists the parameters {again} again: "
                f"use record.parameters, which holds every parameter"
            )


def test_no_collection_of_parameter_names(recipe, notebook):
    names = set(declared_names(recipe.path))
    for number, cell in enumerate(code_cells(notebook), start=1):
        for node in ast.walk(python_of(cell)):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                listed = [
                    e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in names
                ]
                assert len(listed) < 2, (
                    f"{recipe.path.name}: code cell {number} lists the parameters {listed} by "
                    "name: "
                    f"derive them from record.parameters instead"
                )


def test_name_and_stage_are_not_typed(recipe, notebook):
    for number, cell in enumerate(code_cells(notebook), start=1):
        text = source(cell)
        assert "RunRecord(" not in text, (
            f"{recipe.path.name}: code cell {number} builds a RunRecord by hand: use "
            "start_run(globals())"
        )
        assert f'"{recipe.key}"' not in text and f'"{recipe.stage}")' not in text, (
            f"{recipe.path.name}: code cell {number} types the recipe's name or stage: "
            f"use record.recipe and record.stage_dir"
        )
