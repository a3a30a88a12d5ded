"""Run records: the JSON file each recipe writes beside its artifacts.

A run record says what ran (recipe, profile, parameters), what came in (inputs with sha256),
what came out (artifacts, relative paths, and each of their files with its size and sha256, so
that ``python -m cookkit trace`` can match the next stage's inputs to them), what it measured
(metrics, with the tolerance a fresh run must meet), on what (environment, CPU included) and for
how long. The next stage reads it; a reader compares it with their own run
(``python -m cookkit verify``).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cookkit import paths
from cookkit.tolerances import Tolerance, flat_metrics

RECORD_FILE = "run-record.json"
# Variables that change which kernels compute a float, and so its last bits.
NUMERICS_ENV = (
    "ATEN_CPU_CAPABILITY",
    "MKL_CBWR",
    "ONEDNN_MAX_CPU_ISA",
    "OMP_NUM_THREADS",
    "COOKBOOK_THREADS",
)
ENVIRONMENT_PACKAGES = (
    "torch",
    "transformers",
    "peft",
    "trl",
    "datasets",
    "accelerate",
    "torchao",
    "gguf",
    "xllamacpp",
    "lm_eval",
)


def sha256_of(path: Path | str) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(path: Path | str) -> dict[Path, dict[str, Any]]:
    """Return the file at ``path``, or every file under the folder ``path`` (sorted), each with its
    size in bytes and its sha256.
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(f for f in path.rglob("*") if f.is_file())
    return {f: {"bytes": f.stat().st_size, "sha256": sha256_of(f)} for f in files}


def cpu_description() -> dict[str, Any]:
    """Return the CPU's model name, torch's vector capability (AVX2, AVX512, ...) and whether it has
    AMX.

    Machines of one kind differ: a speed means little without the CPU that gave it.
    """
    model, flags = "", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and not model:
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = value
    except OSError:
        pass
    cpu: dict[str, Any] = {"model": model or platform.processor() or platform.machine()}
    torch = sys.modules.get("torch")
    if torch is not None:
        cpu["capability"] = torch.backends.cpu.get_cpu_capability()
    if flags:
        cpu["amx"] = "amx_bf16" in flags.split()
    return cpu


def environment(device: str = "cpu") -> dict[str, Any]:
    """Return the software and hardware a run used: Python, key package versions, device, CPU,
    threads.
    """
    env: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    for package in ENVIRONMENT_PACKAGES:
        try:
            env[package] = version(package)
        except PackageNotFoundError:
            env[package] = None
    env["device"] = str(device)
    env["cpu_count"] = os.cpu_count()
    env["cpu"] = cpu_description()
    numerics = {name: os.environ[name] for name in NUMERICS_ENV if name in os.environ}
    if numerics:  # set by hand or by `verify --other-cpu`: they change float results
        env["numerics"] = numerics
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        env["torch_threads"] = torch.get_num_threads()
        if str(device).startswith("cuda") and torch.cuda.is_available():
            env["gpu"] = torch.cuda.get_device_name(0)
    return env


