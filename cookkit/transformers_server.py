"""``transformers serve`` on one model, optionally behind a guard.

    python -m cookkit.transformers_server MODEL --port 8000 [--host H] [--guard] [--kv-blocks 64]

``MODEL`` is a model folder; clients ask for it by that name, so run this from the folder that
holds it and name it by its folder name. With ``--guard``, a middleware checks each request before
the engine sees it: the API key (from the environment variable ``SERVE_API_KEY``, never from the
command line, where other users of the machine can read it), the request against OpenAI's schema
(``cookkit.request_guard``), and that prompt and reply fit the model's context. Each refusal is a
4xx with an OpenAI-style error body. Started by ``cookkit.servers.launched``, it stops with the
process that started it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from transformers import AutoConfig, AutoTokenizer
from transformers.cli.serve import Serve

from cookkit.request_guard import request_problem


def refusal(status: int, message: str, param: str | None = None, kind="invalid_request_error"):
    """An error response in the shape OpenAI's clients read: ``{"error": {"message": ...}}``."""
    error = {"message": message, "type": kind, "param": param, "code": None}
    return JSONResponse({"error": error}, status)


class Guard(BaseHTTPMiddleware):
    """Refuses what the engine would answer with a 500, or silently get wrong."""

    def __init__(self, app, model: str, api_key: str = ""):
        super().__init__(app)
        self.api_key = api_key
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.context = AutoConfig.from_pretrained(model).max_position_embeddings

    async def dispatch(self, request, call_next):
        if self.api_key and request.url.path != "/health":
            given = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not secrets.compare_digest(given.encode(), self.api_key.encode()):
                return refusal(401, "missing or wrong API key", kind="authentication_error")
        if request.method == "POST" and request.url.path == "/v1/chat/completions":
            body = await request.body()
            problem = request_problem(body) or self.too_long(json.loads(body))
            if problem:
                return refusal(400, problem[1], param=problem[0])
        return await call_next(request)

    def too_long(self, body: dict) -> tuple[str, str] | None:
        """Whether the prompt and the reply asked for overflow the model's context."""
        wanted = body.get("max_completion_tokens") or body.get("max_tokens") or 1
        try:
            prompt = self.tokenizer.apply_chat_template(
                body["messages"], add_generation_prompt=True, return_dict=False
            )
        except Exception as error:  # a message the chat template cannot format
            return "messages", f"'messages' cannot be formatted by the chat template: {error}"
        if len(prompt) + wanted > self.context:
            return "messages", (
                f"the prompt has {len(prompt)} tokens and max_tokens is {wanted}: more than the "
                f"model's context of {self.context} tokens"
            )
        return None


class NotYetStarted(Serve):
    """``transformers serve`` built but not started, so middleware can be added first."""

    def start_server(self):
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--guard", action="store_true")
    parser.add_argument("--kv-blocks", type=int, default=64)
    parser.add_argument("--device", default="cpu")
    options = parser.parse_args(argv)
    serve = NotYetStarted(
        options.model,
        continuous_batching=True,
        cb_num_blocks=options.kv_blocks,  # else it reserves most of the machine's memory
        device=options.device,
        dtype="auto" if options.device.startswith("cuda") else "float32",
        host=options.host,
        port=options.port,
        non_blocking=True,
    )
    server = serve.server
    if options.guard:
        api_key = os.environ.get("SERVE_API_KEY", "")
        server.config.app.add_middleware(Guard, model=options.model, api_key=api_key)
    server.run()


if __name__ == "__main__":
    main()
