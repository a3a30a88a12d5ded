"""The recipe template that contributors start from has every part the contract asks for.

A template that drifts from the contract teaches every new contributor to fail CI.
"""

import ast
import json
import re

import papermill

from conftest import ROOT
from notebook_cells import code_cells, parameters_index, source, tags

TEMPLATE = ROOT / ".github" / "recipe-template.ipynb"


def test_template_has_the_contract_parts():
    notebook = json.loads(TEMPLATE.read_text())
    first = source(notebook["cells"][0])
    assert (
        first.startswith("# ") and "you will learn" in first.lower() and "colab-badge.svg" in first
    )
    for profile in ("`cpu`", "`colab-t4`", "`gpu`"):
        assert profile in first, f"the template's profile table lacks {profile}"
    cells = code_cells(notebook)
    assert "git clone" in source(cells[0]) and "%run cookbook/cookkit/colab.py NN-stage" in source(
        cells[0]
    )
    at = parameters_index(cells)
    assert at >= 0, "the template has no cell tagged parameters"
    assert all(isinstance(n, ast.AnnAssign) for n in ast.parse(source(cells[at])).body)
    assert set(papermill.inspect_notebook(str(TEMPLATE))) >= {"profile"}
    assert re.search(r"start_run\(\s*globals\(\)", source(cells[at + 1])), (
        "the template does not start its run next"
    )
    assert any("assert " in source(c) for c in cells[at + 2 :]), (
        "the template has no assertion cell"
    )
    assert "run-record" in tags(cells[-1]) and "record.finish(" in source(cells[-1])
    assert "record.tolerances" in source(cells[-1]), (
        "the template does not show how to declare tolerances"
    )
    closing = source(notebook["cells"][-1])
    for part in ("## What we did", "**Try this**", "**Next**", "**References**"):
        assert part in closing, f"the template's closing section lacks {part}"
