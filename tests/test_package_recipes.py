"""cookkit.recipes: a running notebook knows which recipe it is, and start_run derives its record
from it.

Recipes no longer type their name, stage or parameter list; if the derivation picked the wrong
notebook or missed a parameter, run records would name the wrong recipe or silently lack a
parameter, and a failed check that still created the stage folder would leave debris behind.
"""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cookkit import paths
from cookkit.parameters import ParameterError, between
from cookkit.recipes import declared_names, recipes, running_recipe, start_run


def write_recipe(path, parameters):
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=[cell]), path)


@pytest.fixture
def cookbook(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    write_recipe(
        tmp_path / "cookbook/03-finetune/lora.ipynb",
        'profile: str = "cpu"  # p\nsteps: int = 3  # s',
    )
    monkeypatch.chdir(tmp_path / "cookbook/03-finetune")
    return tmp_path


def namespace(**values):
    values.setdefault("profile", "cpu")
    return {"__annotations__": {k: type(v) for k, v in values.items()}, **values}


def test_recipes_are_found_in_stage_order(cookbook):
    write_recipe(cookbook / "cookbook/00-start/meet.ipynb", 'profile: str = "cpu"  # p')
    assert [(r.stage, r.name, r.key) for r in recipes()] == [
        ("start", "meet", "00-start/meet"),
        ("finetune", "lora", "03-finetune/lora"),
    ]


def test_start_run_derives_recipe_stage_and_parameters(cookbook):
    record = start_run(namespace(steps=5), steps=between(1, 10))
    assert (record.recipe, record.profile, record.parameters) == (
        "03-finetune/lora",
        "cpu",
        {"steps": 5},
    )
    assert record.stage_dir == cookbook / "artifacts/cpu/finetune" and record.stage_dir.is_dir()


def test_a_failed_check_creates_nothing(cookbook):
    with pytest.raises(ParameterError, match="parameter `steps`"):
        start_run(namespace(steps=50), steps=between(1, 10))
    record = start_run(namespace(steps=5))
    assert not (cookbook / "artifacts").exists(), (
        "the stage folder was made before anything was written"
    )
    assert record.stage_dir.is_dir()


def test_several_notebooks_in_a_folder_are_told_apart_by_their_parameters(cookbook):
    write_recipe(
        cookbook / "cookbook/03-finetune/other.ipynb",
        'profile: str = "cpu"  # p\nrank: int = 8  # r',
    )
    assert declared_names(cookbook / "cookbook/03-finetune/other.ipynb") == ["profile", "rank"]
    assert running_recipe({}, ["profile", "rank"]).name == "other"
    assert running_recipe({}, ["profile", "steps"]).name == "lora"


def test_outside_a_recipe_folder_the_error_says_where_to_run(cookbook, monkeypatch):
    monkeypatch.chdir(cookbook)
    with pytest.raises(RuntimeError, match="run the notebook from its own folder"):
        start_run(namespace(steps=5))
