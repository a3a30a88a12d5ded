"""A recipe whose earlier stages never ran builds them first, on the same profile, and says so; a
folder the reader named explicitly is never built, and its absence is an error naming the fix.

A reader who opens one recipe alone, in Colab from its badge or in a fresh clone, has none of the
artifacts it reads: before, it stopped in its validation cell with a command to type in a
terminal Colab does not give. These run a miniature cookbook of two notebooks that start their
runs as the recipes do.
"""

import json

import pytest

from cookkit import pipeline
from cookkit.recipes import recipes
from cookkit.upstream import missing_stages

from toy_recipes import toy_cookbook, write_recipe

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


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    toy_cookbook(tmp_path, monkeypatch)
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
