"""Tracing a release or a stage folder back to its sources, hash by hash (``cookkit trace``).

A release carries a MANIFEST (each file's sha256 and the stage file it copies) and the run records
of the stages that made it (under ``provenance/``); every run record lists the files its stage
wrote and the files it read, with their hashes. ``trace`` checks a release from the folder alone:
each file against the MANIFEST, each copied file against the record of the stage that wrote it,
then each run's inputs against the record of the run that wrote them, up to the inputs no stage
wrote (an installed package, a hub model): the roots of the chain. Inside a stage folder on the
machine that ran the chain it does the same from the stage folders' own records, hashing every
file where it lies. Each comparison is a ``Check``: one file, two hashes that must be equal. The
share recipe explains the walk and runs it on its release; the MANIFEST itself is written there
(``cookkit.provenance``). ``runs_behind`` walks the same records without comparing anything: it
finds every run a set of stage folders depends on, which the share recipe releases the records of.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cookkit import paths
from cookkit.provenance import MANIFEST_FILE, read_manifest
from cookkit.records import RECORD_FILE, sha256_of

Run = tuple[str, dict[str, Any], Path]
"""A run of the chain: its stage, its run record, and the record's file."""


@dataclass(frozen=True)
class Check:
    """One file whose sha256 ``who`` recorded (``expected``) and ``against`` has (``found``).

    ``who`` is "release" (its MANIFEST) or a stage (its run record); ``against`` is "file" (the
    file itself, hashed now) or the stage whose run record lists the file.
    """

    who: str
    against: str
    file: str
    expected: str
    found: str

    @property
    def ok(self):
        return self.expected == self.found

    def problem(self):
        """Return what differs, naming the file and both hashes in full."""
        said = "the MANIFEST" if self.who == "release" else f"{self.who}'s run record"
        has = "the file" if self.against == "file" else f"{self.against}'s run record"
        return f"MISMATCH {self.file}: {said} says {self.expected}, {has} has {self.found}"


@dataclass
class Trace:
    """What a trace found: every check, the hops between runs, and the outside sources (roots)."""

    checks: list = field(default_factory=list)
    hops: list = field(default_factory=list)  # (upstream, downstream), in the order walked
    roots: dict = field(default_factory=dict)  # outside source -> the run that read it

    @property
    def ok(self):
        return bool(self.checks) and all(c.ok for c in self.checks)

    def report(self):
        """Return the checks summed up per hop, every mismatch in full, and the roots."""
        lines = []
        for who, against in dict.fromkeys((c.who, c.against) for c in self.checks):
            group = [c for c in self.checks if (c.who, c.against) == (who, against)]
            same = sum(c.ok for c in group)
            link = f"{who} = its files" if against == "file" else f"{who} <- {against}"
            lines.append(f"{link:26} {same} of {len(group)} hashes equal")
        lines += [f"{run:26} read {root} (outside the chain)" for root, run in self.roots.items()]
        lines += [c.problem() for c in self.checks if not c.ok]
        bad = sum(not c.ok for c in self.checks)
        verdict = "verified" if self.ok else f"BROKEN: {bad} of {len(self.checks)} differ"
        return "\n".join(lines + [f"chain {verdict}"])


def listing_record(path: str) -> Run | None:
    """Return ``(stage, record, record_file)`` for the stage folder whose run record lists ``path``
    (a path as run records write them) among its files, or is ``path``; None for a file that no
    stage of this machine wrote.
    """
    where = paths.resolve(path)
    for folder in where.parents:
        record_file = folder / RECORD_FILE
        if record_file.is_file():
            record = json.loads(record_file.read_text())
            own = paths.shown(record_file)
            listed = path in record.get("files", {}) or path == own
            return (folder.name, record, record_file) if listed else None
        if folder == paths.artifacts_root():
            return None
    return None


def runs_behind(folders: Iterable[str | Path]) -> dict[str, Run]:
    """Return every run the stage ``folders`` depend on, themselves included, by stage, in the
    order a breadth-first walk reaches them: from each folder's run record, each input with a path
    leads to the run whose record lists that file, until inputs that no stage wrote.
    """
    chain: dict[str, Run] = {}
    queue = [paths.shown(paths.resolve(folder) / RECORD_FILE) for folder in folders]
    while queue:
        found = listing_record(queue.pop(0))
        if found and found[0] not in chain:
            chain[found[0]] = found
            queue += [e["path"] for e in found[1]["inputs"].values() if e.get("path")]
    return chain


def root_name(name, entry):
    """Return how an input from outside the chain is named: its package, source or model."""
    for key in ("package", "source", "model"):
        if entry.get(key):
            return str(entry[key])
    return entry.get("path", name)


