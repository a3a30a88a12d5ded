"""The code cell right after the parameters checks them with a `start_run(globals(), ...)` call.

A bad value must stop the run before anything is loaded or written, with a message naming the
parameter and the fix; checks scattered later fail late, half-way through writing artifacts.
`start_run` checks every parameter's type and the shared ones from one table, so the cell holds only
this recipe's own rules. (Its length is not limited: a limit once forced rules into contortions.)
"""

import re

import papermill

from notebook_cells import code_cells, parameters_index, source


def test_the_cell_after_parameters_starts_the_run(recipe, notebook):
    cells = code_cells(notebook)
    at = parameters_index(cells)
    assert 0 <= at < len(cells) - 1, f"{recipe.path.name}: no code cell follows the parameters cell"
    check = source(cells[at + 1])
    assert re.search(r"start_run\(\s*globals\(\)", check), (
        f"{recipe.path.name}: check the parameters in the next code cell with "
        f"record = cookkit.recipes.start_run(globals(), <this recipe's rules>)"
    )


def test_upstream_folders_default_to_the_cpu_artifacts(recipe):
    for name, info in papermill.inspect_notebook(str(recipe.path)).items():
        if name.endswith("_dir"):
            stage = name.removesuffix("_dir")
            assert info["default"].strip("\"'") == f"artifacts/cpu/{stage}", (
                f"{recipe.path.name}: `{name}` must default to 'artifacts/cpu/{stage}', "
                f"where the runner puts stage {stage}"
            )
