"""The recipes: where their notebooks are, which stage each belongs to, and which one is running.

Recipes live in ``cookbook/NN-<stage>/<name>.ipynb``; the number orders the stages. A recipe
never types its own name or stage: ``start_run`` finds the notebook it runs in (its working
folder is the notebook's folder in JupyterLab, VS Code, papermill and nbval), checks its
parameters and begins its run record.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cookkit import paths
from cookkit.parameters import Rule, check
from cookkit.records import RunRecord

DEFAULT_PROFILE = "cpu"
STAGE_FOLDER = re.compile(r"^(\d+)-([a-z][a-z0-9-]*)$")


@dataclass(frozen=True)
class Recipe:
    """One notebook of the cookbook and the stage it belongs to."""

    path: Path
    stage: str
    order: int

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def key(self) -> str:
        """Return ``NN-<stage>/<name>``, how run records and the book name the recipe."""
        return f"{self.path.parent.name}/{self.name}"

    def profile_file(self, profile: str) -> Path:
        """Return the parameter file of ``profile`` for this recipe (it may not exist)."""
        return self.path.parent / "profiles" / f"{self.name}.{profile}.yaml"

    def profiles(self) -> list[str]:
        """Return the profiles this recipe runs under: ``cpu`` (its defaults) and one per profile
        file.
        """
        files = self.path.parent.glob(f"profiles/{self.name}.*.yaml")
        return [DEFAULT_PROFILE, *sorted(f.name[len(self.name) + 1 : -len(".yaml")] for f in files)]


def recipe_at(notebook: Path) -> Recipe | None:
    """Return the recipe stored at ``notebook``, or ``None`` if it is not in a ``NN-<stage>``
    folder.
    """
    match = STAGE_FOLDER.match(notebook.parent.name)
    if not match or notebook.suffix != ".ipynb":
        return None
    return Recipe(path=notebook, stage=match.group(2), order=int(match.group(1)))


def recipes(root: Path | None = None) -> list[Recipe]:
    """Return every recipe under ``cookbook/``, in stage order, then by name."""
    cookbook = (root or paths.project_root()) / "cookbook"
    found = [recipe_at(n) for n in cookbook.glob("*/*.ipynb")] if cookbook.is_dir() else []
    return sorted((r for r in found if r), key=lambda r: (r.order, r.name))


def declared_names(notebook: Path) -> list[str]:
    """Return the names the notebook's cell tagged ``parameters`` assigns with a type annotation."""
    cells = json.loads(notebook.read_text())["cells"]
    cell = next((c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return []
    tree = ast.parse("".join(cell["source"]))
    return [
        n.target.id
        for n in tree.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]


def running_recipe(namespace: Mapping[str, Any], parameters: Iterable[str]) -> Recipe:
    """Return the recipe whose notebook this kernel runs.

    The kernel's working folder is the notebook's folder. When that folder holds several
    notebooks, the editor's hint names it (``$JPY_SESSION_NAME`` in Jupyter, ``__vsc_ipynb_file__``
    in VS Code), else the one notebook that declares exactly these ``parameters``.
    """
    folder = Path.cwd()
    candidates = [r for r in map(recipe_at, sorted(folder.glob("*.ipynb"))) if r]
    hints = [os.environ.get("JPY_SESSION_NAME", ""), str(namespace.get("__vsc_ipynb_file__", ""))]
    named = [r for r in candidates if r.path.name in {Path(h).name for h in hints if h}]
    if len(candidates) > 1 and len(named) != 1:
        wanted = list(parameters)
        candidates = [r for r in candidates if declared_names(r.path) == wanted]
    elif named:
        candidates = named
    if len(candidates) != 1:
        raise RuntimeError(
            f"cannot tell which recipe this is from the working folder {folder.name!r}: run the "
            "notebook from its own folder, cookbook/NN-<stage>/ (in Colab, the setup cell clones "
            "the cookbook and changes into it)"
        )
    return candidates[0]


def declared_parameters(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """Return the notebook's parameters and their annotations, in the order the parameters cell
    declares them.

    Top-level annotated assignments are recorded in the namespace's ``__annotations__`` (or, from
    Python 3.14, produced by its ``__annotate__``); the contract keeps them to the parameters cell.
    """
    annotations = namespace.get("__annotations__")
    if annotations is None and callable(namespace.get("__annotate__")):
        annotations = namespace["__annotate__"](1)
    return {name: kind for name, kind in (annotations or {}).items() if name in namespace}


def start_run(namespace: Mapping[str, Any], **rules: Rule) -> RunRecord:
    """Check the running notebook's parameters and return its run record, ready to fill.

    Pass ``globals()`` and the recipe's own rules (``max_new_tokens=between(1, 512)``); the shared
    parameters and upstream ``<stage>_dir`` folders are checked by the package's own table. The
    record takes every parameter, the recipe's name and its stage from the notebook itself.
    A bad value raises ``ParameterError`` before anything is written.
    """
    declared = declared_parameters(namespace)
    if "profile" not in declared:
        raise ValueError('the parameters cell declares no `profile: str = "cpu"  # ...`')
    values = check(declared, namespace, rules)
    recipe = running_recipe(namespace, declared)
    profile = values.pop("profile")
    folder = paths.stage_dir(profile, recipe.stage, create=False)
    return RunRecord(recipe=recipe.key, profile=profile, parameters=values, folder=folder)
