"""Every version pin outside requirements/ agrees with it: notebooks' `%pip install`, the model
hint, the workflows (through .ci/pins.sh).

requirements/*.txt is the one place versions are pinned; pyproject.toml builds the package's
dependencies and per-stage extras from the same files, and the recipes install through those
extras. A Colab cell that installs another version than CI tested runs code nobody ran, and an
unpinned install drifts the day a new release lands.
"""

import re

from cookkit import models

from conftest import ROOT
from notebook_cells import code_cells, source

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[\w,]+\])?==(\S+)", re.M)
PINS = {
    name.lower(): version
    for file in sorted((ROOT / "requirements").glob("*.txt"))
    for name, version in PIN.findall(file.read_text())
}


def installs(text: str) -> list[str]:
    """Return the package arguments of every `%pip install` line in ``text``."""
    found = []
    for line in text.splitlines():
        if re.match(r"\s*[%!]pip install", line):
            found += [a.strip("\"'") for a in line.split()[2:] if not a.startswith(("-", "/", "."))]
    return found


def test_notebook_installs_are_pinned_as_in_requirements(recipe, notebook):
    for cell in code_cells(notebook):
        for requirement in installs(source(cell)):
            name, _, version = requirement.partition("==")
            name = name.split("[")[0]  # an extra, as in lm-eval[hf], pins the package itself
            assert version, (
                f"{recipe.path.name}: `%pip install {requirement}` is not pinned: add "
                f"=={PINS.get(name.lower(), 'X')}"
            )
            assert PINS.get(name.lower()) == version, (
                f"{recipe.path.name}: installs {requirement}, but requirements/ pins "
                f"{name}=={PINS.get(name.lower(), '(nothing)')}"
            )


def test_template_installs_agree_too():
    import json

    template = json.loads((ROOT / ".github" / "recipe-template.ipynb").read_text())
    for cell in code_cells(template):
        for requirement in installs(source(cell)):
            name, _, version = requirement.partition("==")
            assert PINS.get(name.lower()) == version, f"the recipe template installs {requirement}"


def test_model_install_hint_agrees():
    name, _, version = models.INSTALL_HINT.split()[-1].partition("==")
    assert PINS.get(name) == version, (
        f"cookkit.models.INSTALL_HINT pins {name}=={version}, not {PINS.get(name)}"
    )
