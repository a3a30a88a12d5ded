"""The serve recipe's endpoints: one served model as a ``Route``, and starting one as a route.

A route is what a client needs to call one served model: the engine behind it, its base URL, the
model name to ask for, its API key, and an ``openai`` client made from them. ``Route.exactly(n)``
gives the request options that make that engine write exactly ``n`` tokens, which each engine
spells differently, and ``Route.chat_exactly`` sends a greedy chat completion of that length: the
load test and the server-overhead pairs need replies of one length, or their speeds would not
compare.

``serving`` starts a server through the cookbook's launcher (``cookkit.servers.launched``), with
the API key in the environment variable that engine reads (never on its command line), and yields
its ``Route``, timed from start to ready.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openai import OpenAI

from cookkit.servers import launched

KEY_VARIABLES = {
    "transformers": "SERVE_API_KEY",  # read by the guard (cookkit.transformers_server --guard)
    "llama-cpp": "LLAMA_API_KEY",  # read by cookkit.servers.llama_cpp_command's script
    "vllm": "VLLM_API_KEY",  # read by vllm serve itself
}
"""The environment variable each engine reads its API key from."""


@dataclass
class Route:
    """One served model: its engine, base URL, the model name to ask for, its key ("" for none),
    and how long its server took to be ready.
    """

    engine: str
    url: str
    model: str
    key: str = ""
    ready_s: float = 0.0
    client: OpenAI = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.client = OpenAI(
            base_url=f"{self.url}/v1", api_key=self.key or "none", max_retries=0, timeout=300
        )

    def exactly(self, n: int) -> dict[str, Any]:
        """The request options (``extra_body``) that make this route's engine write exactly ``n``
        tokens.

        ``transformers serve`` refuses ``ignore_eos`` (422) but takes a generation config as JSON,
        which replaces the model's own; llama.cpp and vLLM take ``ignore_eos``, and vLLM also
        needs ``min_tokens``.
        """
        if self.engine == "transformers":
            config = {"min_new_tokens": n, "max_new_tokens": n, "do_sample": False}
            return {"generation_config": json.dumps(config)}
        return {"ignore_eos": True} | ({"min_tokens": n} if self.engine == "vllm" else {})

    def chat_exactly(self, messages: list[dict[str, str]], n: int, **options: Any) -> Any:
        """A greedy chat completion of exactly ``n`` tokens for ``messages``, through the
        ``openai`` client: the reply, or with ``stream=True`` the stream of its chunks.
        ``options`` go to ``chat.completions.create`` as they are.
        """
        return self.client.chat.completions.create(
            model=self.model,
            messages=messages,
            max_tokens=n,
            temperature=0,
            extra_body=self.exactly(n),
            **options,
        )


def key_environment(engine: str, key: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (by default this process's environment) with ``key`` in the variable ``engine``
    reads its API key from; an empty ``key`` clears that variable, so no key is checked.
    """
    if engine not in KEY_VARIABLES:
        raise ValueError(f"no API-key variable known for engine {engine!r}: {list(KEY_VARIABLES)}")
    return dict(os.environ if base is None else base, **{KEY_VARIABLES[engine]: key})


@contextmanager
def serving(
    engine: str,
    command: Sequence[str],
    log_file: str | Path,
    model: str,
    key: str = "",
    *,
    host: str = "127.0.0.1",
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    name: str = "",
) -> Iterator[Route]:
    """Serve ``command`` (one of ``cookkit.servers``' engine commands) for the length of the block
    and yield its ``Route`` to ``model``, with ``ready_s`` measured from start to ready.

    ``key`` goes into ``env`` (by default this process's environment) as the engine's key
    variable (``KEY_VARIABLES``). The server's output goes to ``log_file``; ``name`` says which
    server in the launcher's errors.
    """
    started = time.perf_counter()
    environment = key_environment(engine, key, env)
    with launched(command, log_file, host=host, env=environment, cwd=cwd, name=name) as server:
        yield Route(engine, server.url, model, key, ready_s=time.perf_counter() - started)
