"""cookkit.served_measures asks a chat server for greedy answers and times exact-length replies.

Without these checks answers could come back in the order the server finished them (exact match
would compare each answer with another chat's date), a reply's padding would count as a wrong
answer, a request could sample instead of decoding greedily, and a server that stops at its
end-of-sequence token would report the speed of a shorter reply than PyTorch's.
"""

import http.server
import json
import threading
import time

import pytest

from cookkit.served_measures import chat, served_answers, served_tokens_per_s


class FakeChatServer(http.server.ThreadingHTTPServer):
    """Answers /v1/chat/completions with the last message's text; ``tokens`` caps the reply."""

    def __init__(self, tokens=None):
        super().__init__(("127.0.0.1", 0), FakeChatHandler)
        self.tokens, self.bodies = tokens, []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class FakeChatHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(body)
        text = body["messages"][-1]["content"]
        time.sleep(0.05 if text.startswith("slow") else 0)  # the first chats finish last
        produced = min(body["max_tokens"], self.server.tokens or body["max_tokens"])
        reply = {
            "choices": [{"message": {"role": "assistant", "content": f"  {text}\n"}}],
            "usage": {"completion_tokens": produced},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(request):
    fake = FakeChatServer(getattr(request, "param", None))
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    yield fake
    fake.shutdown()
    fake.server_close()


def user(text):
    return [{"role": "user", "content": text}]


def test_answers_keep_the_order_of_the_chats_and_lose_their_padding(server):
    """Exact match pairs answer i with date i, even when later requests finish first."""
    chats = [user("slow one"), user("slow two"), user("three"), user("four")]
    answers = served_answers(server.url, chats, concurrent=4)
    assert answers == ["slow one", "slow two", "three", "four"], (
        f"answers out of order or unstripped: {answers}"
    )


def test_each_request_is_greedy_and_carries_its_options(server):
    """A sampled answer would make exact match vary from run to run."""
    chat(server.url, user("hello"), 5, ignore_eos=True)
    body = server.bodies[-1]
    assert body["temperature"] == 0, "the request is not greedy"
    assert body["max_tokens"] == 5 and body["ignore_eos"] is True, f"options lost: {body}"


def test_speed_is_one_number_per_timed_run_after_an_untimed_warm_up(server):
    """The warm-up pays for the server's first allocations; it must not count."""
    speeds = served_tokens_per_s(server.url, user("go"), new_tokens=16, runs=3)
    assert len(speeds) == 3 and all(s > 0 for s in speeds), f"speeds: {speeds}"
    assert len(server.bodies) == 4, "expected one warm-up request and three timed ones"
    assert all(b["ignore_eos"] and not b["cache_prompt"] for b in server.bodies), (
        "each request must ignore the end token and process its prompt anew"
    )


@pytest.mark.parametrize("server", [10], indirect=True)
def test_a_server_that_stops_early_is_refused(server):
    """Fewer tokens than asked would time a shorter reply, and flatter the engine."""
    with pytest.raises(RuntimeError, match="generated 10 tokens instead of 16"):
        served_tokens_per_s(server.url, user("go"), new_tokens=16, runs=2)
