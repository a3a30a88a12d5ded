"""Where the cookbook lives on disk and where each stage writes its artifacts.

Artifacts go under ``artifacts/<profile>/<stage>/`` at the project root, so a
run with one profile never touches another profile's files. Paths that end up
in run records or printed outputs are written relative to the project root,
never as this machine's absolute paths.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ARTIFACTS_ENV = "COOKBOOK_ARTIFACTS"
"""Environment variable that moves the artifacts folder (default: ``<root>/artifacts``)."""

ROOT_ENV = "COOKBOOK_ROOT"
"""Environment variable naming the project root when the working folder does not lead to it."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def project_root(start: Path | None = None) -> Path:
    """Return the cookbook's root: the nearest folder at or above ``start`` holding ``_toc.yml`` and
    ``cookbook/``.

    Recipes run with their own folder as the working folder (JupyterLab, nbval, the runner), so the
    root is found by walking up. Outside a checkout (a Colab runtime) the working folder itself is
    the root.
    """
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "cookbook").is_dir():
            return folder
    return here


def artifacts_root() -> Path:
    """Return the folder under which every profile's artifacts live."""
    if os.environ.get(ARTIFACTS_ENV):
        return Path(os.environ[ARTIFACTS_ENV]).resolve()
    return project_root() / "artifacts"


def is_folder_name(value: object) -> bool:
    """Return whether ``value`` is safe as one folder name: lower-case letters, digits, ``-_.``, no
    leading dot.
    """
    return isinstance(value, str) and bool(_NAME.match(value))


def check_name(value: str, what: str) -> str:
    """Return ``value`` if ``is_folder_name(value)``, else raise ``ValueError`` saying what a good
    name looks like.
    """
    if not is_folder_name(value):
        raise ValueError(
            f"{what} {value!r} is not a usable folder name: use lower-case letters, digits, "
            "'-', '_' or '.', starting with a letter or digit (for example 'cpu' or 'colab-t4')"
        )
    return value


def stage_dir(profile: str, stage: str, create: bool = True) -> Path:
    """Return ``artifacts/<profile>/<stage>/``, where a stage of a profile keeps its artifacts."""
    folder = artifacts_root() / check_name(profile, "profile") / check_name(stage, "stage")
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def shown(path: Path | str) -> str:
    """Return ``path`` as it may be shown or recorded: relative to the project root, else to the
    artifacts root, else its name.
    """
    path = Path(path).resolve()
    for base in (project_root(), artifacts_root().parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def resolve(path: Path | str) -> Path:
    """Return ``path`` as an absolute path, reading a relative one from the project root (how
    recipes hand paths on).
    """
    path = Path(path)
    return path if path.is_absolute() else project_root() / path