def files_checks(who, files):
    """Return a check of each file a run record lists against the file where it lies now."""
    checks = []
    for name, entry in files.items():
        where = paths.resolve(name)
        found = sha256_of(where) if where.is_file() else "missing"
        checks.append(Check(who, "file", name, entry["sha256"], found))
    return checks


def follow_inputs(trace, who, inputs, find, on_disk):
    """Walk up the chain from the ``inputs`` of run ``who``, adding each hop's checks to ``trace``.

    ``find(path)`` returns ``(stage, record, record_file)`` for the run that wrote ``path``, or None
    for an outside source. With ``on_disk``, each reached run's files are hashed where they lie.
    """
    queue, seen = [(who, inputs)], set()
    while queue:
        who, inputs = queue.pop(0)
        for name, entry in inputs.items():
            path, expected = entry.get("path"), entry.get("sha256")
            found = find(path) if path and expected else None
            if found is None:
                trace.roots.setdefault(root_name(name, entry), who)
                continue
            stage, upstream, record_file = found
            listed = upstream.get("files", {}).get(path, {}).get("sha256")
            trace.checks.append(Check(who, stage, path, expected, listed or sha256_of(record_file)))
            if (stage, who) not in trace.hops:
                trace.hops.append((stage, who))
            if stage not in seen:
                seen.add(stage)
                if on_disk:
                    trace.checks += files_checks(stage, upstream.get("files", {}))
                queue.append((stage, upstream.get("inputs", {})))


def is_within(name, inside):
    """Return whether the relative path ``name`` is ``inside`` or under it (anything, if None)."""
    return inside is None or name == inside or name.startswith(f"{inside}/")


def release_trace(release, inside=None):
    """Return the trace of a release folder (or of its file or subfolder ``inside``): each file
    against the MANIFEST, a file it lacks or does not list included, then the chain through the
    run records in its ``provenance/`` folder, without reading anything outside the release.
    """
    release = Path(release)
    manifest = read_manifest(release)
    present = {f.relative_to(release).as_posix() for f in release.rglob("*") if f.is_file()}
    names = sorted((set(manifest) | present) - {MANIFEST_FILE})
    trace = Trace()
    for name in [n for n in names if is_within(n, inside)]:
        expected = manifest[name]["sha256"] if name in manifest else "(not listed)"
        found = sha256_of(release / name) if name in present else "missing"
        trace.checks.append(Check("release", "file", name, expected, found))
    runs = {}
    for record_file in sorted(release.glob(f"provenance/*/{RECORD_FILE}")):
        record = json.loads(record_file.read_text())
        for listed in [*record.get("files", {}), record["artifacts"]["run_record"]]:
            runs[listed] = (record_file.parent.name, record, record_file)
    copies = {
        n: {"path": e["source"], "sha256": e["sha256"]}
        for n, e in manifest.items()
        if e["source"] != "-" and is_within(n, inside)
    }
    follow_inputs(trace, "release", copies, runs.get, on_disk=False)
    return trace


def stage_trace(folder, inside=None):
    """Return the trace of a stage folder (or of its file or subfolder ``inside``, a path as run
    records write them) on the machine that ran the chain: its files against its run record,
    then every upstream run's, hashed where they lie.
    """
    stage, record_file = Path(folder).name, Path(folder) / RECORD_FILE
    record = json.loads(record_file.read_text())
    if "files" not in record:
        raise ValueError(
            f"{paths.shown(record_file)} lists no files (written before run records hashed "
            f"their artifacts): run the {stage} stage again"
        )
    files = {n: e for n, e in record["files"].items() if is_within(n, inside)}
    trace = Trace(checks=files_checks(stage, files))
    if inside is not None and not files:  # not an artifact of the stage: nothing to trace it by
        where = paths.resolve(inside)
        found = sha256_of(where) if where.is_file() else "a folder of unlisted files"
        trace.checks.append(Check(stage, "file", inside, "(not listed)", found))
    follow_inputs(trace, stage, record.get("inputs", {}), listing_record, on_disk=True)
    return trace


def trace(target):
    """Return the trace of a file or folder: inside a release (a folder with a MANIFEST) from the
    release alone, inside a stage folder (with a run record) from this machine's run records.
    """
    target = paths.resolve(target)
    if not target.exists():
        raise FileNotFoundError(f"{paths.shown(target)} does not exist")
    for folder in [target, *target.parents] if target.is_dir() else target.parents:
        if (folder / MANIFEST_FILE).is_file():
            inside = None if folder == target else target.relative_to(folder).as_posix()
            return release_trace(folder, inside)
        if (folder / RECORD_FILE).is_file():
            return stage_trace(folder, None if folder == target else paths.shown(target))
    raise FileNotFoundError(
        f"{paths.shown(target)} is in no release (a folder with a {MANIFEST_FILE}) and no stage "
        f"folder (with a {RECORD_FILE}): point trace at one"
    )
