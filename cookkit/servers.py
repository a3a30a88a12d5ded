"""One launcher for every server the recipes start, and the command that starts each engine.

``launched(command, log_file)`` runs a server for the length of a ``with`` block: it takes a free
port (written into the command wherever ``{port}`` appears), waits until the server answers its
readiness path, fails at once with the end of the server's log if it dies first, and stops it, with
everything it started, when the block ends, after an error too. The server runs under
``cookkit.watchdog``, so it stops within a second or two of its parent's death even when the parent
is killed and runs nothing on the way out.

The engines' commands: ``llama_cpp_command`` (llama.cpp's own HTTP server, from the ``xllamacpp``
wheel), ``transformers_command`` (``transformers serve``, optionally behind the request guard of
``cookkit.request_guard``) and ``vllm_command`` (GPUs). ``llama_server`` combines launcher and
llama.cpp for the recipes that only need a URL.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PORT = "{port}"
"""Written in a command where the launcher's free port goes."""


class ServerError(RuntimeError):
    """A server that stopped before it answered, or never answered; the message ends with its
    log.
    """


@dataclass(frozen=True)
class RunningServer:
    """A server the launcher started: where it answers, its process, and its log."""

    url: str
    port: int
    process: subprocess.Popen
    log_file: Path

    def log_tail(self, characters: int = 2000) -> str:
        """The end of the server's log."""
        return log_tail(self.log_file, characters)


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Return whether a server answers ``url``. A 4xx counts (it is up and refuses us); a 5xx, as
    llama.cpp's 503 while it loads its model, does not.
    """
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError as error:
        return error.code < 500
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def log_tail(log_file: Path, characters: int = 2000) -> str:
    """The last ``characters`` of ``log_file``, or a note that it is empty."""
    try:
        text = Path(log_file).read_text(errors="replace")
    except OSError:
        text = ""
    return text[-characters:] if text.strip() else "(the log is empty)"


@contextmanager
def launched(
    command: Sequence[str],
    log_file: str | Path,
    *,
    ready: str = "/health",
    host: str = "127.0.0.1",
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    timeout: float = 180,
    name: str = "",
) -> Iterator[RunningServer]:
    """Run the server ``command`` for the length of the block; yield a ``RunningServer``.

    ``{port}`` in ``command`` becomes a free port on ``host``; the server is ready when
    ``http://127.0.0.1:PORT`` + ``ready`` answers. Its output goes to ``log_file``. Raises
    ``ServerError`` with the log's tail if the server dies before it is ready or does not answer in
    ``timeout`` seconds; ``name`` says which server in that message (by default, the command's
    first word). On leaving, the server and every process it started get SIGTERM, then
    SIGKILL after a few seconds.
    """
    port = free_port(host)
    argv = [str(part).replace(PORT, str(port)) for part in command]
    name = name or Path(argv[0]).name
    watched = [sys.executable, "-m", "cookkit.watchdog", str(os.getpid()), "--", *argv]
    log_file = Path(log_file)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w") as log:
        process = subprocess.Popen(
            watched,
            cwd=cwd,
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C meant for the notebook goes to the watchdog only
        )
    running = RunningServer(f"http://127.0.0.1:{port}", port, process, log_file)
    try:
        deadline = time.monotonic() + timeout
        while not answers(running.url + ready):
            if process.poll() is not None:
                raise ServerError(
                    f"{name} stopped with code {process.returncode} before it "
                    f"answered {ready}; the end of {log_file.name}:\n{running.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise ServerError(
                    f"{name} did not answer {ready} in {timeout:.0f} s; the end of "
                    f"{log_file.name}:\n{running.log_tail()}"
                )
            time.sleep(0.1)
        yield running
    finally:
        stop(process)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a server started by ``launched``: its watchdog stops the server's whole group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


LLAMA_CPP_SCRIPT = """
import json, os, sys, threading
import xllamacpp

settings = json.loads(sys.argv[1])
params = xllamacpp.CommonParams()
params.model.path = settings["model"]
params.model_alias = {settings["alias"]}  # a set of names: a bare string would become its letters
params.hostnames = [settings["host"]]
params.api_keys = [os.environ["LLAMA_API_KEY"]] if os.environ.get("LLAMA_API_KEY") else []
params.port = int(settings["port"])
params.n_parallel = settings["slots"]
params.n_ctx = settings["slots"] * settings["context"]
params.cpuparams.n_threads = params.cpuparams_batch.n_threads = settings["threads"]
params.verbosity = -1
server = xllamacpp.Server(params)  # serves from its own threads until this process is stopped
threading.Event().wait()
"""


def llama_cpp_command(
    gguf_file: str | Path,
    threads: int = 2,
    slots: int = 4,
    context: int = 512,
    host: str = "127.0.0.1",
    alias: str = "model",
) -> list[str]:
    """The command that serves ``gguf_file`` with llama.cpp's HTTP server (the ``xllamacpp`` wheel).

    ``slots`` requests decode side by side with ``context`` tokens each; the server answers to the
    model name ``alias`` and listens on ``host``. An API key, if any, goes in the environment as
    ``LLAMA_API_KEY``, out of the process list. In a process of its own, not the notebook's: there
    it would share OpenMP's threads with PyTorch, and run slower.
    """
    settings = dict(model=str(gguf_file), port=PORT, threads=threads, slots=slots)
    settings.update(context=context, host=host, alias=alias)
    return [sys.executable, "-c", LLAMA_CPP_SCRIPT, json.dumps(settings)]


def transformers_command(
    model: str,
    host: str = "127.0.0.1",
    device: str = "cpu",
    kv_blocks: int = 64,
    guard: bool = False,
) -> list[str]:
    """The command that serves the model folder ``model`` with ``transformers serve``.

    Run it from the folder that holds ``model``: clients ask for the model by that name. With
    ``guard``, each request is checked first (``cookkit.request_guard``); the API key goes in the
    environment as ``SERVE_API_KEY``.
    """
    command = [sys.executable, "-m", "cookkit.transformers_server", model, "--port", PORT]
    command += ["--host", host, "--device", device, "--kv-blocks", str(kv_blocks)]
    return command + ["--guard"] * guard


def vllm_command(
    model: str | Path,
    served_name: str,
    host: str = "127.0.0.1",
    max_model_len: int = 2048,
    gpu_memory_utilization: float = 0.5,
) -> list[str]:
    """The command that serves ``model`` with vLLM (CUDA GPUs); its key goes in ``VLLM_API_KEY``."""
    command = ["vllm", "serve", str(model), "--served-model-name", served_name, "--host", host]
    command += ["--port", PORT, "--max-model-len", str(max_model_len)]
    return command + ["--gpu-memory-utilization", str(gpu_memory_utilization)]


@contextmanager
def llama_server(
    gguf_file: str | Path,
    threads: int = 2,
    slots: int = 4,
    context: int = 512,
    host: str = "127.0.0.1",
    api_key: str = "",
    alias: str = "model",
    log_file: str | Path | None = None,
) -> Iterator[str]:
    """Serve ``gguf_file`` with llama.cpp for the length of the block; yield its base URL.

    Its log goes to ``log_file``, or to a temporary file that is gone after the block.
    """
    command = llama_cpp_command(gguf_file, threads, slots, context, host, alias)
    env = dict(os.environ, LLAMA_API_KEY=api_key)
    with tempfile.TemporaryDirectory() as scratch:
        log_file = log_file or Path(scratch) / "llama-server.log"
        with launched(
            command, log_file, host=host, env=env, timeout=120, name="llama.cpp's server"
        ) as server:
            yield server.url
