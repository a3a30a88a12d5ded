"""A parameter passed through papermill changes the run, and the run record says so.

If the parameters cell were not tagged, or the record were built from hard-coded values, a reader's
run with other parameters would silently run the defaults and report them as theirs.
"""

import json
import shutil

import pytest

from cookkit import paths

from conftest import ROOT, execute_recipe

pytestmark = pytest.mark.slow

RECIPE = ROOT / "cookbook" / "00-start" / "meet-the-model.ipynb"
PROFILE = "pytest-params"


@pytest.fixture
def own_profile():
    yield PROFILE
    shutil.rmtree(paths.artifacts_root() / PROFILE, ignore_errors=True)


def test_changed_parameters_reach_the_run_record(tmp_path, own_profile):
    default_record = paths.artifacts_root() / "cpu" / "start" / "run-record.json"
    before = default_record.read_bytes() if default_record.exists() else None

    execute_recipe(
        RECIPE,
        tmp_path / "out.ipynb",
        {
            "profile": own_profile,
            "max_new_tokens": 8,
            "speed_runs": 1,
            "sample_text": "Hello, cookbook!",
        },
    )

    record = json.loads(
        (paths.artifacts_root() / own_profile / "start" / "run-record.json").read_text()
    )
    assert record["profile"] == own_profile
    assert record["parameters"]["max_new_tokens"] == 8
    assert record["parameters"]["sample_text"] == "Hello, cookbook!"
    assert record["metrics"]["prompt_tokens_sample"] < 10, (
        "the tokenized sentence should be the new, shorter one"
    )
    assert record["artifacts"]["answers"] == f"artifacts/{own_profile}/start/answers.json"
    after = default_record.read_bytes() if default_record.exists() else None
    assert after == before, "a run with another profile rewrote the cpu profile's run record"