@dataclass
class RunRecord:
    """What one execution of a recipe did; ``finish`` writes it as ``run-record.json`` in its stage
    folder.
    """

    recipe: str
    profile: str
    parameters: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    tolerances: dict[str, str] = field(default_factory=dict)
    artifacts: dict[str, str] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    environment: dict[str, Any] = field(default_factory=dict)
    duration_s: float | None = None
    finished_at: str | None = None
    folder: Path | None = field(default=None, repr=False)
    started: float = field(default_factory=time.perf_counter, repr=False)
    unhashed: set[str] = field(default_factory=set, repr=False)

    @property
    def stage_dir(self) -> Path:
        """Return the stage's artifact folder, creating it on first use (so a failed check leaves
        nothing behind).
        """
        if self.folder is None:
            raise ValueError("this record was made without a stage folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder

    def summary(self) -> str:
        """Return one line saying which recipe and profile run, and where its artifacts go."""
        where = paths.shown(self.folder) if self.folder is not None else "nowhere yet"
        checked = len(self.parameters) + 1
        return (
            f"{self.recipe} ({self.profile}): {checked} parameters checked; artifacts go to {where}"
        )

    def add_artifact(self, name: str, path: Path | str, hashed: bool = True) -> str:
        """Record an output file or folder under ``name``; return its relative path.

        ``finish`` lists every file of a hashed artifact with its size and sha256; pass
        ``hashed=False`` for logs and intermediate checkpoints that no later stage reads.
        """
        self.artifacts[name] = paths.shown(path)
        if hashed:
            self.unhashed.discard(name)
        else:
            self.unhashed.add(name)
        return self.artifacts[name]

    def artifact_files(self) -> dict[str, dict[str, Any]]:
        """Return each file of the hashed artifacts, by relative path, with its size and sha256."""
        found: dict[str, dict[str, Any]] = {}
        for name, shown_path in self.artifacts.items():
            where = paths.resolve(shown_path)
            if name in self.unhashed or name == "run_record" or not where.exists():
                continue
            found.update({paths.shown(f): entry for f, entry in file_hashes(where).items()})
        return dict(sorted(found.items()))

    def add_input(self, name: str, path: Path | str | None = None, **provenance: Any) -> None:
        """Record an input: a file (hashed here) and/or provenance such as a model's sha256 or
        revision.
        """
        entry = dict(provenance)
        if path is not None:
            entry["path"] = paths.shown(path)
            if Path(path).is_file():
                entry["sha256"] = sha256_of(path)
        self.inputs[name] = entry

    def as_dict(self) -> dict[str, Any]:
        """Return the record as the JSON-ready dictionary that is written and printed."""
        return {
            "recipe": self.recipe,
            "profile": self.profile,
            "parameters": self.parameters,
            "metrics": self.metrics,
            "tolerances": self.tolerances,
            "artifacts": self.artifacts,
            "files": self.files,
            "inputs": self.inputs,
            "environment": self.environment,
            "duration_s": self.duration_s,
            "finished_at": self.finished_at,
        }

    def finish(self, device: str = "cpu", folder: Path | str | None = None) -> str:
        """Stamp duration, finishing time (UTC) and environment, write ``run-record.json`` in the
        stage folder, and return the JSON text.

        Every declared tolerance must parse and name a metric (or a group of metrics) the record
        holds.
        """
        names = flat_metrics(self.metrics)
        for metric, spec in self.tolerances.items():
            Tolerance(spec)
            if metric not in names and not any(n.startswith(f"{metric}.") for n in names):
                raise ValueError(
                    f"a tolerance is declared for {metric!r}, which is not among the metrics"
                )
        folder = folder if folder is not None else self.stage_dir
        self.duration_s = round(time.perf_counter() - self.started, 1)
        self.finished_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.environment = environment(device)
        target = Path(folder) / RECORD_FILE
        self.artifacts.setdefault("run_record", paths.shown(target))
        self.files = self.artifact_files()
        text = json.dumps(self.as_dict(), indent=2, default=str, ensure_ascii=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n")
        return text


def read_run_record(folder: Path | str) -> dict[str, Any]:
    """Return the run record a stage wrote into ``folder``, or raise ``FileNotFoundError`` saying
    which stage to run.
    """
    target = paths.resolve(folder) / RECORD_FILE
    if not target.is_file():
        raise FileNotFoundError(
            f"no {RECORD_FILE} in {paths.shown(target.parent)}: run the stage that writes it first "
            f"(python -m cookkit run --stages <stage>)"
        )
    return json.loads(target.read_text())


def optional_run_record(folder: Path | str | None) -> dict[str, Any] | None:
    """Return the run record in ``folder``, or None when ``folder`` is empty or holds none: an
    optional upstream stage that was skipped or has not run.
    """
    if not folder or not (paths.resolve(folder) / RECORD_FILE).is_file():
        return None
    return read_run_record(folder)
