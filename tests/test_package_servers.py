"""cookkit.servers: the one launcher every engine starts through.

The launcher takes a free port, waits until the server answers, says why when it dies (with the end
of its log) and stops it, with every process it started, when the block ends, on an error too.
Without these, a server that failed to start would leave a recipe waiting for minutes with nothing
to read, and one left running would hold its port and memory after the notebook ended.
"""

import sys
import urllib.request
from pathlib import Path

import pytest
from toy_server import alive

from cookkit.servers import (
    PORT,
    ServerError,
    launched,
    llama_cpp_command,
    transformers_command,
    vllm_command,
)

TOY = Path(__file__).with_name("toy_server.py")


def test_a_server_answers_in_the_block_and_is_gone_after_it(tmp_path):
    pid_file = tmp_path / "pid"
    with launched([sys.executable, TOY, PORT, pid_file], tmp_path / "log") as server:
        with urllib.request.urlopen(server.url + "/health", timeout=5) as reply:
            assert reply.status == 200
        assert f":{server.port}" in server.url
    assert server.process.poll() is not None, "the watchdog still runs after the block"
    assert not alive(int(pid_file.read_text())), "the server still runs after the block"


def test_an_error_in_the_block_still_stops_the_server(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(ZeroDivisionError):
        with launched([sys.executable, TOY, PORT, pid_file], tmp_path / "log"):
            1 / 0
    assert not alive(int(pid_file.read_text())), "the server outlived an error in its block"


def test_a_server_that_dies_says_why(tmp_path):
    crash = [sys.executable, "-c", "import sys; print('no such model: x.gguf'); sys.exit(3)"]
    with pytest.raises(ServerError, match=r"(?s)code 3.*no such model: x\.gguf"):
        with launched(crash, tmp_path / "log"):
            pass


def test_a_server_that_never_answers_times_out_with_its_log(tmp_path):
    silent = [sys.executable, "-c", "print('loading...', flush=True); import time; time.sleep(60)"]
    with pytest.raises(ServerError, match=r"(?s)did not answer /health in 1 s.*loading\.\.\."):
        with launched(silent, tmp_path / "log", timeout=1):
            pass


def test_engine_commands_take_the_launchers_port_and_keep_keys_out():
    for command in (
        llama_cpp_command("model.gguf"),
        transformers_command("merged", guard=True),
        vllm_command("merged", "smollm2"),
    ):
        assert any(PORT in part for part in command), f"no {PORT} in {command}"
        assert not any("key" in part.lower() for part in command[3:] if "api_keys" not in part), (
            f"an API key belongs in the environment, not the process list: {command}"
        )
