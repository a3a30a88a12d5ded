"""Measuring a model behind an OpenAI-compatible chat server: its greedy answers, its decode speed.

The quantize recipe scores llama.cpp's server on each GGUF file with these, the way it scores
PyTorch models with ``cookkit.measures``: the same held-out chats for exact match, and exactly
``new_tokens`` generated tokens per timed request for speed. The share recipe asks its released
files the same questions. Only the standard library is used, so any recipe can import it.
"""

from __future__ import annotations

import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def chat(url: str, messages: list[dict], max_tokens: int, **options: Any) -> dict[str, Any]:
    """Return the greedy chat completion of ``messages`` by the server at ``url``, as OpenAI's JSON.

    ``options`` go into the request body as they are (``ignore_eos``, ``cache_prompt``, ...).
    """
    body = {"model": "model", "messages": messages, "max_tokens": max_tokens, "temperature": 0}
    request = urllib.request.Request(
        f"{url}/v1/chat/completions",
        data=json.dumps(body | options).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def served_answers(
    url: str, chats: list[list[dict]], max_tokens: int = 12, concurrent: int = 4
) -> list[str]:
    """Return the server's greedy answer to each chat, in order, ``concurrent`` requests at a time.

    Each answer is stripped of surrounding whitespace, as ``cookkit.measures.generate_answers``
    strips PyTorch's, so that exact match compares the two alike.
    """
    with ThreadPoolExecutor(concurrent) as pool:
        replies = list(pool.map(lambda messages: chat(url, messages, max_tokens), chats))
    return [reply["choices"][0]["message"]["content"].strip() for reply in replies]


def served_tokens_per_s(
    url: str, messages: list[dict], new_tokens: int, runs: int = 3
) -> list[float]:
    """Return the decode speed (tokens/s) of each of ``runs`` requests for exactly ``new_tokens``.

    A short untimed warm-up comes first; every request processes the prompt anew (no prompt cache),
    as ``model.generate`` does, and ignores the end-of-sequence token so that each one generates
    ``new_tokens``. Raises ``RuntimeError`` if the server generated another number of tokens.
    """
    exact = {"ignore_eos": True, "cache_prompt": False}
    chat(url, messages, min(8, new_tokens), **exact)
    speeds = []
    for _ in range(runs):
        start = time.perf_counter()
        produced = chat(url, messages, new_tokens, **exact)["usage"]["completion_tokens"]
        speeds.append(produced / (time.perf_counter() - start))
        if produced != new_tokens:
            raise RuntimeError(
                f"the server generated {produced} tokens instead of {new_tokens}: it does not "
                "honour ignore_eos, so its speed would not compare with model.generate's"
            )
    return speeds
