"""The serve recipe's chat app shows the endpoint's streamed reply, and says so when it cannot.

`cookbook/07-serve/chat_app.py` is run headlessly with Streamlit's `AppTest` against llama.cpp's
server on the default model (with an API key, as the recipe serves it). Without this test a change
to the app, to Streamlit or to the `openai` client could leave readers with a chat box that shows
nothing, or a traceback, and an endpoint that is down would fail silently.
"""

from pathlib import Path

import pytest
from openai import OpenAI
from streamlit.testing.v1 import AppTest

from cookkit.models import embedded_gguf
from cookkit.servers import free_port, llama_server

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parents[1] / "cookbook" / "07-serve" / "chat_app.py")
KEY = "a-key-for-this-test-only"


def ask(monkeypatch, endpoint, key, question):
    """Run the app with these settings, type ``question``; return the app after its reply."""
    monkeypatch.setenv("COOKBOOK_ENDPOINT", endpoint)
    monkeypatch.setenv("COOKBOOK_MODEL", "served-model")
    monkeypatch.setenv("COOKBOOK_API_KEY", key)
    app = AppTest.from_file(APP, default_timeout=120).run()
    return app.chat_input[0].set_value(question).run()


def test_the_app_streams_the_reply_of_a_live_server(monkeypatch):
    question = "What is the capital of France?"
    with llama_server(
        embedded_gguf(), threads=1, slots=1, api_key=KEY, alias="served-model"
    ) as url:
        app = ask(monkeypatch, f"{url}/v1", KEY, question)
        direct = OpenAI(base_url=f"{url}/v1", api_key=KEY).chat.completions.create(
            model="served-model",
            messages=[{"role": "user", "content": question}],
            max_tokens=128,  # the app's default longest reply
            temperature=0,
        )
    assert not app.exception, f"the app raised: {list(app.exception)}"
    shown = [message.markdown[0].value for message in app.chat_message]
    assert len(shown) == 2 and shown[0] == question, f"the conversation shown: {shown}"
    expected = direct.choices[0].message.content
    assert shown[1].strip() == expected.strip(), (
        f"the app showed {shown[1][:100]!r}, but the server answers {expected[:100]!r}"
    )


def test_the_app_says_when_the_endpoint_does_not_answer(monkeypatch):
    app = ask(monkeypatch, f"http://127.0.0.1:{free_port()}/v1", KEY, "Hello?")
    assert not app.exception, f"the app raised instead of saying: {list(app.exception)}"
    assert app.error and "did not answer" in app.error[0].value, (
        "a down endpoint must be reported in the app, with st.error"
    )
