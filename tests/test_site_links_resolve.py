"""Every link from one page of the built site to another resolves to a file of the site, anchor
included.

Sphinx checks the references it knows about; links written as raw HTML or Markdown paths, and the
anchors of generated pages, it does not. External links are checked by the link workflow, which
never blocks (a site that is down today is not our bug).
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.slow


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parsed(page):
    links = Links()
    links.feed(page.read_text(errors="replace"))
    return links


def test_internal_links_resolve(site):
    pages = {p: parsed(p) for p in site.rglob("*.html") if "_static" not in p.parts}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            if urlsplit(href).scheme or href.startswith(("mailto:", "//")):
                continue
            target, anchor = urldefrag(href)
            file = (page.parent / unquote(target)).resolve() if target else page
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif anchor and file in pages and anchor not in pages[file].ids:
                if not re.fullmatch(r"(top|search)", anchor):
                    broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:30])
