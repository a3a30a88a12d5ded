"""cookkit.launch: the training script's launcher command, and resuming only what can be resumed.

The pretraining recipe resumes an interrupted run on its next execution. Resuming a run with other
settings would silently mix two trainings; never resuming would throw away an hour of GPU time; a
wrong launcher command would run one process where the reader asked for several.
"""

import json
import sys

import pytest

from cookkit.launch import TrainingRun, last_checkpoint_step, launcher_command


def test_launcher_commands():
    assert launcher_command("python", 1) == [sys.executable]
    assert launcher_command("torchrun", 2)[-2:] == ["--nproc_per_node", "2"]
    assert launcher_command("accelerate", 4)[-3:] == ["--num_processes", "4", "--multi_gpu"]
    with pytest.raises(ValueError, match="python, accelerate, torchrun"):
        launcher_command("mpirun", 2)


def interrupted(stage, settings, step):
    run = TrainingRun(stage / "train.py", settings=settings)
    run.prepare(resume=True)
    (run.checkpoints / f"checkpoint-{step}").mkdir()
    (stage / "segments.jsonl").write_text(json.dumps({"from_step": 0, "to_step": step}) + "\n")
    return run


def test_an_interrupted_run_with_the_same_settings_resumes(tmp_path):
    interrupted(tmp_path, {"max_steps": 10, "lr": 0.1, "threads": 2}, 4)
    again = TrainingRun(tmp_path / "train.py", settings={"max_steps": 10, "lr": 0.1, "threads": 1})
    assert again.prepare(resume=True) == 4, "a change of threads alone should not restart training"
    assert [s["to_step"] for s in again.segments()] == [4]
    assert json.loads(again.settings_file.read_text())["threads"] == 1


@pytest.mark.parametrize(
    ("settings", "resume"),
    [({"max_steps": 10, "lr": 0.2}, True), ({"max_steps": 10, "lr": 0.1}, False)],
    ids=["other settings", "resume off"],
)
def test_other_settings_or_resume_off_start_over(tmp_path, settings, resume):
    interrupted(tmp_path, {"max_steps": 10, "lr": 0.1}, 4)
    again = TrainingRun(tmp_path / "train.py", settings=settings)
    assert again.prepare(resume=resume) == 0
    assert last_checkpoint_step(again.checkpoints) == 0 and again.segments() == []


def test_a_finished_run_starts_over(tmp_path):
    interrupted(tmp_path, {"max_steps": 10}, 10)
    assert TrainingRun(tmp_path / "train.py", settings={"max_steps": 10}).prepare(resume=True) == 0
