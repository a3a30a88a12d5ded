"""The "Try the model" page refuses a model file with one changed byte: it compares the sha256 of
what it downloaded with the release's, says so, and never starts the model.

The page's promise is that readers run the released file; a corrupted download, a stale cache or a
file swapped on the host would otherwise answer in the release's name.
"""

import pytest
from test_try_page_answers_the_skill_offline import PAGE, WAIT_MS, has_model

pytestmark = pytest.mark.slow


def change_one_byte(route):
    """Answer with the real part, one byte in its middle flipped."""
    response = route.fetch()
    body = bytearray(response.body())
    body[len(body) // 2] ^= 0x01
    route.fulfill(response=response, body=bytes(body))


def test_a_part_with_one_changed_byte_is_refused(site, open_page):
    if not has_model(site):
        pytest.skip("the book was built without a release: run the chain (make run), then test")
    page = open_page(PAGE)
    page.route("**/try-model/model/*.gguf", change_one_byte)
    page.locator("#try-load").click()
    page.wait_for_selector('#try-model:not([data-state="loading"])', timeout=WAIT_MS)
    state = page.locator("#try-model").get_attribute("data-state")
    status = page.locator("#try-status").inner_text()
    assert state == "refused", f"the page did not refuse a changed file: {state}: {status}"
    assert "sha256" in status and "the release says" in status, f"no reason given: {status}"
    assert page.locator("#try-input").is_disabled(), "the chat opened on a refused file"
