"""cookkit.paths: the project root is found from any folder, artifacts are split by profile, shown
paths are relative.

Without these, recipes run from their own folder would write artifacts next to themselves, profiles
would overwrite each other, and machine paths would end up in stored outputs.
"""

import pytest

from cookkit import paths


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    (tmp_path / "cookbook" / "00-start").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "cookbook" / "00-start")
    return tmp_path


def test_root_is_found_from_a_recipe_folder(project):
    assert paths.project_root() == project


def test_stage_dir_is_split_by_profile_and_stage(project):
    assert paths.stage_dir("cpu", "start") == project / "artifacts" / "cpu" / "start"
    assert paths.stage_dir("gpu", "start") != paths.stage_dir("cpu", "start")
    assert (project / "artifacts" / "cpu" / "start").is_dir()


def test_artifacts_root_can_be_moved(project, monkeypatch, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.setenv(paths.ARTIFACTS_ENV, str(elsewhere))
    assert paths.stage_dir("cpu", "data") == elsewhere / "cpu" / "data"


@pytest.mark.parametrize("bad", ["", "../up", "GPU", "a/b", ".hidden", None])
def test_unsafe_folder_names_are_refused(project, bad):
    assert not paths.is_folder_name(bad)
    with pytest.raises(ValueError, match="folder name"):
        paths.stage_dir(bad, "start")


def test_shown_paths_are_relative_to_the_root(project):
    assert paths.shown(project / "artifacts" / "cpu" / "x.json") == "artifacts/cpu/x.json"
    assert paths.resolve("artifacts/cpu") == project / "artifacts" / "cpu"
