"""The released model as the book's "Try the model" page runs it in a reader's browser.

The page (``book/try.md``, written by ``book/_ext/cookbook_pages.py``) runs one GGUF file of the
share stage's release with wllama, llama.cpp compiled to WebAssembly. Which file is decided from
the records, never by name: of the release's GGUF files, the smallest whose skill the evaluate
stage scored at least the share stage's floor (``min_skill``). The file comes

- from the built site: ``site_model`` checks it against the release's MANIFEST and writes it
  beside the pages, in parts of llama.cpp's split format when it is larger than a static host
  takes (``PART_BYTES``);
- or, when the book is built without a release on disk but the stored share run pushed one
  (``push_to``), from that hub repository: ``hub_model``.

Either way the page gets each part's URL, size and sha256, and refuses a part whose hash differs.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from cookkit.date_task import date_example
from cookkit.paths import ARTIFACTS_ENV
from cookkit.provenance import read_manifest
from cookkit.records import RECORD_FILE, sha256_of

PART_BYTES = 50 * 2**20
"""The largest file the site carries: GitHub refuses files over 100 MiB and warns above 50 MiB."""
HUB_FILE = "https://huggingface.co/{repo}/resolve/main/{path}"
"""Where a hub repository serves a file of its main branch, with CORS headers a page may read."""
SKILL = ("date_skill", "exact_match")
"""The evaluate stage's task and metric that say whether a file kept the skill."""
SITE_FOLDER = "try-model"
"""The folder of the built site that holds the model's parts and wllama's files."""
WLLAMA_PACKAGE = Path("node_modules") / "@wllama" / "wllama"
"""Where ``npm ci`` (``make setup``) installs wllama, pinned in package.json and its lock file."""
WLLAMA_FILES = {"index.js": "esm/index.js", "wllama.wasm": "esm/wasm/wllama.wasm"}
"""The files of wllama the page loads, by their name on the site: the module and its WebAssembly."""
WLLAMA_LICENSE = {"LICENSE.txt": "LICENCE", "package.json": "package.json"}
"""Served beside them: wllama's MIT license, and its package file, which names the version."""


RELEASE_ENV = "COOKBOOK_RELEASE"
"""Environment variable naming the release folder the page runs (default: the cpu profile's)."""


def release_folder(root: Path) -> Path:
    """The release the page runs: ``$COOKBOOK_RELEASE``, else ``artifacts/cpu/share/release``
    under ``$COOKBOOK_ARTIFACTS`` or the project ``root``.
    """
    if os.environ.get(RELEASE_ENV):
        return Path(os.environ[RELEASE_ENV]).resolve()
    artifacts = Path(os.environ.get(ARTIFACTS_ENV) or Path(root) / "artifacts")
    return artifacts / "cpu" / "share" / "release"


def example_prompts() -> list[str]:
    """Questions the page offers: the skill, twice, and an everyday question it was not taught."""
    days = (datetime.date(2021, 3, 5), datetime.date(1789, 7, 14))
    skill = [date_example(day)["prompt"][0]["content"] for day in days]
    return [*skill, "What is the capital of France?"]


@dataclass(frozen=True)
class Part:
    """One file the browser downloads: its address, size and sha256."""

    url: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class BrowserModel:
    """The GGUF file the page runs, where it comes from, and why it is the one."""

    path: str  # in the release, e.g. "gguf/model-mix.gguf"
    method: str  # the quantize stage's name for it, e.g. "gguf-mix"
    bytes: int
    sha256: str  # the release MANIFEST's
    exact_match: float  # the evaluate stage's score of the skill
    floor: float  # the share stage's min_skill
    model_name: str
    origin: str  # "site", or the hub repository's address
    parts: tuple[Part, ...] = field(default=())

    def config(self) -> dict[str, Any]:
        """What the page's script reads: this, the example prompts, wllama's files."""
        return {**asdict(self), "examples": example_prompts(), "wllama": f"{SITE_FOLDER}/"}


def gguf_scores(
    files: dict[str, dict[str, Any]], quantized: dict[str, Any], evaluated: dict[str, Any]
) -> dict[str, tuple[str, float | None]]:
    """Each GGUF file of a release (``files``: path -> entry with ``bytes``) with the quantize
    stage's name for it and the skill evaluate scored for that name (``None`` if not scored).
    """
    by_name = {
        Path(p).name: method for method, p in quantized["artifacts"].items() if p.endswith(".gguf")
    }
    results = evaluated["metrics"]["results"]
    scores = {}
    for path in files:
        method = by_name.get(Path(path).name)
        if path.endswith(".gguf") and method:
            scores[path] = (method, results.get(method, {}).get(SKILL[0], {}).get(SKILL[1]))
    return scores


