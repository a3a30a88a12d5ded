"""Fixtures for the tests of the published site: the book built once per test session, served on
127.0.0.1, and pages opened in headless Chromium through Playwright.

The browser is the system's (Debian's `chromium`, which `.ci/run` installs, or `$CHROMIUM`);
Playwright's own browser download is never used. Requests that leave 127.0.0.1 (the Colab badge,
MathJax) are answered empty: CI has no internet, and the site must work without them.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from cookkit.browser import chromium_executable

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "screenshots"


def toc_pages() -> list[str]:
    """Return every page the table of contents lists, the landing page first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [toc["root"], *files]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built HTML site: ``$COOKBOOK_SITE`` if set, else built now with warnings as errors."""
    if os.environ.get("COOKBOOK_SITE"):
        return Path(os.environ["COOKBOOK_SITE"]).resolve()
    output = tmp_path_factory.mktemp("book")
    build = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "-W", "-n"]
        + ["--keep-going", "--path-output", str(output)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, (
        f"jupyter-book build failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}"
    )
    return output / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """The site served by Python's HTTP server on a free port of 127.0.0.1, for the session."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, driven by Playwright; skipped, saying how to install one, if absent."""
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no Chromium-family browser: `apt install chromium` or set $CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def own_errors(message) -> list[str]:
    """The console message as a problem of the site's own: errors, except those about resources
    outside 127.0.0.1, which this offline test answers empty (an empty file fails its integrity
    hash, for one); the link check covers those addresses.
    """
    if message.type != "error":
        return []
    outside = re.findall(r"https?://(?!127\.0\.0\.1)[^\s'\"]+", message.text)
    source = message.location.get("url", "")
    if outside or (source and not source.startswith("http://127.0.0.1:")):
        return []
    return [f"console: {message.text}"]


def answer_outside_requests_empty(route):
    """Let requests to the local site through; answer the rest with an empty 204."""
    if route.request.url.startswith("http://127.0.0.1:"):
        route.continue_()
    else:
        route.fulfill(status=204, body="")


@pytest.fixture
def open_page(browser, site_url):
    """``open_page(path, width=1280, height=900)``: the page loaded, with ``.problems`` listing its
    console errors and uncaught exceptions.
    """
    contexts = []

    def opened(path: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        context.route("**/*", answer_outside_requests_empty)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: page.problems.extend(own_errors(m)))
        page.on("pageerror", lambda error: page.problems.append(f"exception: {error}"))
        response = page.goto(f"{site_url}/{path}", wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return page

    yield opened
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under ``_build/screenshots/`` (CI keeps them as an artifact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
