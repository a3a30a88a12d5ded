"""`python -m cookkit verify` reruns recipes and fails, naming the metric, when one leaves its
tolerance.

It is how a reader checks that they reproduced a recipe. These run a one-recipe cookbook whose
stored run record is then edited by hand: a verify that still passed would call any run a
reproduction.
"""

import json
import os
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cookkit import pipeline, verify
from cookkit.recipes import recipes

from toy_recipes import toy_cookbook

PARAMETERS = 'profile: str = "cpu"  # where artifacts go\ncount: int = 4  # how many numbers'
BODY = """
import time
from cookkit.recipes import start_run
record = start_run(globals())
"""
RECORD = """
started = time.perf_counter()
total = sum(range(count))
seconds = time.perf_counter() - started + 1
record.metrics.update(total=total, nested={"half": total / 2}, seconds=seconds)
record.tolerances.update(seconds="×1000")
print(record.finish())
"""


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    toy_cookbook(tmp_path, monkeypatch)
    cells = [new_code_cell(PARAMETERS), new_code_cell(BODY), new_code_cell(RECORD)]
    cells[0].metadata["tags"] = ["parameters"]
    cells[2].metadata["tags"] = ["run-record"]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "cookbook/00-count/count.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, path)
    pipeline.run(in_place=True, say=lambda _: None)  # store a real run, as the cookbook does
    return path


def edit_stored_total(path, value):
    data = json.loads(path.read_text())
    cell = data["cells"][2]
    record = json.loads("".join(cell["outputs"][0]["text"]))
    record["metrics"]["total"] = value
    cell["outputs"][0]["text"] = json.dumps(record, indent=2) + "\n"
    path.write_text(json.dumps(data))


def test_the_stored_run_record_is_read_from_the_notebook(cookbook):
    stored = verify.stored_record(recipes()[0])
    assert stored["recipe"] == "00-count/count" and stored["metrics"]["total"] == 6


@pytest.mark.slow
def test_a_fresh_run_reproduces_the_stored_one(cookbook):
    rows = verify.verify(say=lambda _: None)
    assert {r.metric: r.ok for r in rows} == {"total": True, "nested.half": True, "seconds": True}
    table = verify.table(rows)
    assert table.splitlines()[0].split() == [
        "stage",
        "metric",
        "stored",
        "fresh",
        "drift",
        "tolerance",
        "verdict",
    ]
    assert "×1000" in table


@pytest.mark.slow
def test_other_cpu_computes_with_portable_kernels_then_restores_the_environment(
    cookbook, monkeypatch
):
    """Without the variables in the kernel, `--other-cpu` would re-run on this CPU's own floats."""
    for name in verify.OTHER_CPU:
        monkeypatch.delenv(name, raising=False)
    rows = verify.verify(say=lambda _: None, other_cpu=True)
    fresh = json.loads((cookbook.parents[2] / "artifacts/cpu/count/run-record.json").read_text())
    assert fresh["environment"]["numerics"] == verify.OTHER_CPU
    assert not set(verify.OTHER_CPU) & set(os.environ), "verify left its variables set"
    assert all(r.ok for r in rows)


def test_drift_says_how_far_a_fresh_value_moved():
    moved = verify.Comparison("s", "m", 2.0, 2.5, "±1", True)
    assert moved.drift == "0.5 (25.00%)"
    assert verify.Comparison("s", "m", "a", "b", "exact", False).drift == "differs"


def test_a_hand_edited_metric_fails_by_name(cookbook):
    edit_stored_total(cookbook, 7)
    done = subprocess.run(
        [sys.executable, "-m", "cookkit", "verify", "--no-execute"],
        capture_output=True,
        text=True,
        cwd=cookbook.parents[2],
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not reproduced (1): count: total" in done.stderr
    assert "FAIL" in done.stdout and "nested.half" in done.stdout


def test_a_stage_never_run_is_reported(cookbook):
    (cookbook.parents[2] / "artifacts/cpu/count/run-record.json").unlink()
    with pytest.raises(pipeline.PipelineError, match="no fresh run record"):
        verify.verify(execute=False)
