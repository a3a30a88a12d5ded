"""A broken task file stops the evaluation recipe before it writes anything, naming the file and
the fix.

Task files are where readers add their own evaluations. Without this check a YAML typo surfaces as
a harness traceback, or silently as a task that is never run.
"""

import shutil

import papermill
import pytest

from cookkit import paths

from conftest import ROOT, execute_recipe

pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "cookbook" / "06-evaluate" / "evaluate-with-lm-eval.ipynb"
PROFILE = "pytest-bad-task"
BREAKAGES = {
    "a misspelt task name": ("task: date_skill", "task: date_skil"),
    "invalid YAML": ("test_split: test", "test_split: [test"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_broken_task_file_is_named_with_its_fix(tmp_path, breakage):
    folder = shutil.copytree(NOTEBOOK.parent / "tasks", tmp_path / "tasks")
    file = folder / "date_skill.yaml"
    before, after = BREAKAGES[breakage]
    file.write_text(file.read_text().replace(before, after))
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        execute_recipe(
            NOTEBOOK, tmp_path / "out.ipynb", {"profile": PROFILE, "task_folder": str(folder)}
        )
    error = failure.value
    assert error.ename == "ParameterError", f"expected a ParameterError, got {error.ename}"
    assert "date_skill.yaml" in error.evalue and "Fix:" in error.evalue, error.evalue
    assert not (paths.artifacts_root() / PROFILE).exists(), "a run stopped by a check wrote files"
