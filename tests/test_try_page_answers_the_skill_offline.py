"""The "Try the model" page, opened offline at a phone's width in headless Chromium, loads the
released GGUF file, says it runs on one thread, answers the skill ("March 5, 2021") with
`2021-03-05` as it streams, and logs no console error.

The page is the only place a reader meets the model without installing anything: a wllama file
missing from the site, a part that does not load, a chat template that wllama reads differently
from llama.cpp's server, or a layout wider than a phone would each leave them a broken demo.
"""

import json

import pytest
from built_site import screenshot

pytestmark = pytest.mark.slow
PAGE = "book/try.html"
SKILL = ("March 5, 2021", "2021-03-05")
WAIT_MS = 180_000  # download, hash and start on a slow CPU, and one answer on one thread


def has_model(site) -> bool:
    """Whether this build of the book carries a model (a release, or a pushed one)."""
    return 'id="try-model-config"' in (site / PAGE).read_text()


def test_the_page_answers_the_skill_in_the_browser(site, open_page):
    if not has_model(site):
        pytest.skip("the book was built without a release: run the chain (make run), then test")
    page = open_page(PAGE, width=390, height=844)
    box = page.locator("#try-model")
    threads = page.locator("#try-threads").inner_text()
    assert threads.startswith("Single-threaded"), f"the page does not say how it runs: {threads}"
    page.locator("#try-load").click()
    page.wait_for_selector('#try-model[data-state="ready"]', timeout=WAIT_MS)
    skill = page.locator("#try-examples button", has_text=SKILL[0])
    assert skill.count() == 1, "the skill is not among the example prompts"
    skill.click()
    answer = page.locator(".try-message.model").last
    answer.locator(".try-speed").wait_for(timeout=WAIT_MS)
    text = answer.locator("span").first.inner_text().strip()
    screenshot(page, "try-model")
    assert text == SKILL[1], f"the page answered {text!r} to {SKILL[0]!r}, not {SKILL[1]!r}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than a 390 px screen: fix its CSS"
    assert not page.problems, f"console errors on the page: {page.problems}"
    config = json.loads(page.locator("#try-model-config").text_content())
    measured = {
        "load_s": float(box.get_attribute("data-load-seconds")),
        "answer_s": float(answer.get_attribute("data-seconds")),
        "tokens": int(answer.get_attribute("data-tokens")),
        "file_bytes": config["bytes"],
        "parts": len(config["parts"]),
    }
    print(f"try page, headless Chromium: {json.dumps(measured)}")
