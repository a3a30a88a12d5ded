"""The pipeline runner: executes the recipes in the order a model is made, each feeding the next.

Recipes live in ``cookbook/NN-<stage>/<name>.ipynb`` (``cookkit.recipes``); the number
orders the stages. A recipe that needs an earlier stage's artifacts declares a parameter
named ``<stage>_dir`` (for example ``data_dir``); the runner fills it with
``artifacts/<profile>/<stage>`` so every stage reads what the one before it
wrote. A profile other than ``cpu`` takes its parameters from
``profiles/<name>.<profile>.yaml`` beside the notebook, the same file a reader
passes to ``papermill -f``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from cookkit import paths
from cookkit.parameters import ParameterError
from cookkit.recipes import (
    DEFAULT_PROFILE,
    DEFAULTS_KEY,
    Recipe,
    profile_values,
    recipes,
    written_defaults,
)


class PipelineError(RuntimeError):
    """The pipeline cannot run as asked: an unknown stage, a missing profile file, a stage that
    failed.
    """


def select(all_recipes: list[Recipe], stages: list[str] | None) -> list[Recipe]:
    """Return the recipes of the named stages (all when ``stages`` is empty), or raise naming the
    known stages.
    """
    if not stages:
        return list(all_recipes)
    known = list(dict.fromkeys(r.stage for r in all_recipes))
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise PipelineError(
            f"unknown stage(s) {', '.join(unknown)}: choose from {', '.join(known)}"
        )
    return [r for r in all_recipes if r.stage in stages]


def parameters_for(recipe: Recipe, profile: str, declared: set[str], upstream: list[str]) -> dict:
    """Return the parameters the runner passes to ``recipe``: the profile, its profile file, and
    upstream artifact folders.
    """
    try:
        params = profile_values(recipe, profile)
    except ParameterError as error:
        raise PipelineError(f"{error.problem}; {error.fix}") from None
    params["profile"] = profile
    for stage in upstream:
        if f"{stage}_dir" in declared:
            params[f"{stage}_dir"] = f"artifacts/{profile}/{stage}"
    unknown = sorted(set(params) - declared)
    if unknown:
        raise PipelineError(
            f"{paths.shown(recipe.path)} declares no parameter(s) {', '.join(unknown)}, which "
            f"profile {profile!r} sets"
        )
    return params


def stored_form(notebook: dict) -> dict:
    """Return an executed notebook without papermill's per-run metadata, as it is stored in the
    repository, with its parameters' defaults kept in its metadata (what a one-line profile
    compares against, whatever a reader later types into the parameters cell).
    """
    notebook.get("metadata", {}).pop("papermill", None)
    notebook.setdefault("metadata", {}).setdefault("cookbook", {})[DEFAULTS_KEY] = written_defaults(
        notebook
    )
    for cell in notebook.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return notebook


def run(
    profile: str = DEFAULT_PROFILE,
    stages: list[str] | None = None,
    in_place: bool = False,
    root: Path | None = None,
    say: Callable[[str], None] = print,
) -> list[Path]:
    """Execute the selected recipes in order with papermill; return the executed notebooks' paths.

    Each executed notebook is written to ``artifacts/<profile>/<stage>/``. With
    ``in_place`` (the ``cpu`` profile only, default parameters), a notebook that
    ran without error also replaces the stored one in ``cookbook/``. The first
    failure stops the run with ``PipelineError``; stages after it do not run and
    no other stage's artifacts are touched.
    """
    import nbformat
    import papermill

    paths.check_name(profile, "profile")
    if in_place and profile != DEFAULT_PROFILE:
        raise PipelineError(
            "--in-place stores outputs in the cookbook, which must come from the default "
            f"({DEFAULT_PROFILE}) profile: drop --in-place or use --profile {DEFAULT_PROFILE}"
        )
    all_recipes = recipes(root)
    chosen = select(all_recipes, stages)
    if not chosen:
        raise PipelineError(
            "no recipes found under cookbook/NN-<stage>/: run from the cookbook's checkout"
        )
    plans = []
    for recipe in chosen:
        declared = set(papermill.inspect_notebook(str(recipe.path)))
        upstream = [r.stage for r in all_recipes if r.order < recipe.order]
        params = {} if in_place else parameters_for(recipe, profile, declared, upstream)
        plans.append((recipe, params))

    executed = []
    for number, (recipe, params) in enumerate(plans, start=1):
        target = paths.stage_dir(profile, recipe.stage) / recipe.path.name
        say(
            f"[{number}/{len(plans)}] {recipe.stage}: {paths.shown(recipe.path)} (profile "
            f"{profile})"
        )
        started = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(recipe.path),
                str(target),
                parameters=params,
                cwd=str(recipe.path.parent),
                progress_bar=True,
            )
        except papermill.PapermillExecutionError as error:
            raise PipelineError(
                f"stage {recipe.stage} failed in cell [{error.exec_count}] of "
                f"{paths.shown(recipe.path)}: {error.ename}: {error.evalue}\n"
                f"  the executed notebook, stopped at the error: {paths.shown(target)}\n"
                f"  later stages were not run; no other stage's artifacts were touched"
            ) from None
        say(f"      done in {time.perf_counter() - started:.0f} s -> {paths.shown(target)}")
        if in_place:
            notebook = stored_form(nbformat.read(target, as_version=4))
            staging = recipe.path.with_suffix(".ipynb.new")
            nbformat.write(notebook, staging)
            shutil.move(staging, recipe.path)
            say(f"      stored outputs refreshed in {paths.shown(recipe.path)}")
        executed.append(target)
    return executed
