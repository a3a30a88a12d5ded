"""cookkit.browser: the serve recipe's chat app, driven in headless Chromium and pictured.

The driver types a question only when Streamlit's script is idle (typed into a running app, a
question can be lost), waits for each reply before the next question, and takes the screenshot
when the page is idle again. A page that mimics Streamlit's test ids checks it in a real browser
without starting Streamlit or a model; the system's Chromium must be found as the site tests find
it.
"""

import functools
import http.server
import threading

import pytest

from cookkit import browser
from cookkit.servers import PORT

# Streamlit's markers: the app's script state, the chat input, one element per message shown (an
# avatar and its content). The script "runs" for 300 ms after each question, then shows the
# question and a reply; a question typed while it runs is lost, as in Streamlit.
FAKE_APP = """<!doctype html><html><body>
<div data-testid="stApp" data-test-script-state="notRunning">
  <div id="messages"></div>
  <textarea data-testid="stChatInputTextArea"></textarea>
</div>
<script>
const app = document.querySelector('[data-testid="stApp"]');
const box = document.querySelector('textarea');
box.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  if (app.getAttribute('data-test-script-state') === 'running') return;
  const question = box.value;
  box.value = '';
  app.setAttribute('data-test-script-state', 'running');
  setTimeout(() => {
    for (const text of [question, 'reply to ' + question]) {
      const message = document.createElement('div');
      message.setAttribute('data-testid', 'stChatMessage');
      message.innerHTML = '<span>avatar</span><div data-testid="stChatMessageContent"></div>';
      message.lastChild.textContent = text;
      document.getElementById('messages').appendChild(message);
    }
    app.setAttribute('data-test-script-state', 'notRunning');
  }, 300);
});
</script></body></html>"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def fake_app(tmp_path):
    (tmp_path / "index.html").write_text(FAKE_APP)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_each_question_is_answered_before_the_screenshot(fake_app, tmp_path):
    """A question typed while the app runs is lost, and a screenshot taken before the replies
    show pictures an empty chat: every question and reply must be on the page.
    """
    chromium = browser.chromium_executable()
    if chromium is None:
        pytest.skip("no Chromium-family browser: `apt install chromium` or set $CHROMIUM")
    picture = tmp_path / "app.png"
    shown = browser.ask_in_browser(fake_app, ["first?", "second?"], picture, chromium)
    assert shown == ["first?", "reply to first?", "second?", "reply to second?"], shown
    assert picture.read_bytes().startswith(b"\x89PNG"), "no PNG screenshot was written"


def test_the_browser_named_in_chromium_wins_and_none_is_found_on_an_empty_path(monkeypatch):
    """$CHROMIUM lets a reader point at their browser; with none, the recipe must skip the
    screenshot and say why instead of failing.
    """
    monkeypatch.setenv("CHROMIUM", "sh")
    assert browser.chromium_executable().endswith("/sh")
    monkeypatch.delenv("CHROMIUM")
    monkeypatch.setenv("PATH", "")
    assert browser.chromium_executable() is None


def test_streamlit_serves_headless_on_the_launchers_port_of_this_machine():
    """Without headless Streamlit waits for a browser of its own; on another address the app
    (with its API key in the environment) would be reachable from the network.
    """
    command = browser.streamlit_command("chat_app.py")
    assert command[1:5] == ["-m", "streamlit", "run", "chat_app.py"], command
    for option in ("--server.headless=true", f"--server.port={PORT}", "--server.address=127.0.0.1"):
        assert option in command, f"{option} missing from {command}"
