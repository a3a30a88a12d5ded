"""In a browser without WebAssembly, or on a device with too little memory, the "Try the model"
page says why it cannot run the model and offers no button, instead of failing mid-download.

Without the check, a phone would download a hundred megabytes and then crash its tab, and an old
browser would show a spinner forever.
"""

import pytest
from test_try_page_answers_the_skill_offline import PAGE, has_model

pytestmark = pytest.mark.slow
BROWSERS = {  # what the page is opened with -> what its message must name
    "delete globalThis.WebAssembly": "no WebAssembly",
    "Object.defineProperty(Navigator.prototype, 'deviceMemory', {get: () => 0.25})": "memory",
}


def test_the_page_says_why_it_cannot_run(site, browser, site_url):
    if not has_model(site):
        pytest.skip("the book was built without a release: run the chain (make run), then test")
    for script, reason in BROWSERS.items():
        context = browser.new_context()
        context.add_init_script(script)
        context.route(
            "**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort()
        )
        page = context.new_page()
        page.goto(f"{site_url}/{PAGE}")
        page.wait_for_selector('#try-model[data-state="unsupported"]', timeout=10_000)
        status = page.locator("#try-status").inner_text()
        assert "cannot run the model" in status and reason in status, f"{script}: {status}"
        assert page.locator("#try-load").is_disabled(), f"{script}: the load button is offered"
        context.close()
