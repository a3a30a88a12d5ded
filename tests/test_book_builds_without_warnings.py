"""The book builds offline with Sphinx warnings as errors, and a recipe page shows its stored
outputs and launch buttons.

A broken link, a missing toc entry or an unknown output type would otherwise ship a book with holes,
and a page without launch buttons leaves readers no way to run the recipe.
"""

import pytest

pytestmark = pytest.mark.slow


def test_book_builds_and_shows_the_first_recipe(site):
    """``site`` (tests/built_site.py) builds the book with -W -n and fails with its log."""
    page = (site / "cookbook" / "00-start" / "meet-the-model.html").read_text()
    assert "decode_tokens_per_s" in page, "the recipe page does not show the stored run record"
    assert "colab.research.google.com/github/" in page, "the recipe page has no Colab launch button"
    assert "mybinder.org" in page, "the recipe page has no Binder launch button"
    assert "meet-the-model.ipynb" in page, "the recipe page has no .ipynb download"
    assert (site / "search.html").is_file(), "the book has no search page"
    assert "Try this" in page, "the recipe page has no closing section"
    references = (site / "book" / "references.html").read_text()
    assert "low-rank adaptation" in references.lower(), (
        "the bibliography page lacks the cited papers"
    )
    assert 'href="../../book/references.html#' in page, (
        "the recipe's citations do not link to the bibliography"
    )
