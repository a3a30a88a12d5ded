"""Without a release on disk or a pushed one, or without wllama, the "Try the model" page still
builds and says what to run; it never ships a chat box with nothing behind it.

``make test`` on a clean clone builds the book from the stored notebooks, with no artifacts: a page
that needed the release would break that build, and one that failed silently would leave readers
a button that does nothing.
"""

import sys

from cookkit import browser_model

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import cookbook_pages  # noqa: E402


def test_the_page_asks_for_the_chain_then_for_wllama(tmp_path, monkeypatch):
    monkeypatch.setenv(browser_model.RELEASE_ENV, str(tmp_path / "no-release"))
    monkeypatch.setattr(browser_model, "wllama_version", lambda package: "3.8.1")
    no_push = {"parameters": {"push_to": "", "min_skill": 0.8}}
    monkeypatch.setattr(cookbook_pages, "stored_records", lambda root: {"share": no_push})
    page = cookbook_pages.try_page(ROOT, tmp_path / "html")
    assert "No release yet: run the chain" in page and "make run" in page, page
    assert "try-model-config" not in page, "a chat box without a model"
    assert not (tmp_path / "html").exists(), "files written for a page with no model"
    monkeypatch.setattr(browser_model, "wllama_version", lambda package: None)
    page = cookbook_pages.try_page(ROOT, tmp_path / "html")
    assert "wllama is not installed" in page and "npm ci" in page, page
