"""`python -m cookkit new` starts a recipe a contributor can grow, and the fast tests then say, item
by item, what the contract still asks of it.

Without the scaffold a first-time contributor copies a notebook by hand, forgets the table of
contents and meets a wall of unrelated failures; without clear messages they cannot tell what to do
next. The scaffold runs in a copy of the project, so the real one is never touched.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

COPIED = ("cookbook", "tests", ".github", "book", "_toc.yml", "_config.yml", "pyproject.toml")
COPIED += ("requirements.txt",)
NAME = "prefer-answers-with-dpo"


def cookkit(project, *args):
    environment = dict(os.environ, COOKBOOK_ROOT=str(project))
    return subprocess.run(
        [sys.executable, "-m", "cookkit", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    made = cookkit(copy, "new", "Prefer answers with DPO", "--stage", "finetune")
    assert made.returncode == 0, f"cookkit new failed:\n{made.stderr}"
    return copy


def test_the_new_recipe_is_filled_in_and_listed(project):
    notebook = project / "cookbook" / "03-finetune" / f"{NAME}.ipynb"
    opening = "".join(json.loads(notebook.read_text())["cells"][0]["source"])
    assert opening.startswith("# Prefer answers with DPO\n"), "the title was not filled in"
    assert f"blob/main/cookbook/03-finetune/{NAME}.ipynb" in opening, "the Colab link is wrong"
    assert f"file: cookbook/03-finetune/{NAME}\n" in (project / "_toc.yml").read_text(), (
        "the new recipe is not listed in _toc.yml after its stage's recipes"
    )


def test_nothing_is_overwritten_and_bad_stages_are_named(project):
    again = cookkit(project, "new", "Prefer answers with DPO", "--stage", "finetune")
    assert again.returncode == 1 and "exists" in again.stderr, again.stderr
    unknown = cookkit(project, "new", "Anything", "--stage", "rlhf")
    assert unknown.returncode == 1 and "use one of start, data" in unknown.stderr, unknown.stderr


def test_the_fast_tests_name_each_missing_item(project):
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not slow", "-k", NAME, "-q", "tests"]
        + ["-p", "no:cacheprovider", "-o", "addopts="],
        cwd=project,
        env=dict(os.environ, COOKBOOK_ROOT=str(project)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = tests.stdout
    assert tests.returncode == 1, f"the fast tests passed an empty scaffold:\n{report[-3000:]}"
    for item in (
        f"add profiles/{NAME}.colab-t4.yaml",
        f"add profiles/{NAME}.gpu.yaml",
        "no stored run yet: execute it with its defaults",
        "names no parameter to change",
    ):
        assert item in report, f"the fast tests do not tell the contributor to {item!r}"
    assert "JSONDecodeError" not in report, "a missing run surfaces as a JSON error, not as advice"
