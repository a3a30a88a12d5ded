"""The stored run is the default (cpu) run: the run record's parameters are the notebook's defaults.

The book publishes the stored outputs as what anyone gets from the defaults; outputs of a run with
other values would promise numbers a reader cannot reproduce.
"""

import ast

import papermill

from notebook_cells import stored_run_record


def test_stored_run_used_the_defaults(recipe, notebook):
    record = stored_run_record(recipe, notebook)
    assert record["profile"] == "cpu", (
        f"{recipe.path.name}: the stored outputs come from profile {record['profile']!r}, not cpu"
    )
    for name, info in papermill.inspect_notebook(str(recipe.path)).items():
        if name in record["parameters"]:
            default = ast.literal_eval(info["default"])
            assert record["parameters"][name] == default, (
                f"{recipe.path.name}: the stored run used "
                f"{name}={record['parameters'][name]!r}, not the default {default!r}"
            )


def test_no_parameters_were_injected(recipe, notebook):
    injected = [
        c
        for c in notebook["cells"]
        if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert not injected, (
        f"{recipe.path.name}: it stores a papermill 'injected-parameters' cell: store the "
        "default run"
    )
