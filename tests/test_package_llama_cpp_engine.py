"""cookkit.llama_cpp_engine: llama.cpp's engine without its server, timed in a worker process.

The serve recipe measures what a server costs by timing each request on the bare engine beside
the same request on the server. The worker here loads a stand-in ``xllamacpp`` (no model, no
wheel needed): it records how it was set up and what it was asked, so the tests can see that the
worker is configured as asked, warms up before it is timed, runs one request per ``speed`` call,
says so when it dies, and stops when its input closes.
"""

import io
import json
import os
from pathlib import Path

import pytest

from cookkit.llama_cpp_engine import WARM_UP_TOKENS, BareLlamaCpp, timed_runs

ROOT = Path(__file__).resolve().parents[1]
FAKE_XLLAMACPP = """
import json, os, time
from types import SimpleNamespace

LOG = os.environ["FAKE_LLAMA_LOG"]


class CommonParams:
    def __init__(self):
        self.model = SimpleNamespace(path=None)
        self.cpuparams = SimpleNamespace(n_threads=None)
        self.cpuparams_batch = SimpleNamespace(n_threads=None)


class Server:
    def __init__(self, params):
        if not os.path.exists(params.model.path):
            raise FileNotFoundError(params.model.path)
        setup = dict(model=params.model.path, n_ctx=params.n_ctx, port=params.port,
                     threads=params.cpuparams.n_threads,
                     batch_threads=params.cpuparams_batch.n_threads)
        with open(LOG, "a") as log:
            log.write(json.dumps({"setup": setup}) + "\\n")

    def handle_chat_completions(self, request):
        with open(LOG, "a") as log:
            log.write(json.dumps({"request": request}) + "\\n")
        time.sleep(0.01)
        return {"usage": {"completion_tokens": request["max_tokens"]}}
"""
REQUEST = {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 32}


@pytest.fixture
def fake_engine(tmp_path, monkeypatch):
    """A stand-in xllamacpp on the worker's path and a model file; returns (model, log)."""
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "xllamacpp.py").write_text(FAKE_XLLAMACPP)
    paths = [str(tmp_path / "fake"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.setenv("FAKE_LLAMA_LOG", str(tmp_path / "log.jsonl"))
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    return model, tmp_path / "log.jsonl"


def logged(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_each_speed_call_times_one_request_after_a_warm_up(fake_engine):
    """Without the warm-up the first timed request pays for loading; without one request per call
    the pairs of bare and served requests would not be side by side.
    """
    model, log = fake_engine
    with BareLlamaCpp(model, 2, REQUEST) as engine:
        speeds = [engine.speed(), engine.speed()]
    assert all(0 < s <= 32 / 0.01 for s in speeds), f"speeds {speeds}: 32 tokens in >= 10 ms each"
    asked = [entry["request"]["max_tokens"] for entry in logged(log) if "request" in entry]
    assert asked == [WARM_UP_TOKENS, 32, 32], f"the engine was asked for {asked} tokens"


def test_the_worker_loads_the_file_with_the_threads_and_context_asked(fake_engine):
    """A worker on the wrong file, or with another thread count than the server, would compare
    the server with a different engine.
    """
    model, log = fake_engine
    with BareLlamaCpp(model, 3, REQUEST, context=256) as engine:
        engine.speed()
    setup = logged(log)[0]["setup"]
    assert setup == dict(model=str(model), n_ctx=256, port=0, threads=3, batch_threads=3), setup


def test_a_worker_that_dies_says_so(fake_engine):
    """A worker that failed to load (a missing file) must stop the recipe with a message, not
    hang it on a pipe or hand back a speed of nothing.
    """
    model, _ = fake_engine
    with BareLlamaCpp(model.with_name("missing.gguf"), 1, REQUEST) as engine:
        with pytest.raises(RuntimeError, match="worker stopped"):
            engine.speed()


def test_closing_stops_the_worker(fake_engine):
    """A worker left running would hold a model in memory and spin threads on a 2-core machine."""
    model, _ = fake_engine
    engine = BareLlamaCpp(model, 1, REQUEST)
    engine.speed()
    engine.close()
    assert engine.process.poll() is not None, "the worker still runs after close()"


def test_timed_runs_writes_one_speed_per_line_asked():
    """The parent reads one line per request: a missing or extra line would shift every pair."""
    out = io.StringIO()
    timed_runs(lambda r: {"usage": {"completion_tokens": r["max_tokens"]}}, REQUEST, "ab", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(float(line) > 0 for line in lines), lines
