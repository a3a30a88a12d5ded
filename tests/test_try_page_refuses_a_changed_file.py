"""The "Try the model" page refuses a model file with one changed byte: it compares the sha256 of
what it downloaded with the release's, says so, and never starts the model.

The page's promise is that readers run the released file; a corrupted download, a stale cache or a
file swapped on the host would otherwise answer in the release's name.
"""

import functools
import http.server
import os
import shutil
import threading

import pytest
from built_site import QuietHandler, answer_outside_requests_empty
from test_try_page_answers_the_skill_offline import PAGE, WAIT_MS, has_model

pytestmark = pytest.mark.slow


def link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def tampered_copy(site, target):
    """The site, linked file by file, with one byte flipped in the middle of its first part."""
    shutil.copytree(site, target, copy_function=link_or_copy)
    part = sorted((target / "try-model" / "model").glob("*.gguf"))[0]
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0x01
    part.unlink()  # a file of its own, not a link to the built site's
    part.write_bytes(bytes(data))


def test_a_part_with_one_changed_byte_is_refused(site, browser, tmp_path):
    if not has_model(site):
        pytest.skip("the book was built without a release: run the chain (make run), then test")
    tampered_copy(site, tmp_path / "site")
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        context.route("**/*", answer_outside_requests_empty)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}")
        page.locator("#try-load").click()
        page.wait_for_selector('#try-model:not([data-state="loading"])', timeout=WAIT_MS)
        state = page.locator("#try-model").get_attribute("data-state")
        status = page.locator("#try-status").inner_text()
        assert state == "refused", f"the page did not refuse a changed file: {state}: {status}"
        assert "sha256" in status and "the release says" in status, f"no reason given: {status}"
        assert page.locator("#try-input").is_disabled(), "the chat opened on a refused file"
    finally:
        context.close()
        server.shutdown()
