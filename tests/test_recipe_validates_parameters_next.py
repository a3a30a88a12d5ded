"""Rule 3: the code cell right after the parameters validates them with `cookkit.parameters.require`.

A bad value must stop the run before anything is loaded or written, with a message naming the parameter and the
fix; checks scattered later fail late, half-way through writing artifacts, with a traceback instead of a fix.
"""

import papermill

from notebook_cells import code_cells, parameters_index, source


def test_the_cell_after_parameters_checks_them(recipe, notebook):
    cells = code_cells(notebook)
    at = parameters_index(cells)
    assert 0 <= at < len(cells) - 1, f"{recipe.path.name}: no code cell follows the parameters cell"
    check = source(cells[at + 1])
    assert "require(" in check, f"{recipe.path.name}: validate the parameters with cookkit.parameters.require in the next code cell"


def test_every_parameter_is_checked(recipe, notebook):
    cells = code_cells(notebook)
    check = source(cells[parameters_index(cells) + 1])
    for name in papermill.inspect_notebook(str(recipe.path)):
        assert f'"{name}"' in check, f"{recipe.path.name}: the validation cell never checks `{name}` (require(..., \"{name}\", ...))"


def test_upstream_folders_default_to_the_cpu_artifacts(recipe):
    for name, info in papermill.inspect_notebook(str(recipe.path)).items():
        if name.endswith("_dir"):
            stage = name.removesuffix("_dir")
            assert info["default"].strip("\"'") == f"artifacts/cpu/{stage}", (
                f"{recipe.path.name}: `{name}` must default to 'artifacts/cpu/{stage}', where the runner puts stage {stage}"
            )
