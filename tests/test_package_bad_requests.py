"""cookkit.bad_requests: sending a server the mistakes clients make, and reading its answers.

The serve recipe's table of answers, and its checks (no 5xx from llama.cpp or the guard, every
server kept serving), rest on this: each mistake must reach the server as it was written (bytes
stay bytes, so malformed JSON stays malformed), the server's message must be read from whichever
error shape it uses, and a server that stops answering good requests must be caught.
"""

import json

import httpx

from cookkit.bad_requests import (
    HANG_UP_CASE,
    HANG_UP_TOKENS,
    NOT_SENT,
    answers_to_mistakes,
    said,
    status_codes,
)
from cookkit.endpoints import Route

GOOD = {"model": "served", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4}
STORY = [{"role": "user", "content": "Write a story."}]
MISTAKES = {"malformed JSON": b'{"model": [', "max_tokens -3": GOOD | {"max_tokens": -3}}
REPLY = {"choices": [{"message": {"content": "Hello"}}]}


def fake_server(seen, broken_after_mistake=False):
    """A transport answering like a careful server: 400 with OpenAI's error body for malformed
    JSON or a negative max_tokens, a stream for stream requests, a reply otherwise.
    """
    state = {"mistakes": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        try:
            body = json.loads(request.content)
        except ValueError:
            state["mistakes"] += 1
            return httpx.Response(400, json={"error": {"message": "parse error\nat 12"}})
        if body.get("max_tokens", 1) < 0:
            state["mistakes"] += 1
            return httpx.Response(400, json={"error": {"message": "max_tokens must be >= 1"}})
        if body.get("stream"):
            return httpx.Response(200, content=b"data: {}\n\n" * 10)
        if broken_after_mistake and state["mistakes"]:
            return httpx.Response(500, text="Internal Server Error")
        return httpx.Response(200, json=REPLY)

    return httpx.MockTransport(handle)


def test_each_mistake_is_sent_as_written_and_answered_with_its_status_and_message():
    """Re-encoding the bytes would repair malformed JSON; an answer without the server's message
    would leave the table unable to say why a request was refused.
    """
    seen, route = [], Route("llama-cpp", "http://server", "served", key="k3y")
    answers, kept = answers_to_mistakes(route, GOOD, MISTAKES, STORY, transport=fake_server(seen))
    assert seen[0].content == MISTAKES["malformed JSON"], "malformed JSON was not sent as bytes"
    assert answers["malformed JSON"] == "400 parse error at 12", answers
    assert answers["max_tokens -3"] == "400 max_tokens must be >= 1", answers
    assert kept, "the server answered every good request, so it kept serving"
    assert all(r.headers["Authorization"] == "Bearer k3y" for r in seen), "the key was not sent"


def test_a_server_that_breaks_after_a_mistake_is_caught():
    """A server that answers the mistake but fails the next good request is broken: the recipe's
    check that every server kept serving depends on this flag.
    """
    transport = fake_server([], broken_after_mistake=True)
    route = Route("llama-cpp", "http://server", "served")
    _, kept = answers_to_mistakes(route, GOOD, MISTAKES, STORY, transport=transport)
    assert not kept, "a 500 to the good request after a mistake must count as not serving"


def test_the_hang_up_asks_for_a_long_exact_reply_and_times_the_next_request():
    """A reply that may end early would not test whether the server notices a client leaving."""
    seen, route = [], Route("llama-cpp", "http://server", "served")
    answers, _ = answers_to_mistakes(route, GOOD, {}, STORY, transport=fake_server(seen))
    stream = json.loads(seen[0].content)
    assert stream["stream"] and stream["max_tokens"] == HANG_UP_TOKENS and stream["ignore_eos"]
    assert stream["messages"] == STORY, "the long reply must be the story"
    assert answers[HANG_UP_CASE].startswith("200; the next request: 200 in "), answers


def test_a_skipped_mistake_is_not_sent_and_says_so():
    """The over-long prompt would tie up both cores on transformers serve: skipped, it must show
    as not sent, not as a missing row.
    """
    seen, route = [], Route("transformers", "http://server", "served")
    answers, _ = answers_to_mistakes(
        route, GOOD, MISTAKES, STORY, skip=["malformed JSON"], transport=fake_server(seen)
    )
    assert answers["malformed JSON"] == NOT_SENT
    assert all(r.content != MISTAKES["malformed JSON"] for r in seen), "a skipped case was sent"


def test_said_reads_each_servers_error_shape():
    """llama.cpp and the guard answer OpenAI's {"error": {"message"}}, FastAPI {"detail"}, a
    crash plain text: the table must show the message in each case, on one line.
    """
    assert said(httpx.Response(400, json={"error": {"message": "bad\nfield"}})) == "bad field"
    assert said(httpx.Response(422, json={"detail": [{"msg": "JSON"}]})) == "[{'msg': 'JSON'}]"
    assert said(httpx.Response(500, text="Internal Server Error")) == "Internal Server Error"
    assert said(httpx.Response(200, json=REPLY)) == "a reply: 'Hello'"
    assert len(said(httpx.Response(400, text="x" * 500))) == 60


def test_status_codes_leave_out_what_was_not_sent():
    """A case not sent has no status: read as one, it would fail the check for 5xx answers."""
    answers = {"a": "400 bad", "b": NOT_SENT, HANG_UP_CASE: "200; the next request: 200 in 0.1 s"}
    assert status_codes(answers) == {"a": 400, HANG_UP_CASE: 200}
