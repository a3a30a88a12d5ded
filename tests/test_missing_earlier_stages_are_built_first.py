"""A recipe whose earlier stages never ran builds them first, on the same profile, and says so; a
folder the reader named explicitly is never built, and its absence is an error naming the fix.

A reader who opens one recipe alone, in Colab from its badge or in a fresh clone, has none of the
artifacts it reads: before, it stopped in its validation cell with a command to type in a
terminal Colab does not give. These run a miniature cookbook of two notebooks that start their
runs as the recipes do.
"""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cookkit import paths, pipeline
from cookkit.recipes import recipes
from cookkit.upstream import missing_stages

MAKE = """
from cookkit.recipes import start_run
record = start_run(globals())
(record.stage_dir / "numbers.json").write_text(str(list(range(count))))
print(record.finish())
"""
USE = """
import json
from cookkit import paths
from cookkit.recipes import start_run
record = start_run(globals())
numbers = json.loads((paths.resolve(make_dir) / "numbers.json").read_text())
(record.stage_dir / "total.txt").write_text(str(sum(numbers)))
print(record.finish())
"""


def write_recipe(path, parameters, body):
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    notebook = new_notebook(cells=[cell, new_code_cell(body)])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    write_recipe(
        tmp_path / "cookbook/00-make/make.ipynb",
        'profile: str = "cpu"  # set\ncount: int = 4  # n',
        MAKE,
    )
    write_recipe(
        tmp_path / "cookbook/01-use/use.ipynb",
        'profile: str = "cpu"  # set\nmake_dir: str = "artifacts/cpu/make"  # upstream',
        USE,
    )
    return tmp_path


def test_only_stages_whose_own_folder_lacks_a_record_are_missing(cookbook):
    use = recipes()[1]
    assert [r.stage for r in missing_stages(use, {"make_dir": "artifacts/cpu/make"}, "cpu")] == [
        "make"
    ]
    assert missing_stages(use, {"make_dir": "elsewhere/make"}, "cpu") == [], "built a named folder"
    (cookbook / "artifacts/cpu/make").mkdir(parents=True)
    (cookbook / "artifacts/cpu/make/run-record.json").write_text("{}")
    assert missing_stages(use, {"make_dir": "artifacts/cpu/make"}, "cpu") == []


@pytest.mark.slow
def test_a_recipe_run_alone_builds_its_earlier_stage_first(cookbook):
    pipeline.run(stages=["use"], say=lambda _: None)
    assert (cookbook / "artifacts/cpu/make/run-record.json").is_file(), "make was not built"
    assert (cookbook / "artifacts/cpu/use/total.txt").read_text() == "6"
    executed = json.loads((cookbook / "artifacts/cpu/use/use.ipynb").read_text())
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    printed = "".join("".join(o.get("text", "")) for o in outputs)
    assert "lacks make: building them first, on profile 'cpu'" in printed, printed[:500]


@pytest.mark.slow
def test_a_named_folder_that_holds_nothing_is_an_error_not_a_build(cookbook):
    import papermill

    use = recipes()[1]
    with pytest.raises(papermill.PapermillExecutionError, match="or point make_dir at its folder"):
        papermill.execute_notebook(
            str(use.path),
            str(cookbook / "use-out.ipynb"),
            parameters={"make_dir": "my/make"},
            cwd=str(use.path.parent),
            progress_bar=False,
        )
    assert not (cookbook / "artifacts/cpu/make").exists(), "a stage was built for a named folder"
