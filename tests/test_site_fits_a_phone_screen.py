"""At a phone's width (390 px) the landing page, the results page and a recipe fit the screen:
nothing makes the page scroll sideways, and the menu button that replaces the sidebar is there.

Wide tables and code, or a gallery that does not wrap, push the page wider than the screen; the
reader then pans a tiny page sideways.
"""

import pytest
from built_site import screenshot

pytestmark = pytest.mark.slow
PAGES = ("book/intro", "book/results", "cookbook/05-quantize/quantize-and-compare")


def test_pages_fit_390_pixels(open_page):
    for doc in PAGES:
        page = open_page(f"{doc}.html", width=390, height=844)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{doc}: the page is {overflow} px wider than a 390 px screen"
        menu = page.locator("button.primary-toggle:visible").count()
        assert menu, f"{doc}: no visible menu button at phone width"
        if doc == "book/intro":
            screenshot(page, "landing-phone")
        page.context.close()
