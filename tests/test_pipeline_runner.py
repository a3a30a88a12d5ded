"""The pipeline runner executes stages in order, hands each the previous stage's folder, and stops
cleanly on failure.

These run a miniature cookbook of two tiny notebooks, so they test the runner itself in seconds:
chaining, profiles, the in-place refresh, and that a failing stage leaves other stages' artifacts
alone.
"""

import json
import subprocess
import sys

import pytest

from cookkit import pipeline
from cookkit.recipes import recipes

from toy_recipes import toy_cookbook, write_recipe

pytestmark = pytest.mark.slow

MAKE = """
from cookkit import paths
stage = paths.stage_dir(profile, "make")
(stage / "numbers.json").write_text(str(list(range(count))))
print("made", count)
"""
USE = """
import json
from cookkit import paths
numbers = json.loads((paths.resolve(make_dir) / "numbers.json").read_text())
assert not fail, "asked to fail"
(paths.stage_dir(profile, "use") / "total.txt").write_text(str(sum(numbers)))
print("total", sum(numbers))
"""


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    toy_cookbook(tmp_path, monkeypatch)
    write_recipe(
        tmp_path / "cookbook/00-make/make.ipynb",
        'profile: str = "cpu"  # set\ncount: int = 4  # how many',
        MAKE,
    )
    write_recipe(
        tmp_path / "cookbook/01-use/use.ipynb",
        'profile: str = "cpu"  # set\nmake_dir: str = "artifacts/cpu/make"  # upstream\nfail: '
        "bool = False  # fail on purpose",
        USE,
    )
    (tmp_path / "cookbook/01-use/profiles").mkdir()
    (tmp_path / "cookbook/01-use/profiles/use.big.yaml").write_text("profile: big\n")
    (tmp_path / "cookbook/00-make/profiles").mkdir()
    (tmp_path / "cookbook/00-make/profiles/make.big.yaml").write_text("profile: big\ncount: 10\n")
    return tmp_path


def test_recipes_are_found_in_stage_order(cookbook):
    assert [(r.stage, r.name) for r in recipes()] == [("make", "make"), ("use", "use")]
    assert recipes()[1].profiles() == ["cpu", "big"]


def test_each_stage_gets_the_previous_stage_folder(cookbook):
    executed = pipeline.run(say=lambda _: None)
    assert [p.relative_to(cookbook).as_posix() for p in executed] == [
        "artifacts/cpu/make/make.ipynb",
        "artifacts/cpu/use/use.ipynb",
    ]
    assert (cookbook / "artifacts/cpu/use/total.txt").read_text() == "6"


def test_a_profile_takes_its_parameter_files_and_its_own_folders(cookbook):
    pipeline.run(say=lambda _: None)
    pipeline.run(profile="big", say=lambda _: None)
    assert (cookbook / "artifacts/big/use/total.txt").read_text() == "45"
    assert (cookbook / "artifacts/cpu/use/total.txt").read_text() == "6", (
        "the big profile overwrote the cpu artifacts"
    )


def test_a_missing_profile_is_refused_before_anything_runs(cookbook):
    with pytest.raises(
        pipeline.PipelineError, match="has no profile 'huge'.*profiles it has: cpu, big"
    ):
        pipeline.run(profile="huge", say=lambda _: None)
    assert not (cookbook / "artifacts").exists()


def test_an_unknown_stage_is_refused_with_the_known_ones(cookbook):
    with pytest.raises(
        pipeline.PipelineError, match="unknown stage.*pretrain.*choose from make, use"
    ):
        pipeline.run(stages=["pretrain"], say=lambda _: None)


def test_a_failing_stage_stops_the_run_and_spares_other_stages(cookbook):
    pipeline.run(say=lambda _: None)
    make_before = (cookbook / "artifacts/cpu/make/numbers.json").stat().st_mtime_ns
    (cookbook / "cookbook/01-use/profiles/use.broken.yaml").write_text(
        "profile: broken\nfail: true\n"
    )
    (cookbook / "cookbook/00-make/profiles/make.broken.yaml").write_text("profile: broken\n")
    with pytest.raises(pipeline.PipelineError) as failure:
        pipeline.run(profile="broken", say=lambda _: None)
    message = str(failure.value)
    assert (cookbook / "artifacts/broken/make/numbers.json").is_file(), (
        "the stage before the failure should have run"
    )
    assert "stage use failed" in message and "AssertionError: asked to fail" in message
    assert "artifacts/broken/use/use.ipynb" in message
    assert (cookbook / "artifacts/cpu/make/numbers.json").stat().st_mtime_ns == make_before
    assert (cookbook / "artifacts/cpu/use/total.txt").read_text() == "6"


def test_in_place_refresh_stores_a_clean_default_run(cookbook):
    pipeline.run(in_place=True, stages=["make"], say=lambda _: None)
    stored = json.loads((cookbook / "cookbook/00-make/make.ipynb").read_text())
    assert "papermill" not in stored["metadata"]
    assert all(
        "papermill" not in c["metadata"] and "execution" not in c["metadata"]
        for c in stored["cells"]
    )
    assert [c["execution_count"] for c in stored["cells"]] == [1, 2]
    assert "".join(stored["cells"][1]["outputs"][0]["text"]) == "made 4\n"
    assert not any("injected-parameters" in c["metadata"].get("tags", []) for c in stored["cells"])


def test_in_place_refuses_other_profiles(cookbook):
    with pytest.raises(pipeline.PipelineError, match="default \\(cpu\\) profile"):
        pipeline.run(profile="big", in_place=True, say=lambda _: None)


def test_command_line_reports_failure_with_exit_code(cookbook):
    result = subprocess.run(
        [sys.executable, "-m", "cookkit", "run", "--stages", "nope"],
        capture_output=True,
        text=True,
        cwd=cookbook,
    )
    assert result.returncode == 1
    assert "error: unknown stage(s) nope" in result.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "cookkit", "list"], capture_output=True, text=True, cwd=cookbook
    )
    assert "cookbook/01-use/use.ipynb" in listing.stdout and "cpu, big" in listing.stdout
