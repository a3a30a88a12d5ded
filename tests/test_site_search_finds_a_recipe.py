"""The site's search finds a recipe by a word that appears only in its body.

Search is built at book-build time (Sphinx's index); a theme or configuration change can leave the
search box returning nothing, which no build warning reports.
"""

import pytest

pytestmark = pytest.mark.slow


def test_search_finds_the_data_recipe_by_minhash(open_page):
    page = open_page("search.html?q=MinHash")
    page.wait_for_selector("#search-results li a", timeout=20_000)
    found = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    assert any("cookbook/01-data/prepare-a-corpus.html" in h for h in found), (
        f"searching MinHash does not find the data recipe: {found[:5]}"
    )
    assert not page.problems, page.problems
