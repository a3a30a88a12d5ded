"""The modules generated from recipes' `# export: cookkit.<module>` cells agree with those cells.

Later recipes import helpers such as `cookkit.measures.perplexity` from the package, but the code is
taught, and edited, in the recipe that defines it. If the module drifted from the notebook, later
recipes would run code that no page of the book shows. Fix with `python -m cookkit export`.
"""

import ast
import json
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cookkit import export, paths
from cookkit.recipes import recipes

from conftest import ROOT


def test_generated_modules_match_the_recipes():
    stale = [paths.shown(p) for p in export.stale_modules()]
    assert not stale, (
        f"{stale} differ from the recipes' exported cells: run `python -m cookkit export`"
    )


def test_every_exported_helper_is_used_beyond_its_recipe():
    """An exported helper exists for later recipes; one that nothing else uses belongs in its own
    recipe, as plain code, and not in the package.
    """
    cells = export.exported_cells(recipes())
    others = {r.path: notebook_code(r.path) for r in recipes()}
    others |= {p: p.read_text() for p in (ROOT / "cookkit").glob("*.py")}
    others |= {p: p.read_text() for p in (ROOT / "tests").glob("*.py")}
    referenced = {  # names the exported code itself uses: helpers of exported helpers
        name
        for cell in cells
        for node in ast.walk(ast.parse(cell.code))
        for name in [getattr(node, "id", None) or getattr(node, "attr", None)]
        if isinstance(node, (ast.Name, ast.Attribute))
    }
    unused = []
    for cell in cells:
        module = ROOT / "cookkit" / f"{cell.module}.py"
        for node in ast.parse(cell.code).body:
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name.startswith("_"):
                continue
            used = re.compile(rf"\b{node.name}\b")
            elsewhere = (t for p, t in others.items() if p not in (module, cell.recipe.path))
            if node.name not in referenced and not any(used.search(t) for t in elsewhere):
                unused.append(f"{cell.module}.{node.name} ({cell.recipe.key})")
    assert not unused, (
        f"{unused}: exported, but no other recipe, module or test uses them: drop the "
        "`# export:` line and keep them in their recipe"
    )


def notebook_code(path):
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    (tmp_path / "cookkit").mkdir()
    return tmp_path


def write_recipe(root, cells):
    path = root / "cookbook" / "00-start" / "teach.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), path)
    return path


def test_export_adds_provenance_and_a_header(cookbook):
    write_recipe(
        cookbook,
        [
            "x = 1",
            '# export: cookkit.toy\nimport math\n\n\ndef double(x):\n    """Return twice x."""\n'
            "    return 2 * x\n",
        ],
    )
    assert export.write_modules() == [cookbook / "cookkit" / "toy.py"]
    text = (cookbook / "cookkit" / "toy.py").read_text()
    assert "Taught in the recipe ``00-start/teach``." in text
    assert text.index("import math") < text.index("def double")
    namespace: dict = {}
    exec(compile(text, "toy.py", "exec"), namespace)
    assert namespace["double"](21) == 42
    assert export.stale_modules() == []


def test_a_stale_or_orphaned_module_is_reported(cookbook):
    notebook = write_recipe(
        cookbook, ['# export: cookkit.toy\ndef one():\n    """Return 1."""\n    return 1\n']
    )
    export.write_modules()
    data = nbformat.read(notebook, as_version=4)
    data.cells[0].source = data.cells[0].source.replace("return 1", "return 2")
    nbformat.write(data, notebook)
    assert export.stale_modules() == [cookbook / "cookkit" / "toy.py"]
    data.cells[0].source = "one = 1"
    nbformat.write(data, notebook)
    assert export.stale_modules() == [cookbook / "cookkit" / "toy.py"], (
        "an orphaned module went unnoticed"
    )


@pytest.mark.parametrize(
    ("cell", "complaint"),
    [
        ("# export: cookkit.toy\nprint('side effect')\n", "runs code"),
        ("# export: cookkit.toy\ndef f():\n    return 1\n", "no docstring"),
        ("# export: cookkit.toy\n%time x = 1\n", "not plain Python"),
    ],
)
def test_cells_that_cannot_be_a_module_are_refused(cookbook, cell, complaint):
    write_recipe(cookbook, [cell])
    with pytest.raises(export.ExportError, match=complaint):
        export.generated_modules()


def test_a_cell_of_imports_only_keeps_a_name_importable_without_an_empty_block(cookbook):
    """A helper that moved to a hand-written module stays importable from the generated one through
    an exported import; without this the module ends in a "Taught in" comment over nothing.
    """
    write_recipe(
        cookbook,
        [
            '# export: cookkit.toy\ndef one():\n    """Return 1."""\n    return 1\n',
            "# export: cookkit.toy\nfrom math import pi  # noqa: F401 (re-exported)\n",
        ],
    )
    text = export.generated_modules()[cookbook / "cookkit" / "toy.py"]
    assert "from math import pi" in text, "the re-exported import is missing from the module"
    assert text.count("# Taught in") == 1, f"an import-only cell left an empty block:\n{text}"
