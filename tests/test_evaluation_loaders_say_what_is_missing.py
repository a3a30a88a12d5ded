"""The evaluation tasks' data loaders name the missing file and the command that writes it.

lm-eval calls the loaders deep inside a run; without a clear message, a reader who runs a task from
the command line before the recipe has written its data gets a bare traceback from `datasets`.
"""

import importlib.util
import json

import pytest

from conftest import ROOT

SPEC = importlib.util.spec_from_file_location(
    "loaders", ROOT / "cookbook" / "06-evaluate" / "tasks" / "loaders.py"
)
loaders = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(loaders)


def test_a_missing_data_file_is_named_with_its_fix(tmp_path):
    with pytest.raises(FileNotFoundError) as failure:
        loaders.date_skill(data_dir=str(tmp_path))
    assert "date_skill.jsonl" in str(failure.value), failure.value
    assert "python -m cookkit run --stages evaluate" in str(failure.value), failure.value


def test_no_data_folder_says_how_to_pass_one():
    with pytest.raises(ValueError, match="data_dir"):
        loaders.prose()


def test_rows_are_read_as_written_text(tmp_path):
    (tmp_path / "date_skill.jsonl").write_text(
        json.dumps({"question": "q", "answer": "2021-03-05"})
    )
    rows = loaders.date_skill(data_dir=str(tmp_path))["test"]
    assert rows[0]["answer"] == "2021-03-05", "a date became something other than its text"
