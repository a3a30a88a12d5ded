"""The CPU engines, as the serve recipe deploys them, refuse a client's mistakes and a missing key.

llama.cpp's server (with its own key option) and `transformers serve` behind the recipe's guard
(`python -m cookkit.transformers_server --guard`) are started on the default model. Each must
answer a good request, give every bad request a 4xx with an OpenAI-style error body (a 500 means
the server broke on a client's mistake), refuse requests without the right key with a 401, keep
serving after each, and leave no process behind when it stops. Without these checks a change to
the guard or an engine upgrade could turn a 400 into a 500, or open an endpoint to anyone who can
reach its port, and only a reader would notice.
"""

import json
import os
from pathlib import Path

import httpx
import pytest

from cookkit.models import converted_embedded_model, embedded_gguf
from cookkit.servers import answers, launched, llama_server, transformers_command

pytestmark = pytest.mark.slow
KEY = "a-key-for-this-test-only"
NAME = "served-model"
ASK = [{"role": "user", "content": "What is the capital of France?"}]
JSON = {"Content-Type": "application/json"}
MISTAKES = {
    "malformed JSON": b'{"model": "x", "messages": [',
    "no messages": {"model": NAME, "max_tokens": 8},
    "negative max_tokens": {"model": NAME, "messages": ASK, "max_tokens": -3},
    "prompt longer than the context": {
        "model": NAME,
        "messages": [{"role": "user", "content": "word " * 9000}],
        "max_tokens": 8,
    },
}


GUARDED = {  # the guard also refuses what llama.cpp lets through (an unknown role gets a reply)
    "a temperature of 'hot'": {"model": NAME, "messages": ASK, "temperature": "hot"},
    "an unknown role": {"model": NAME, "messages": [{"role": "robot", "content": "Hi"}]},
}


def children():
    """The process ids whose parent is this test process."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


def check_endpoint(url, mistakes=MISTAKES):
    """Assert the rules of this file against the running server at ``url``."""
    key = {"Authorization": f"Bearer {KEY}"}
    good = {"model": NAME, "messages": ASK, "max_tokens": 8}
    fresh = httpx.Limits(max_keepalive_connections=0)  # a server may close after an error
    with httpx.Client(base_url=f"{url}/v1", timeout=120, limits=fresh) as http:
        reply = http.post("/chat/completions", json=good, headers=key)
        assert reply.status_code == 200, f"a good request got {reply.status_code}: {reply.text}"
        assert reply.json()["choices"][0]["message"]["content"], "a good request got no text"
        for case, body in mistakes.items():
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            sent = http.post("/chat/completions", content=raw, headers=key | JSON)
            assert 400 <= sent.status_code < 500, (
                f"{case}: answered {sent.status_code} ({sent.text[:200]}); a client's mistake "
                "must get a 4xx"
            )
            error = sent.json().get("error") if "json" in sent.headers["content-type"] else None
            assert isinstance(error, dict) and error.get("message"), (
                f"{case}: the body is not an OpenAI-style error {{'error': {{'message': ...}}}}: "
                f"{sent.text[:200]}"
            )
            again = http.post("/chat/completions", json=good, headers=key)
            assert again.status_code == 200, f"after {case}, a good request got {again.status_code}"
        for headers in ({}, {"Authorization": "Bearer not-the-key"}):
            refused = http.post("/chat/completions", json=good, headers=headers)
            assert refused.status_code == 401, (
                f"a request with {headers or 'no key'} got {refused.status_code}, not 401"
            )


def test_llama_cpp_server(tmp_path):
    before = set(children())
    with llama_server(
        embedded_gguf(), threads=1, slots=2, context=512, api_key=KEY, alias=NAME
    ) as url:
        check_endpoint(url)
    assert not answers(f"{url}/health"), "llama.cpp's server still answers after it stopped"
    assert set(children()) <= before, "llama.cpp's server process was left running"


def test_transformers_serve_behind_the_guard(tmp_path):
    folder, _ = converted_embedded_model()
    (tmp_path / NAME).symlink_to(folder, target_is_directory=True)
    command = transformers_command(NAME, kv_blocks=16, guard=True)
    env = dict(os.environ, SERVE_API_KEY=KEY, OMP_NUM_THREADS="1")
    with launched(command, tmp_path / "server.log", cwd=tmp_path, env=env) as server:
        check_endpoint(server.url, MISTAKES | GUARDED)
    process, url = server.process, server.url
    assert process.poll() is not None, "transformers serve was left running"
    assert not answers(f"{url}/health"), "transformers serve still answers after it stopped"
