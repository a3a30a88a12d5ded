"""The modules generated from recipes' `# export: cookkit.<module>` cells agree with those cells.

Later recipes import helpers such as `cookkit.measures.perplexity` from the package, but the code is
taught, and edited, in the recipe that defines it. If the module drifted from the notebook, later
recipes would run code that no page of the book shows. Fix with `python -m cookkit export`.
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cookkit import export, paths


def test_generated_modules_match_the_recipes():
    stale = [paths.shown(p) for p in export.stale_modules()]
    assert not stale, (
        f"{stale} differ from the recipes' exported cells: run `python -m cookkit export`"
    )


def test_every_generated_module_is_used_and_documented():
    for path, text in export.generated_modules().items():
        assert text.startswith('"""') and export.GENERATED in text, (
            f"{path.name} lacks its generated header"
        )
        assert "Taught in the recipe ``" in text, (
            f"{path.name}: docstrings do not name their recipe"
        )


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
