"""Each lm-eval task file of the evaluation recipe defines the task its file is named after.

The recipe lists its tasks by file name and asks the harness for them by task name; a file whose
`task:` says something else (a typo) is invisible to the harness, and a reader asking for it gets
"task not found" with no hint of which file is wrong.
"""

from lm_eval.tasks import TaskManager
from lm_eval.tasks._yaml_loader import load_yaml

from conftest import ROOT

TASKS = ROOT / "cookbook" / "06-evaluate" / "tasks"


def test_every_task_file_defines_its_own_name():
    files = sorted(TASKS.glob("*.yaml"))
    assert files, f"no task files in {TASKS.relative_to(ROOT)}"
    known = TaskManager(include_path=str(TASKS)).all_tasks
    for file in files:
        defined = load_yaml(file).get("task")
        assert defined == file.stem, (
            f"{file.name} defines task {defined!r}: write `task: {file.stem}`"
        )
        assert file.stem in known, f"lm-eval does not find the task of {file.name}"
