"""cookkit.trace's walk over run records: which run wrote a file, and every run a set of stage
folders depends on.

The share recipe releases the run record of each run it finds this way, and the trace command
follows the same lookup. Without these checks a release would miss the record of a run two hops
up (the corpus's, behind the pretrained model), a file that a stage left beside its record but never
listed would pass as that stage's output, and a run reached twice would be released twice.
"""

import pytest

from cookkit import paths
from cookkit.records import RECORD_FILE, RunRecord
from cookkit.trace import listing_record, runs_behind


@pytest.fixture
def chain(tmp_path, monkeypatch):
    """data -> pretrain -> quantize, and data -> finetune -> quantize: a run reached twice."""
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)

    def run(stage, reads=(), package=None):
        folder = paths.stage_dir("cpu", stage)
        (folder / f"{stage}.bin").write_bytes(stage.encode() * 100)
        made = RunRecord(recipe=f"0-{stage}/r", profile="cpu", parameters={}, folder=folder)
        if package:
            made.add_input("corpus", package=package, sha256="ab" * 32)
        for upstream in reads:
            made.add_input(upstream, tmp_path / f"artifacts/cpu/{upstream}/{upstream}.bin")
        made.add_artifact(stage, folder / f"{stage}.bin")
        made.finish()

    run("data", package="toy-corpus==1.0")
    run("pretrain", ["data"])
    run("finetune", ["data"])
    run("quantize", ["pretrain", "finetune"])
    return tmp_path


def test_a_listed_file_leads_to_the_run_that_wrote_it(chain):
    """Without this, the walk could not go from an input to the run that made it."""
    stage, record, record_file = listing_record("artifacts/cpu/pretrain/pretrain.bin")
    assert stage == "pretrain" and record["recipe"] == "0-pretrain/r"
    assert record_file == chain / "artifacts/cpu/pretrain" / RECORD_FILE
    assert listing_record(f"artifacts/cpu/pretrain/{RECORD_FILE}")[0] == "pretrain", (
        "a run record is its own stage's file"
    )


def test_a_file_no_record_lists_leads_nowhere(chain):
    """Without this, a file left beside a run record after the run would pass as its output."""
    (chain / "artifacts/cpu/pretrain/notes.txt").write_text("written later\n")
    assert listing_record("artifacts/cpu/pretrain/notes.txt") is None
    assert listing_record("elsewhere/model.bin") is None, "a file outside artifacts/ has no run"


def test_runs_behind_reaches_every_upstream_run_once_breadth_first(chain):
    """Without this, a release would miss the record of a run two hops up, or hold one twice."""
    runs = runs_behind(["artifacts/cpu/quantize"])
    assert list(runs) == ["quantize", "pretrain", "finetune", "data"], list(runs)
    assert all(stage == found[0] for stage, found in runs.items())


def test_runs_behind_starts_from_each_folder_given(chain):
    """Without this, a folder the walk cannot reach from another (the evaluate stage's, which no
    stage reads) would be left out of the release.
    """
    assert list(runs_behind(["artifacts/cpu/finetune", "artifacts/cpu/pretrain"])) == [
        "finetune",
        "pretrain",
        "data",
    ]
