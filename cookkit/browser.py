"""A Streamlit chat app in a real browser: served, asked questions in headless Chromium, pictured.

The serve recipe tests its chat app headlessly with Streamlit's ``AppTest``, then shows it as a
reader would see it. ``chat_app_screenshot`` serves the app with ``streamlit run`` through the
cookbook's launcher (``cookkit.servers.launched``, so it never outlives the notebook), types each
question into its chat input in headless Chromium, driven by Playwright, waits for each reply and
saves a screenshot. The browser is the system's (``chromium_executable``): Playwright's own
browser download is never used. ``chromium --headless --screenshot`` alone does not do: it never
waits for Streamlit's page to render.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cookkit.servers import PORT, launched

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Names a Chromium-family browser goes by on a system's path."""
WAIT_MS = 60_000
"""How long to wait for the app to be idle, or for a reply to show."""
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
"""Streamlit's page while no script runs: typed into a running app, a question can be lost."""
CHAT_INPUT, CHAT_MESSAGE = "stChatInputTextArea", "stChatMessage"
"""Streamlit's test ids of the chat input and of each message shown (avatar and content)."""
MESSAGE_CONTENT = "stChatMessageContent"
"""Streamlit's test id of a message's text, without its avatar."""


def chromium_executable() -> str | None:
    """The system's Chromium-family browser: ``$CHROMIUM`` if set, else the first of
    ``BROWSERS`` on the path; ``None`` when there is none.
    """
    named = os.environ.get("CHROMIUM")
    return shutil.which(named) if named else next(filter(None, map(shutil.which, BROWSERS)), None)


def streamlit_command(app_file: str | Path) -> list[str]:
    """The command that serves ``app_file`` with Streamlit, headless, on the launcher's port of
    127.0.0.1, with the viewer's toolbar and no usage statistics.
    """
    command = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.headless=true"]
    command += [f"--server.port={PORT}", "--server.address=127.0.0.1"]
    return command + ["--client.toolbarMode=viewer", "--browser.gatherUsageStats=false"]


def ask_in_browser(
    url: str,
    questions: Sequence[str],
    picture: str | Path,
    chromium: str,
    viewport: tuple[int, int] = (1100, 640),
) -> list[str]:
    """Open the chat app at ``url`` in headless ``chromium``, ask each of ``questions`` in turn,
    wait for each reply, and save a screenshot of the page to ``picture``; return the text of
    each message the page then shows.

    Playwright's synchronous API refuses to run inside an event loop (a notebook kernel's), so it
    runs in a thread of its own.
    """
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_ask, url, questions, Path(picture), chromium, viewport).result()


def _ask(
    url: str, questions: Sequence[str], picture: Path, chromium: str, viewport: tuple[int, int]
) -> list[str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.goto(url)
            idle = page.locator(APP_IDLE)
            box = page.get_by_test_id(CHAT_INPUT)
            messages = page.get_by_test_id(CHAT_MESSAGE)
            for turn, question in enumerate(questions):
                idle.wait_for(timeout=WAIT_MS)
                box.fill(question)
                box.press("Enter")
                messages.nth(2 * turn + 1).wait_for(timeout=WAIT_MS)
            idle.wait_for(timeout=WAIT_MS)
            page.screenshot(path=str(picture))
            texts = page.get_by_test_id(MESSAGE_CONTENT).all_inner_texts()
            return [text.strip() for text in texts]
        finally:
            browser.close()


def chat_app_screenshot(
    app_file: str | Path,
    questions: Sequence[str],
    picture: str | Path,
    chromium: str,
    env: Mapping[str, str] | None = None,
    log_file: str | Path | None = None,
) -> list[str]:
    """Serve the Streamlit app ``app_file`` (its settings in ``env``), ask it ``questions`` in
    headless ``chromium`` and save a screenshot to ``picture``; return the text of each message
    the app then shows (questions and replies, in turn).

    Streamlit's output goes to ``log_file`` (by default beside ``picture``, as ``streamlit.log``);
    the app is stopped when the screenshot is taken, or when anything fails.
    """
    picture = Path(picture)
    log_file = log_file or picture.with_name("streamlit.log")
    command = streamlit_command(Path(app_file).resolve())
    with launched(command, log_file, ready="/_stcore/health", env=env, name="streamlit") as app:
        return ask_in_browser(app.url, questions, picture, chromium)
