"""The book builds offline with Sphinx warnings as errors, and a recipe page shows its stored
outputs and launch buttons.

A broken link, a missing toc entry or an unknown output type would otherwise ship a book with holes,
and a page without launch buttons leaves readers no way to run the recipe.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_book_builds_and_shows_the_first_recipe(tmp_path):
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run(
        [
            str(jupyter_book),
            "build",
            str(ROOT),
            "-W",
            "-n",
            "--keep-going",
            "--path-output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, (
        f"jupyter-book build failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    )
    page = (
        tmp_path / "_build" / "html" / "cookbook" / "00-start" / "meet-the-model.html"
    ).read_text()
    assert "decode_tokens_per_s" in page, "the recipe page does not show the stored run record"
    assert "colab.research.google.com/github/" in page, "the recipe page has no Colab launch button"
    assert "mybinder.org" in page, "the recipe page has no Binder launch button"
    assert "meet-the-model.ipynb" in page, "the recipe page has no .ipynb download"
    assert (tmp_path / "_build" / "html" / "search.html").is_file(), "the book has no search page"
    assert "Try this" in page, "the recipe page has no closing section"
    references = (tmp_path / "_build" / "html" / "book" / "references.html").read_text()
    assert "low-rank adaptation" in references.lower(), (
        "the bibliography page lacks the cited papers"
    )
    assert 'href="../../book/references.html#' in page, (
        "the recipe's citations do not link to the bibliography"
    )
