"""llama.cpp's engine without its server: a GGUF file in a worker process, timed request by request.

To know what a server costs, the serve recipe times each engine bare, beside its server. For
llama.cpp the bare engine is the same library its server runs (the ``xllamacpp`` wheel), with its
chat handler called directly: no HTTP, no JSON on a socket. It runs in a worker process of its own,
as the server does: in the notebook's process it would share OpenMP's threads with PyTorch, and
run slower. ``BareLlamaCpp`` starts the worker (``python -m cookkit.llama_cpp_engine SETTINGS``),
which loads the file, answers one warm-up request, then runs the request once for each line its
parent writes and prints that run's tokens/s. The worker stops when its standard input closes, so
it never outlives its parent, killed or not.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

WARM_UP_TOKENS = 8
"""Tokens of the warm-up request the worker runs before it is timed."""


class BareLlamaCpp:
    """A worker process running ``request`` (a chat completion, as a dict) on llama.cpp's engine
    with ``gguf_file`` and ``threads`` threads, once per call of ``speed``.

    Use it as a context manager, or call ``close``: closing its input stops the worker.
    """

    def __init__(
        self, gguf_file: str | Path, threads: int, request: Mapping[str, Any], context: int = 512
    ) -> None:
        settings = dict(model=str(gguf_file), threads=threads, context=context, request=request)
        self.command = [sys.executable, "-m", "cookkit.llama_cpp_engine", json.dumps(settings)]
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def speed(self) -> float:
        """Tokens/s of one run of the request, timed inside the worker."""
        assert self.process.stdin and self.process.stdout
        try:
            self.process.stdin.write("go\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # the worker is gone: the empty reply below says so
        line = self.process.stdout.readline()
        if not line.strip():
            code = self.process.wait()
            raise RuntimeError(
                f"llama.cpp's worker stopped (exit code {code}) without a speed: see its "
                f"messages above (standard error), e.g. a missing GGUF file or xllamacpp"
            )
        return float(line)

    def close(self) -> None:
        """Close the worker's input, which ends it, and wait for it."""
        if self.process.stdin and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> BareLlamaCpp:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


def timed_runs(
    handle: Callable[[dict[str, Any]], dict[str, Any]],
    request: dict[str, Any],
    lines: Iterable[str],
    out: TextIO,
) -> None:
    """Run ``request`` through ``handle`` (the engine's chat handler) once for each of ``lines``,
    writing each run's completion tokens per second to ``out``, one a line.
    """
    for _ in lines:
        start = time.perf_counter()
        done = handle(request)
        print(done["usage"]["completion_tokens"] / (time.perf_counter() - start), file=out)
        out.flush()


def main(argv: list[str]) -> None:
    """The worker: load the engine from the JSON settings in ``argv[0]``, warm it up, then time
    the request for each line on standard input.
    """
    import xllamacpp

    settings = json.loads(argv[0])
    params = xllamacpp.CommonParams()
    params.model.path = settings["model"]
    params.hostnames, params.port, params.n_ctx = ["127.0.0.1"], 0, settings["context"]
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = settings["threads"]
    params.verbosity = -1
    engine = xllamacpp.Server(params)  # its handlers are called directly: it serves no HTTP
    request = settings["request"]
    engine.handle_chat_completions(request | {"max_tokens": WARM_UP_TOKENS})
    try:
        timed_runs(engine.handle_chat_completions, request, sys.stdin, sys.stdout)
    except KeyboardInterrupt:  # the notebook's kernel interrupted or shut down: nothing to time
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
