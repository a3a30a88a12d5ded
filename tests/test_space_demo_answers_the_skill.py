"""The Space-ready demo in a release's ``space/`` folder runs headless (Streamlit's ``AppTest``),
loads the release folder it sits in, offline, and answers the skill: "March 5, 2021" becomes
`2021-03-05`.

A Space whose app cannot find the weights beside it, or formats the chat unlike the model's
template, would greet every visitor with an error or a wrong date.
"""

import pytest

from cookkit.browser_model import release_folder
from cookkit.space_app import write_space

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.release]
QUESTION, ANSWER = "Rewrite this date as YYYY-MM-DD: March 5, 2021", "2021-03-05"


def test_the_space_app_answers_from_the_release_it_sits_in(tmp_path, monkeypatch):
    release = release_folder(ROOT)
    if not (release / "MANIFEST").is_file():
        pytest.skip(f"no release at {release}: run the chain (make run), then test")
    from streamlit.testing.v1 import AppTest

    copy = tmp_path / "release"  # the release's files, linked; the demo written beside them
    copy.mkdir()
    for entry in release.iterdir():
        if entry.name != "space":
            (copy / entry.name).symlink_to(entry)
    app = next(p for p in write_space(copy, "dates", "apache-2.0") if p.name == "app.py")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    test = AppTest.from_file(str(app), default_timeout=300).run()
    assert not test.exception, f"the app failed to start: {test.exception}"
    assert str(copy) in test.caption[0].value, "the app did not load the release beside it"
    test.chat_input[0].set_value(QUESTION).run()
    assert not test.exception, f"the app failed to answer: {test.exception}"
    reply = test.chat_message[-1].markdown[-1].value.strip()
    assert reply == ANSWER, f"the Space's app answered {reply!r} to {QUESTION!r}, not {ANSWER!r}"
