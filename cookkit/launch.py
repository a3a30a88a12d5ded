"""Running a recipe's training script as separate processes, resumable from its checkpoints.

The pretraining recipe writes its training loop to a script and runs it with ``python``,
``accelerate launch`` or ``torchrun``. ``TrainingRun`` keeps the bookkeeping out of the
notebook: which launcher command to use, whether an earlier interrupted run with the same
settings can be resumed, clearing what a finished or different run left, and reading what each
process reports. The script's side of the contract: it reads the settings file named by its
first argument, stops at the step given as its optional second argument, writes checkpoints to
``checkpoints/``, appends one JSON line per process run to ``segments.jsonl``, saves the
finished model to ``model/``, and prints its segment as the last line of its output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LAUNCHERS = ("python", "accelerate", "torchrun")

RESUME_IGNORES = frozenset(
    {"threads", "interrupt_at", "resume", "launch", "num_processes", "device"}
)
"""Settings that change how a run executes, not what it computes: a resumed run may change them."""


def launcher_command(launch: str, processes: int) -> list[str]:
    """Return the command that starts a script with ``launch`` in ``processes`` data-parallel
    processes.
    """
    if launch == "python":
        return [sys.executable]
    if launch == "accelerate":
        several = ["--multi_gpu"] if processes > 1 else []
        return [
            sys.executable,
            "-m",
            "accelerate.commands.launch",
            "--num_processes",
            str(processes),
            *several,
        ]
    if launch == "torchrun":
        return [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node",
            str(processes),
        ]
    raise ValueError(f"unknown launcher {launch!r}: use one of {', '.join(LAUNCHERS)}")


def last_checkpoint_step(checkpoints: Path) -> int:
    """Return the step of the newest checkpoint in ``checkpoints`` (transformers' naming), or 0."""
    from transformers.trainer_utils import get_last_checkpoint

    newest = get_last_checkpoint(str(checkpoints)) if checkpoints.is_dir() else None
    return int(newest.rsplit("-", 1)[1]) if newest else 0


@dataclass
class TrainingRun:
    """A training script in a stage folder, the settings it reads, and how it is launched."""

    script: Path
    settings: dict[str, Any]
    launch: str = "python"
    processes: int = 1

    @property
    def command(self) -> list[str]:
        return launcher_command(self.launch, self.processes)

    @property
    def stage_dir(self) -> Path:
        return self.script.parent

    @property
    def checkpoints(self) -> Path:
        return self.stage_dir / "checkpoints"

    @property
    def settings_file(self) -> Path:
        return self.stage_dir / "train-settings.json"

    def prepare(self, resume: bool) -> int:
        """Write the settings file and return the step training continues from (0 for a fresh
        start).

        An earlier run resumes when ``resume`` is on, it stopped before ``max_steps``, and its
        settings match (apart from ``RESUME_IGNORES``); otherwise its checkpoints, model and log are
        cleared, in this stage folder only.
        """
        identity = {k: v for k, v in self.settings.items() if k not in RESUME_IGNORES}
        key_file = self.checkpoints / "run-settings.json"
        earlier = last_checkpoint_step(self.checkpoints)
        same = key_file.is_file() and json.loads(key_file.read_text()) == identity
        if not (resume and same and 0 < earlier < self.settings["max_steps"]):
            shutil.rmtree(self.checkpoints, ignore_errors=True)
            shutil.rmtree(self.stage_dir / "model", ignore_errors=True)
            (self.stage_dir / "segments.jsonl").unlink(missing_ok=True)
            earlier = 0
        self.checkpoints.mkdir(parents=True, exist_ok=True)
        key_file.write_text(json.dumps(identity, indent=1, default=str))
        self.settings_file.write_text(json.dumps(self.settings, indent=1, default=str))
        return earlier

    def train(self, stop_at: int = 0) -> dict[str, Any]:
        """Run the script to ``stop_at`` (0: to the end) and return the segment it reports."""
        extra = [str(stop_at)] if stop_at else []
        done = subprocess.run(
            [*self.command, str(self.script), str(self.settings_file), *extra],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the training script failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def segments(self) -> list[dict[str, Any]]:
        """Return what every process run of this training reported, in order."""
        log = self.stage_dir / "segments.jsonl"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.is_file() else []
