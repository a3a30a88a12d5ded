"""Every page of the table of contents loads in Chromium without a console error or an uncaught
exception.

A missing static file, a broken script of the theme or of the gallery's cards, or an output that
embeds bad JavaScript shows as an error here long before a reader reports a blank page.
"""

import pytest
from built_site import screenshot, toc_pages

pytestmark = pytest.mark.slow


def test_every_toc_page_loads_cleanly(open_page):
    problems = {}
    for doc in toc_pages():
        page = open_page(f"{doc}.html")
        page.wait_for_load_state("networkidle")
        if doc == "book/intro":
            screenshot(page, "landing")
        if page.problems:
            problems[doc] = page.problems
        page.context.close()
    assert not problems, f"pages with console errors: {problems}"
