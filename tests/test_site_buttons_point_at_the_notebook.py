"""On every recipe page the Colab launch button and the download button point at that recipe's
notebook, and the landing page's gallery has a card linking to it with its Colab badge.

A button built from a wrong path opens another notebook in Colab or downloads a 404; readers who
try a recipe meet that first.
"""

import pytest

from conftest import RECIPES, ROOT

pytestmark = pytest.mark.slow
REPOSITORY = "github/open-llm-cookbook/open-llm-cookbook/blob/main"


def test_recipe_pages_launch_and_download_their_own_notebook(open_page, site):
    for recipe in RECIPES:
        path = recipe.path.relative_to(ROOT).as_posix()
        page = open_page(path.replace(".ipynb", ".html"))
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        colab = [h for h in links if h.startswith("https://colab.research.google.com/")]
        assert colab and all(h.endswith(f"{REPOSITORY}/{path}") for h in colab), (
            f"{path}: Colab links {colab}"
        )
        downloads = [h for h in links if h.endswith(f"_sources/{path}")]
        assert downloads, f"{path}: no download link to the notebook among {len(links)} links"
        assert (site / "_sources" / path).is_file(), f"{path}: the downloadable notebook is missing"
        page.context.close()


def test_landing_page_has_a_card_per_recipe(open_page):
    page = open_page("book/intro.html")
    cards = page.eval_on_selector_all(
        ".recipe-card",
        "cards => cards.map(c => [...c.querySelectorAll('a')].map(a => a.href).join(' '))",
    )
    for recipe in RECIPES:
        path = recipe.path.relative_to(ROOT).as_posix()
        card = [c for c in cards if path.replace(".ipynb", ".html") in c]
        assert len(card) == 1, f"the gallery has {len(card)} cards for {path}"
        assert f"{REPOSITORY}/{path}" in card[0], f"{path}: its card has no Colab badge to it"
