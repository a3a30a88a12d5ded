"""Start ``transformers serve`` on one model, optionally behind a guard (the serve recipe).

    python transformers_server.py MODEL --port 8000 [--host 127.0.0.1] [--guard] [--kv-blocks 64]

``MODEL`` is a model folder; clients ask for it by that name, so run this from the folder that holds
it and name it by its folder name. With ``--guard``, a middleware checks each request before the
engine sees it: the API key (read from the environment variable ``SERVE_API_KEY``, never from the
command line, where other users of the machine can read it), that the body is JSON with a non-empty
``messages`` list and a positive ``max_tokens``, and that prompt and reply fit the model's context.
Each refusal is a 4xx with an OpenAI-style error body. The server stops when its standard input
closes (with ``--until-stdin-closes``), so it never outlives the notebook or test that started it.
"""

import argparse
import json
import os
import secrets
import sys
import threading

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from transformers import AutoConfig, AutoTokenizer
from transformers.cli.serve import Serve


def refusal(status, message, kind="invalid_request_error"):
    """An error response in the shape OpenAI's clients read: ``{"error": {"message": ...}}``."""
    return JSONResponse({"error": {"message": message, "type": kind, "code": status}}, status)


class Guard(BaseHTTPMiddleware):
    """Refuse what the engine would answer with a 500, or silently get wrong."""

    def __init__(self, app, model, api_key=""):
        super().__init__(app)
        self.api_key = api_key
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.context = AutoConfig.from_pretrained(model).max_position_embeddings

    async def dispatch(self, request, call_next):
        if self.api_key and request.url.path != "/health":
            given = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not secrets.compare_digest(given.encode(), self.api_key.encode()):
                return refusal(401, "missing or wrong API key", "authentication_error")
        if request.method == "POST" and request.url.path == "/v1/chat/completions":
            try:
                body = json.loads(await request.body())
            except ValueError:
                return refusal(400, "the request body is not JSON")
            problem = self.problem(body)
            if problem:
                return refusal(400, problem)
        return await call_next(request)

    def problem(self, body):
        """What is wrong with a chat request's body, or None."""
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not messages:
            return "'messages' must be a non-empty list of {role, content}"
        wanted = body.get("max_tokens", 1)
        if not isinstance(wanted, int) or isinstance(wanted, bool) or wanted < 1:
            return f"'max_tokens' must be a whole number from 1, not {wanted!r}"
        try:
            prompt = self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_dict=False
            )
        except Exception as error:  # a message the chat template cannot format
            return f"'messages' cannot be formatted: {error}"
        if len(prompt) + wanted > self.context:
            return (
                f"the prompt has {len(prompt)} tokens and max_tokens is {wanted}: more than the "
                f"model's context of {self.context} tokens"
            )
        return None


class NotYetStarted(Serve):
    """``transformers serve`` built but not started, so middleware can be added first."""

    def start_server(self):
        pass


def stop_after_stdin(server):
    """Stop ``server`` once standard input closes: when the process that started it exits."""
    sys.stdin.read()
    server.should_exit = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--guard", action="store_true")
    parser.add_argument("--kv-blocks", type=int, default=64)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--until-stdin-closes", action="store_true", help="for a parent process")
    options = parser.parse_args()
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
    if options.until_stdin_closes:
        threading.Thread(target=stop_after_stdin, args=(server,), daemon=True).start()
    server.run()


if __name__ == "__main__":
    main()