def smallest_skilled(
    files: dict[str, dict[str, Any]],
    quantized: dict[str, Any],
    evaluated: dict[str, Any],
    floor: float,
) -> tuple[str, str, float] | None:
    """The smallest GGUF file of ``files`` whose skill is scored ``floor`` or more, as (path,
    method, score); ``None`` when no file keeps the skill.
    """
    kept = [
        (files[path]["bytes"], path, method, score)
        for path, (method, score) in gguf_scores(files, quantized, evaluated).items()
        if score is not None and score >= floor
    ]
    if not kept:
        return None
    _, path, method, score = min(kept)
    return path, method, score


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())


def release_model(release: Path) -> BrowserModel | None:
    """The file the page runs from the release folder ``release`` (``artifacts/<profile>/share/
    release``), read from its MANIFEST, the quantize and evaluate records it carries and the share
    run's record beside it; ``None`` when no GGUF file of it keeps the skill.
    """
    release = Path(release)
    shared = read_json(release.parent / RECORD_FILE)
    manifest = read_manifest(release)
    quantized = read_json(release / "provenance" / "quantize" / RECORD_FILE)
    evaluated = read_json(release / "provenance" / "evaluate" / RECORD_FILE)
    floor = shared["parameters"]["min_skill"]
    chosen = smallest_skilled(manifest, quantized, evaluated, floor)
    if chosen is None:
        return None
    path, method, score = chosen
    entry = manifest[path]
    return BrowserModel(
        path, method, entry["bytes"], entry["sha256"], score, floor,
        shared["parameters"]["model_name"], "site",
    )  # fmt: skip


def hub_model(
    shared: dict[str, Any], quantized: dict[str, Any], evaluated: dict[str, Any]
) -> BrowserModel | None:
    """The file the page runs from the hub repository the share run pushed its release to, from
    the stored run records of the share, quantize and evaluate recipes; ``None`` if that run pushed
    nothing or released no file that keeps the skill.
    """
    repo = shared["parameters"].get("push_to")
    if not repo:
        return None
    prefix = shared["artifacts"]["release"] + "/"
    files = {k.removeprefix(prefix): v for k, v in shared["files"].items() if k.startswith(prefix)}
    floor = shared["parameters"]["min_skill"]
    chosen = smallest_skilled(files, quantized, evaluated, floor)
    if chosen is None:
        return None
    path, method, score = chosen
    entry = files[path]
    part = Part(HUB_FILE.format(repo=repo, path=path), entry["bytes"], entry["sha256"])
    return BrowserModel(
        path, method, entry["bytes"], entry["sha256"], score, floor,
        shared["parameters"]["model_name"], f"https://huggingface.co/{repo}", (part,),
    )  # fmt: skip


def site_model(
    model: BrowserModel, release: Path, site: Path, max_bytes: int = PART_BYTES
) -> BrowserModel:
    """Write the file of ``model`` into the built ``site`` (``try-model/model/``), split into
    parts of at most ``max_bytes``, and return ``model`` with its parts. The released file is
    first checked against the MANIFEST: a release changed since the share run stops the build.
    """
    from cookkit.gguf_split import split_gguf  # gguf-py: only where a release is on disk

    source = Path(release) / model.path
    found = sha256_of(source)
    if found != model.sha256:
        raise ValueError(
            f"{source} has sha256 {found}, the release's MANIFEST says {model.sha256}: "
            "re-run the share recipe, or restore the file"
        )
    folder = Path(site) / SITE_FOLDER / "model"
    shutil.rmtree(folder, ignore_errors=True)
    written = split_gguf(source, folder, max_bytes)
    parts = tuple(
        Part(f"{SITE_FOLDER}/model/{p.name}", p.stat().st_size, sha256_of(p)) for p in written
    )
    return replace(model, parts=parts)


def copy_wllama(package: Path, site: Path) -> list[Path]:
    """Copy wllama's module, WebAssembly, license and package file from ``package`` (its folder
    under node_modules) into the built ``site``; return the files written.
    """
    folder = Path(site) / SITE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, inside in {**WLLAMA_FILES, **WLLAMA_LICENSE}.items():
        shutil.copyfile(Path(package) / inside, folder / name)
        written.append(folder / name)
    return written


def wllama_version(package: Path) -> str | None:
    """The version of the wllama installed in ``package``, or ``None`` if it is not installed."""
    manifest = Path(package) / "package.json"
    return read_json(manifest)["version"] if manifest.is_file() else None
