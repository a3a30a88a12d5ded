"""cookkit.endpoints: a served model as a route, and starting a server as one.

Each engine forces an exact reply length its own way: a load test that sends llama.cpp's option
to `transformers serve` gets 422s, and one that forgets vLLM's `min_tokens` times replies of any
length. The API key must reach the variable the engine reads, or a server meant to check keys
would serve anyone.
"""

import json
import sys
import urllib.request
from types import SimpleNamespace

import pytest

from cookkit.endpoints import KEY_VARIABLES, Route, key_environment, serving
from cookkit.servers import PORT

# Serves /health, and writes the API-key variables it was started with to the file argv[2].
KEY_SERVER = """
import http.server, json, os, sys
names = ("SERVE_API_KEY", "LLAMA_API_KEY", "VLLM_API_KEY")
open(sys.argv[2], "w").write(json.dumps({n: os.environ.get(n) for n in names}))
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def test_each_engine_gets_its_own_exact_length_options():
    """transformers serve refuses ignore_eos (422) and takes a generation config; llama.cpp
    takes ignore_eos; vLLM also needs min_tokens, or its replies may still end early.
    """
    config = Route("transformers", "http://x", "m").exactly(7)
    assert (
        json.loads(config["generation_config"])
        == {
            "min_new_tokens": 7,
            "max_new_tokens": 7,
            "do_sample": False,
        }
        and "ignore_eos" not in config
    ), f"transformers serve got {config}"
    assert Route("llama-cpp", "http://x", "m").exactly(7) == {"ignore_eos": True}
    assert Route("vllm", "http://x", "m").exactly(7) == {"ignore_eos": True, "min_tokens": 7}


def test_chat_exactly_asks_for_n_greedy_tokens_with_the_engines_options():
    """The load test and the overhead pairs compare speeds of replies of one length: the request
    must carry max_tokens, temperature 0 and the engine's exact-length options.
    """
    route, sent = Route("llama-cpp", "http://127.0.0.1:9", "served"), {}
    create = lambda **request: sent.update(request) or "reply"  # noqa: E731
    route.client = SimpleNamespace(chat=SimpleNamespace(completions=SimpleNamespace(create=create)))
    assert route.chat_exactly([{"role": "user", "content": "Hi"}], 5, stream=True) == "reply"
    assert sent == {
        "model": "served",
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 5,
        "temperature": 0,
        "extra_body": {"ignore_eos": True},
        "stream": True,
    }, f"chat_exactly sent {sent}"


def test_a_route_without_a_key_still_makes_a_client_for_its_url():
    """The openai client refuses an empty key; a route to a server without one must still talk."""
    route = Route("transformers", "http://127.0.0.1:8000", "served")
    assert str(route.client.base_url).rstrip("/") == "http://127.0.0.1:8000/v1"
    assert route.client.api_key == "none" and route.key == ""


def test_the_key_goes_into_the_variable_its_engine_reads():
    """A key in the wrong variable leaves a server open to anyone; an empty key must clear one
    that the environment already holds, or an unguarded server would get a stale key.
    """
    for engine, variable in KEY_VARIABLES.items():
        env = key_environment(engine, "secret", {"PATH": "/bin"})
        assert env == {"PATH": "/bin", variable: "secret"}, f"{engine}: {env}"
    assert key_environment("llama-cpp", "", {"LLAMA_API_KEY": "old"})["LLAMA_API_KEY"] == ""
    with pytest.raises(ValueError, match="llama-cpp"):
        key_environment("no-such-engine", "secret")


def test_serving_yields_a_route_at_the_servers_url_with_the_key_in_its_environment(tmp_path):
    """The route must point at the port the launcher chose, carry the key its clients send, and
    the server must have been started with that key where its engine reads it.
    """
    seen = tmp_path / "environment.json"
    command = [sys.executable, "-c", KEY_SERVER, PORT, seen]
    with serving("llama-cpp", command, tmp_path / "log", "served", "k3y") as route:
        with urllib.request.urlopen(f"{route.url}/health", timeout=5) as reply:
            assert reply.status == 200, f"the route's URL {route.url} does not reach the server"
        assert (route.engine, route.model, route.key) == ("llama-cpp", "served", "k3y")
        assert route.ready_s > 0, "the time until ready was not measured"
    assert json.loads(seen.read_text())["LLAMA_API_KEY"] == "k3y", seen.read_text()
