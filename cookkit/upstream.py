"""The earlier stages a recipe reads, and building them when their artifacts are not there yet.

A recipe reads what earlier stages wrote, from the folder each ``<stage>_dir`` parameter names. A
reader who opens one recipe alone (in Colab from its badge, or in a fresh clone) has none of
them. When such a parameter still names its profile's own folder (``artifacts/<profile>/<stage>``)
and that folder holds no run record, ``build_missing`` says so and runs those stages first, on the
same profile, with the packages they need and a progress bar; then the recipe goes on. A folder
the reader named explicitly is never built: if it holds nothing, the parameter check says what to
change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, requires, version
from typing import Any

from cookkit import colab, paths
from cookkit.recipes import Recipe, defaults_of, recipes
from cookkit.records import RECORD_FILE


def own_folder(profile: str, stage: str) -> str:
    """Return the folder a stage of ``profile`` writes, as parameters name it."""
    return f"artifacts/{profile}/{stage}"


def _has_record(folder: str) -> bool:
    return bool(folder) and (paths.resolve(folder) / RECORD_FILE).is_file()


def missing_stages(recipe: Recipe, values: Mapping[str, Any], profile: str) -> list[Recipe]:
    """Return the earlier stages to build before ``recipe`` runs with ``values``, in chain order.

    A stage counts when a ``<stage>_dir`` value is its profile's own folder and holds no run
    record; then the stages that one reads by default, the same way.
    """
    by_stage = {r.stage: r for r in recipes()}
    wanted: dict[str, Recipe] = {}
    pending = [(n.removesuffix("_dir"), v) for n, v in values.items() if n.endswith("_dir")]
    while pending:
        stage, folder = pending.pop()
        if stage in wanted or stage not in by_stage:
            continue
        if folder != own_folder(profile, stage) or _has_record(folder):
            continue
        wanted[stage] = by_stage[stage]
        reads = [n.removesuffix("_dir") for n in defaults_of(wanted[stage]) if n.endswith("_dir")]
        pending += [(s, own_folder(profile, s)) for s in reads]
    return sorted(wanted.values(), key=lambda r: r.order)


def missing_requirements(extras: list[str]) -> list[str]:
    """Return the requirements of cookkit's ``extras`` that are not installed at their version."""
    from packaging.requirements import Requirement

    missing = []
    for line in requires("cookkit") or []:
        requirement = Requirement(line)
        if requirement.marker is None or not any(
            requirement.marker.evaluate({"extra": e}) for e in extras
        ):
            continue
        try:
            ok = requirement.specifier.contains(version(requirement.name), prereleases=True)
        except PackageNotFoundError:
            ok = False
        if not ok:
            missing.append(str(requirement).split(";")[0].strip())
    return sorted(set(missing))


def install(requirements: list[str], say: Callable[[str], None] = print) -> None:
    """Install ``requirements`` with pip in this Python, never replacing the installed torch."""
    if not requirements:
        return
    say(f"installing {', '.join(requirements)}")
    done = colab.pip(*requirements, "-c", colab.torch_constraint())
    if done.returncode != 0:
        raise RuntimeError(f"pip could not install {requirements}:\n{done.stderr[-2000:]}")


def expected_time(recipe: Recipe, profile: str) -> str:
    """Return the time the recipe's opening table gives for ``profile``, or a dash."""
    from cookkit.catalog import recipe_card

    try:
        rows = recipe_card(recipe).profiles
    except ValueError:
        return "-"
    return next((row.time for row in rows if row.name == profile), "-")


def build_missing(
    recipe: Recipe, values: Mapping[str, Any], profile: str, say: Callable[[str], None] = print
) -> list[str]:
    """Build the earlier stages ``recipe`` needs and lacks (``missing_stages``); return their
    names. Each runs with papermill as ``python -m cookkit run --profile <profile>`` would.
    """
    from tqdm.auto import tqdm

    from cookkit import pipeline

    stages = missing_stages(recipe, values, profile)
    if not stages:
        return []
    say(
        f"{recipe.key} reads what earlier stages write, and artifacts/{profile}/ lacks "
        f"{', '.join(r.stage for r in stages)}: building them first, on profile {profile!r}"
    )
    for earlier in stages:
        say(f"  {earlier.stage:10} {earlier.key}: {expected_time(earlier, profile)}")
    install(missing_requirements([r.stage for r in stages]), say)
    for earlier in tqdm(stages, desc="earlier stages", unit="stage"):
        pipeline.run(profile=profile, stages=[earlier.stage], say=say)
    return [r.stage for r in stages]
