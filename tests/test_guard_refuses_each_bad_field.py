"""The serve recipe's guard refuses a wrong type or value in any field of a chat request, naming it.

`transformers serve` checks field names, not values: `"temperature": "hot"` came back as a 500, and
a message with an unknown role was answered. The guard validates every request against OpenAI's
own request type with pydantic (`cookkit.request_guard`). This goes through every field of that
schema with a value of the wrong type, and through every documented range, and expects each to be
refused with the field named, while a request using the common fields well passes.
"""

import json
from typing import get_type_hints

import pytest

from cookkit.request_guard import RANGES, ChatRequest, request_problem

GOOD = {
    "model": "served-model",
    "messages": [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": [{"type": "text", "text": "And of Italy?"}]},
    ],
    "max_tokens": 8,
    "temperature": 0.7,
    "top_p": 1,
    "stream": True,
    "seed": 1,
    "stop": ["\n"],
}
NUMBER = {"role": "user", "content": 5}
FIELDS = sorted(get_type_hints(ChatRequest))


def problem_with(**changes):
    return request_problem(json.dumps(GOOD | changes))


def wrong_type_for(field: str):
    """A value of the wrong type for ``field``: a number where text is accepted, else text."""
    return 12345.5 if "str" in str(get_type_hints(ChatRequest)[field]) else "hot"


def test_a_good_request_passes():
    assert request_problem(json.dumps(GOOD)) is None


@pytest.mark.parametrize("field", FIELDS)
def test_a_wrong_type_is_refused_naming_the_field(field):
    found = problem_with(**{field: wrong_type_for(field)})
    assert found is not None, f"{field}={wrong_type_for(field)!r} passed the guard"
    assert found[0] == field, f"{field}: the refusal names {found[0]!r} instead: {found[1]}"


@pytest.mark.parametrize("field", sorted(RANGES))
def test_a_value_out_of_range_is_refused(field):
    found = problem_with(**{field: -5})
    assert found and found[0] == field, f"{field}=-5 was not refused by its range: {found}"


@pytest.mark.parametrize(
    ("case", "body", "field"),
    [
        ("unknown field", GOOD | {"temperatur": 0.5}, "temperatur"),
        ("no messages", {k: v for k, v in GOOD.items() if k != "messages"}, "messages"),
        ("empty messages", GOOD | {"messages": []}, "messages"),
        ("unknown role", GOOD | {"messages": [{"role": "robot", "content": "hi"}]}, "messages.0"),
        (
            "content not text",
            GOOD | {"messages": [{"role": "user", "content": 5}]},
            "messages.0.content",
        ),
        ("a string for max_tokens", GOOD | {"max_tokens": "8"}, "max_tokens"),
        ("zero max_tokens", GOOD | {"max_tokens": 0}, "max_tokens"),
        ("a body that is a list", [GOOD], "body"),
    ],
)
def test_common_mistakes_are_refused(case, body, field):
    found = request_problem(json.dumps(body))
    assert found and found[0] == field, f"{case}: expected a refusal naming {field!r}, got {found}"
    assert field in found[1] or field == "body", f"{case}: the message does not name it: {found[1]}"


def test_malformed_json_is_refused():
    found = request_problem(b'{"model": "x", "messages": [')
    assert found and "not valid JSON" in found[1]


def test_items_of_lazily_checked_lists_are_checked():
    parts = [{"role": "user", "content": [{"type": "sound", "text": "hi"}]}]
    found = problem_with(messages=parts)
    assert found and found[0].startswith("messages.0.content"), (
        f"a bad content part passed: {found}"
    )
