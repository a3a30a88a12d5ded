"""Sending a server the mistakes clients make, and reading what it answers.

The serve recipe lists the usual mistakes as request bodies (malformed JSON, no messages, a
negative ``max_tokens``, ...) and asks each route how it answers them. ``answers_to_mistakes``
sends each body as raw bytes (so that malformed JSON stays malformed), follows each with a good
request to see whether the server kept serving, and last opens a long streamed reply, hangs up
after three chunks and times the next request: a server that goes on writing to nobody makes it
wait. Each answer is its status code and the start of what the server said (``said``), so that a
table can show them side by side; ``status_codes`` reads the codes back for the recipe's checks.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Collection, Mapping
from typing import Any

import httpx

from cookkit.endpoints import Route

JSON_BODY = {"Content-Type": "application/json"}
NOT_SENT = "not sent (see below)"
"""The answer shown for a mistake that was left out (``skip``)."""
HANG_UP_CASE = "client hangs up mid-stream"
HANG_UP_TOKENS = 400
"""The length of the streamed reply the client leaves after three chunks."""


def said(response: httpx.Response, characters: int = 60) -> str:
    """The first ``characters`` of an error response's message (OpenAI's ``error.message``,
    FastAPI's ``detail``, or the raw text), or of a reply's text, on one line.
    """
    try:
        body = response.json()
        if response.is_success:
            return f"a reply: {body['choices'][0]['message']['content']!r}"[:characters]
        error = body.get("error") or body.get("detail") or body
        message = error.get("message", error) if isinstance(error, dict) else error
    except ValueError:
        message = response.text
    return str(message).replace("\n", " ")[:characters]


def answers_to_mistakes(
    route: Route,
    good: Mapping[str, Any],
    mistakes: Mapping[str, bytes | Mapping[str, Any]],
    story: list[dict[str, str]],
    skip: Collection[str] = (),
    transport: httpx.BaseTransport | None = None,
) -> tuple[dict[str, str], bool]:
    """What ``route`` answers to each of ``mistakes`` (a body, as bytes or JSON), and whether it
    answered the ``good`` request with a 200 after every one.

    Each answer is ``"<status> <what it said>"``; a case in ``skip`` is not sent. Last, a streamed
    reply to ``story`` for exactly ``HANG_UP_TOKENS`` tokens is left after three chunks, and the
    answer says how long the next good request took. ``transport`` replaces the network (tests).
    """
    answers, kept_serving = {}, True
    headers = {"Authorization": f"Bearer {route.key}"} if route.key else {}
    fresh = httpx.Limits(max_keepalive_connections=0)  # a server may close after an error
    with httpx.Client(
        base_url=f"{route.url}/v1", headers=headers, timeout=120, limits=fresh, transport=transport
    ) as http:
        for case, body in mistakes.items():
            if case in skip:
                answers[case] = NOT_SENT
                continue
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            sent = http.post("/chat/completions", content=raw, headers=JSON_BODY)
            kept_serving &= http.post("/chat/completions", json=dict(good)).status_code == 200
            answers[case] = f"{sent.status_code} {said(sent)}"
        answers[HANG_UP_CASE] = hang_up(http, route, good, story)
    return answers, kept_serving


def hang_up(
    http: httpx.Client, route: Route, good: Mapping[str, Any], story: list[dict[str, str]]
) -> str:
    """Open a streamed reply to ``story``, leave after three chunks; the stream's status, and the
    status and time of the ``good`` request sent next.
    """
    long_reply = dict(good) | {"messages": story, "max_tokens": HANG_UP_TOKENS, "stream": True}
    long_reply |= route.exactly(HANG_UP_TOKENS)
    with http.stream("POST", "/chat/completions", json=long_reply) as reply:
        for _, _ in zip(range(3), reply.iter_lines()):
            pass
    start = time.perf_counter()
    status = http.post("/chat/completions", json=dict(good)).status_code
    return f"{reply.status_code}; the next request: {status} in {time.perf_counter() - start:.1f} s"


def status_codes(answers: Mapping[str, str]) -> dict[str, int]:
    """The HTTP status of each answer that starts with one (a case left out has none)."""
    return {case: int(a[:3]) for case, a in answers.items() if re.match(r"\d{3}", a)}
