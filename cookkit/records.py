"""Run records: the JSON file each recipe writes beside its artifacts.

A run record says what ran (recipe, profile, parameters), what came in
(inputs with sha256), what came out (artifacts, relative paths), what it
measured (metrics), on what (environment) and for how long. The next stage
reads it; a reader compares it with their own run.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cookkit import paths

RECORD_FILE = "run-record.json"
ENVIRONMENT_PACKAGES = ("torch", "transformers", "peft", "trl", "datasets", "accelerate")


def sha256_of(path: Path | str) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def environment(device: str = "cpu") -> dict[str, Any]:
    """Return the software and hardware a run used: Python, key package versions, device, CPU count, threads."""
    env: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(terse=True)}
    for package in ENVIRONMENT_PACKAGES:
        try:
            env[package] = version(package)
        except PackageNotFoundError:
            env[package] = None
    env["device"] = str(device)
    env["cpu_count"] = os.cpu_count()
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        env["torch_threads"] = torch.get_num_threads()
        if str(device).startswith("cuda") and torch.cuda.is_available():
            env["gpu"] = torch.cuda.get_device_name(0)
    return env


@dataclass
class RunRecord:
    """What one execution of a recipe did; ``finish`` writes it as ``run-record.json``."""

    recipe: str
    profile: str
    parameters: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    artifacts: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    environment: dict[str, Any] = field(default_factory=dict)
    duration_s: float | None = None
    started: float = field(default_factory=time.perf_counter, repr=False)

    def add_artifact(self, name: str, path: Path | str) -> str:
        """Record an output file or folder under ``name``; return its relative path."""
        self.artifacts[name] = paths.shown(path)
        return self.artifacts[name]

    def add_input(self, name: str, path: Path | str | None = None, **provenance: Any) -> None:
        """Record an input: a file (hashed here) and/or provenance such as a model's sha256 or revision."""
        entry = dict(provenance)
        if path is not None:
            entry["path"] = paths.shown(path)
            if Path(path).is_file():
                entry["sha256"] = sha256_of(path)
        self.inputs[name] = entry

    def as_dict(self) -> dict[str, Any]:
        """Return the record as the JSON-ready dictionary that is written and printed."""
        data = asdict(self)
        data.pop("started")
        return data

    def finish(self, folder: Path | str, device: str = "cpu") -> str:
        """Stamp duration and environment, write ``folder/run-record.json``, and return the JSON text."""
        self.duration_s = round(time.perf_counter() - self.started, 1)
        self.environment = environment(device)
        target = Path(folder) / RECORD_FILE
        self.artifacts.setdefault("run_record", paths.shown(target))
        text = json.dumps(self.as_dict(), indent=2, sort_keys=False, default=str)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n")
        return text


def read_run_record(folder: Path | str) -> dict[str, Any]:
    """Return the run record a stage wrote into ``folder``, or raise ``FileNotFoundError`` saying which stage to run."""
    target = paths.resolve(folder) / RECORD_FILE
    if not target.is_file():
        raise FileNotFoundError(
            f"no {RECORD_FILE} in {paths.shown(target.parent)}: run the stage that writes it first "
            f"(python -m cookkit run --stages <stage>)"
        )
    return json.loads(target.read_text())
