"""The recipes: where their notebooks are, which stage each belongs to, and which one is running.

Recipes live in ``cookbook/NN-<stage>/<name>.ipynb``; the number orders the stages. A recipe
never types its own name or stage: ``start_run`` finds the notebook it runs in (its working
folder is the notebook's folder in JupyterLab, VS Code, papermill and nbval), applies its
profile, checks its parameters and begins its run record.

A profile is one line: a reader who sets ``profile = "gpu"`` in the parameters cell and runs the
notebook gets what ``papermill -f profiles/<name>.gpu.yaml`` gives. Each value of the profile file
replaces a parameter that still holds its stored default (``defaults_of``); a value the reader
changed wins, as a ``papermill -p`` value does.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cookkit import paths
from cookkit.parameters import ParameterError, Rule, check
from cookkit.records import RunRecord

DEFAULT_PROFILE = "cpu"
DEFAULTS_KEY = "parameter_defaults"  # in the notebook's metadata["cookbook"]
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


def _parameters_cell(cells: list[dict[str, Any]]) -> list[ast.AnnAssign]:
    cell = next((c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return []
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    tree = ast.parse(source)
    return [n for n in tree.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]


def declared_names(notebook: Path) -> list[str]:
    """Return the names the notebook's cell tagged ``parameters`` assigns with a type annotation."""
    return [n.target.id for n in _parameters_cell(json.loads(notebook.read_text())["cells"])]


def written_defaults(notebook: dict[str, Any]) -> dict[str, Any]:
    """Return the values the parameters cell of ``notebook`` (its JSON) assigns, as written."""
    return {
        n.target.id: ast.literal_eval(n.value)
        for n in _parameters_cell(notebook["cells"])
        if n.value
    }


def defaults_of(recipe: Recipe) -> dict[str, Any]:
    """Return the recipe's stored defaults: kept in the notebook's metadata, which a reader's edits
    to the parameters cell (and their autosave) leave alone; the cell's values if none are kept.
    """
    notebook = json.loads(recipe.path.read_text())
    kept = notebook.get("metadata", {}).get("cookbook", {}).get(DEFAULTS_KEY)
    return kept if kept is not None else written_defaults(notebook)


def profile_values(recipe: Recipe, profile: str) -> dict[str, Any]:
    """Return the parameters ``profile`` sets for ``recipe`` (none for the default profile), or
    raise ``ParameterError`` naming the profiles it has.
    """
    if profile == DEFAULT_PROFILE:
        return {}
    file = recipe.profile_file(profile)
    if not file.is_file():
        raise ParameterError(
            "profile",
            f"{recipe.key} has no profile {profile!r} (looked for {paths.shown(file)})",
            f"use one of the profiles it has: {', '.join(recipe.profiles())}, or write that file",
        )
    return yaml.safe_load(file.read_text()) or {}


def apply_profile(namespace: MutableMapping[str, Any], recipe: Recipe) -> dict[str, Any]:
    """Set each value of the namespace's ``profile`` whose parameter still holds its default;
    return what was set. A value the reader (or papermill) changed is kept. A profile without a
    file (a name of the reader's own, for artifacts kept apart) sets nothing, and says so.
    """
    profile = namespace["profile"]
    if profile != DEFAULT_PROFILE and not recipe.profile_file(profile).is_file():
        print(  # a name of the reader's own, for a folder apart: their values, as they are
            f"profile {profile!r} has no file {paths.shown(recipe.profile_file(profile))}: the "
            f"parameters keep their values (profiles with a file: {', '.join(recipe.profiles())})"
        )
        return {}
    wanted = profile_values(recipe, profile)
    defaults = defaults_of(recipe)
    unknown = sorted(set(wanted) - set(defaults))
    if unknown:
        raise ParameterError(
            "profile",
            f"its file sets {', '.join(unknown)}, which {recipe.key} does not declare",
            "remove them from the profile file, or declare them in the parameters cell",
        )
    applied = {
        name: value
        for name, value in wanted.items()
        if name != "profile" and namespace.get(name) == defaults[name] != value
    }
    namespace.update(applied)
    return applied


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


def start_run(namespace: MutableMapping[str, Any], **rules: Rule) -> RunRecord:
    """Check the running notebook's parameters and return its run record, ready to fill.

    Pass ``globals()`` and the recipe's own rules (``max_new_tokens=between(1, 512)``); the shared
    parameters and upstream ``<stage>_dir`` folders are checked by the package's own table. The
    record takes every parameter, the recipe's name and its stage from the notebook itself.
    A profile other than the default fills the parameters the reader left at their defaults
    (``apply_profile``); earlier stages whose artifacts are missing are built first
    (``cookkit.upstream``). A bad value raises ``ParameterError`` before anything is written.
    """
    declared = declared_parameters(namespace)
    if "profile" not in declared:
        raise ValueError('the parameters cell declares no `profile: str = "cpu"  # ...`')
    check({"profile": declared["profile"]}, namespace, {})
    recipe = running_recipe(namespace, declared)
    applied = apply_profile(namespace, recipe)
    if applied:
        print(f"profile {namespace['profile']!r} set {', '.join(applied)}")
    from cookkit.upstream import build_missing  # it runs recipes, which start here

    build_missing(recipe, {n: namespace[n] for n in declared}, namespace["profile"])
    values = check(declared, namespace, rules)
    profile = values.pop("profile")
    folder = paths.stage_dir(profile, recipe.stage, create=False)
    return RunRecord(recipe=recipe.key, profile=profile, parameters=values, folder=folder)
