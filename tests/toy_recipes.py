"""Miniature recipes for the tests of the runner and of what starts a run: a notebook of a
parameters cell and one cell of code, written where a recipe lives."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def write_recipe(path: Path, parameters: str, body: str) -> Path:
    """Write a two-cell notebook at ``path``: ``parameters`` (tagged) and ``body``."""
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    notebook = new_notebook(cells=[cell, new_code_cell(body)])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def toy_cookbook(root: Path, monkeypatch) -> Path:
    """Make ``root`` the project the cookkit functions see (recipes go in ``root/cookbook/``)."""
    from cookkit import paths

    monkeypatch.setenv(paths.ROOT_ENV, str(root))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    (root / "_toc.yml").write_text("root: intro\n")
    return root
