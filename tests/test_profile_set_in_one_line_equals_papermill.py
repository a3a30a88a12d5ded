"""Setting `profile = "gpu"` (or any profile) in the parameters cell and running the notebook gives
exactly the parameters that papermill gives with that profile's file; values the reader changed
still win.

A reader in Colab or JupyterLab has no papermill command line: before, the one-line profile gave
the CPU defaults under the profile's folder name, a silent CPU-sized run on a GPU. These execute
each recipe's parameters cell both ways, with papermill's own parameter injection for the second.
"""

import re

import nbformat
import pytest
import yaml
from papermill.parameterize import parameterize_notebook

from cookkit.recipes import DEFAULT_PROFILE, apply_profile

from notebook_cells import code_cells, parameters_index, source


def parameters_source(recipe) -> str:
    cells = code_cells(nbformat.read(recipe.path, as_version=4))
    return source(cells[parameters_index(cells)])


def one_line(recipe, profile: str, **typed) -> dict:
    """The namespace after a reader sets ``profile`` (and ``typed``) in the cell and runs it."""
    cell, count = re.subn(
        r'^profile: str = "cpu"',
        f'profile: str = "{profile}"',
        parameters_source(recipe),
        flags=re.M,
    )
    assert count == 1, f'{recipe.key}: the parameters cell has no line `profile: str = "cpu"`'
    namespace: dict = {}
    exec(cell, namespace)
    namespace.update(typed)
    apply_profile(namespace, recipe)
    return namespace


def by_papermill(recipe, profile: str, **given) -> dict:
    """The namespace after papermill injects the profile file's values (and ``given``)."""
    values = yaml.safe_load(recipe.profile_file(profile).read_text()) | given
    notebook = nbformat.read(recipe.path, as_version=4)
    notebook.metadata["papermill"] = {}  # where papermill notes the parameters it injected
    notebook = parameterize_notebook(notebook, values)
    namespace: dict = {}
    for cell in code_cells(notebook):
        if {"parameters", "injected-parameters"} & set(cell.metadata.get("tags", [])):
            exec(source(cell), namespace)
    return namespace


def test_a_profile_set_in_one_line_gives_what_papermill_gives(recipe):
    profiles = [p for p in recipe.profiles() if p != DEFAULT_PROFILE]
    assert profiles, f"{recipe.key} has no profile files"
    for profile in profiles:
        mine, theirs = one_line(recipe, profile), by_papermill(recipe, profile)
        names = [n for n in theirs if not n.startswith("__")]
        differ = {n: (mine.get(n), theirs[n]) for n in names if mine.get(n) != theirs[n]}
        assert not differ, (
            f"{recipe.key}, profile {profile!r} set in the cell differs from papermill -f "
            f"(name: (one line, papermill)): {differ}"
        )


def test_a_value_the_reader_typed_wins_over_the_profile(recipe):
    profile = next(p for p in recipe.profiles() if p != DEFAULT_PROFILE)
    wanted = yaml.safe_load(recipe.profile_file(profile).read_text())
    name = next((n for n in wanted if n != "profile"), None)
    if name is None:
        pytest.skip(f"{recipe.key}'s {profile} profile sets nothing but its name")
    typed = "typed by the reader" if isinstance(wanted[name], str) else -7
    namespace = one_line(recipe, profile, **{name: typed})
    assert namespace[name] == typed, f"{recipe.key}: the profile overwrote {name}, which was typed"
    assert namespace == by_papermill(recipe, profile, **{name: typed}) | namespace


def test_a_profile_without_a_file_sets_nothing_and_says_so(recipe, capsys):
    namespace = one_line(recipe, "my-own-folder")
    assert namespace == one_line(recipe, "cpu") | {"profile": "my-own-folder"}
    assert "profile 'my-own-folder' has no file" in capsys.readouterr().out
