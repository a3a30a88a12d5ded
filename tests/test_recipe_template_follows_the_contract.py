"""The recipe template that contributors start from has every part the contract asks for.

A template that drifts from the contract teaches every new contributor to fail CI.
"""

import ast
import json

import papermill

from conftest import ROOT
from notebook_cells import code_cells, parameters_index, source, tags

TEMPLATE = ROOT / ".github" / "recipe-template.ipynb"


def test_template_has_the_contract_parts():
    notebook = json.loads(TEMPLATE.read_text())
    first = source(notebook["cells"][0])
    assert first.startswith("# ") and "you will learn" in first.lower() and "colab-badge.svg" in first
    for profile in ("`cpu`", "`colab-t4`", "`gpu`"):
        assert profile in first, f"the template's profile table lacks {profile}"
    cells = code_cells(notebook)
    at = parameters_index(cells)
    assert at >= 0, "the template has no cell tagged parameters"
    assert all(isinstance(n, ast.AnnAssign) for n in ast.parse(source(cells[at])).body)
    assert set(papermill.inspect_notebook(str(TEMPLATE))) >= {"profile"}
    assert "require(" in source(cells[at + 1]), "the template does not validate its parameters right after them"
    assert any("assert " in source(c) for c in cells[at + 2 :]), "the template has no assertion cell"
    assert "run-record" in tags(cells[-1]) and "record.finish(" in source(cells[-1])
