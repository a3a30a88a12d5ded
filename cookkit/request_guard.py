"""What a chat request must be before an engine sees it: OpenAI's schema, checked by pydantic.

``transformers serve`` checks a request's field names, not their values: ``"temperature": "hot"``
reached the engine and came back as a 500, and a message with an unknown role was answered. The
serve recipe's guard (``cookkit.transformers_server --guard``) therefore checks every request
against ``ChatRequest`` first. That is the ``openai`` package's own type of a chat-completion
request (the one its client sends), with ``messages`` told apart by their ``role``, every
``Iterable`` made a ``list`` (``with_lists``) and the few fields ``transformers serve`` adds.
``pydantic`` validates it strictly, and ``RANGES`` holds the bounds OpenAI documents for the
numbers. ``request_problem`` returns the first thing wrong, naming the field, so a client gets a
400 that says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import (
    Annotated,
    Any,
    Union,
    get_args,
    get_origin,
)

from openai.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionDeveloperMessageParam,
    ChatCompletionFunctionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionToolMessageParam,
    ChatCompletionUserMessageParam,
)
from openai.types.chat.completion_create_params import CompletionCreateParamsBase
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import (  # typing's own TypedDict lacks what pydantic reads before 3.12
    NotRequired,
    Required,
    TypedDict,
    get_type_hints,
    is_typeddict,
)


def with_lists(kind: Any, made: dict[Any, Any] | None = None) -> Any:
    """``kind`` with every ``Iterable[X]`` inside it, in nested TypedDicts too, made ``list[X]``.

    pydantic checks the items of an ``Iterable`` only as they are read, and reads a string as an
    iterable of characters, so ``openai``'s types (``tools``, ``functions``, a message's content
    parts) would let any value through unread. A list is checked at once, item by item.
    """
    made = {} if made is None else made
    if is_typeddict(kind):
        if kind not in made:
            hints = get_type_hints(kind, include_extras=True)
            fields = {name: with_lists(hint, made) for name, hint in hints.items()}
            made[kind] = TypedDict(kind.__name__, fields, total=kind.__total__)
        return made[kind]
    origin, arguments = get_origin(kind), get_args(kind)
    if origin in (Iterable, list):
        return list[with_lists(arguments[0], made)]
    if origin is Annotated:
        return Annotated[(with_lists(arguments[0], made), *kind.__metadata__)]
    if origin is Union:
        return Union[tuple(with_lists(argument, made) for argument in arguments)]  # noqa: UP007
    if origin in (Required, NotRequired):
        return origin[with_lists(arguments[0], made)]
    if origin is dict:
        return dict[arguments[0], with_lists(arguments[1], made)]
    return kind


MESSAGE_TYPES = (
    ChatCompletionDeveloperMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
    ChatCompletionAssistantMessageParam,
    ChatCompletionToolMessageParam,
    ChatCompletionFunctionMessageParam,
)
Message = Annotated[
    Union[tuple(with_lists(m) for m in MESSAGE_TYPES)],  # noqa: UP007 (built from a tuple)
    Field(discriminator="role"),
]
"""One message of a chat, its type chosen by its ``role``."""

ChatRequest = with_config(ConfigDict(extra="forbid"))(
    TypedDict(
        "ChatRequest",
        {
            **get_type_hints(with_lists(CompletionCreateParamsBase), include_extras=True),
            "messages": Required[Annotated[list[Message], Field(min_length=1)]],
            "stream": bool | None,
            "generation_config": str,  # transformers serve's own: a GenerationConfig as JSON
            "chat_template_kwargs": dict,  # transformers serve's own: passed to the chat template
        },
        total=False,
    )
)
"""OpenAI's chat-completion request, as ``transformers serve`` takes it."""


class Ranges(BaseModel):
    """The bounds OpenAI documents for a request's numbers (their types are ``ChatRequest``'s)."""

    model_config = ConfigDict(extra="ignore")

    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, ge=0, le=1)
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    n: int | None = Field(None, ge=1, le=128)
    frequency_penalty: float | None = Field(None, ge=-2, le=2)
    presence_penalty: float | None = Field(None, ge=-2, le=2)
    top_logprobs: int | None = Field(None, ge=0, le=20)


RANGES = {name: field.metadata for name, field in Ranges.model_fields.items()}
SCHEMA = TypeAdapter(ChatRequest)
TYPE_NAMES = {"str", "int", "float", "bool", "list", "dict", "none", "iterable"}


def field_name(location: tuple[Any, ...]) -> str:
    """``messages.0.content`` from pydantic's error location, without the names of union members
    (``user``, ``str``, ``list[...]``, ``ChatCompletion...Param``) that it inserts.
    """
    parts: list[str] = []
    for index, part in enumerate(location):
        if isinstance(part, int):
            parts.append(str(part))
            continue
        after_index = index > 0 and isinstance(location[index - 1], int)
        is_member = "[" in part or part[:1].isupper() or part.lower() in TYPE_NAMES
        if is_member or (after_index and parts[:1] == ["messages"] and len(parts) == 2):
            continue
        parts.append(part)
    return ".".join(parts) or "body"


def described(error: ValidationError, within: tuple[Any, ...] = ()) -> tuple[str, str]:
    """The field of ``error``'s first problem, and a sentence saying every problem at that field;
    ``within`` is where the value that failed sits in the request, when ``error`` does not say.
    """
    problems = error.errors(include_url=False)
    # of a union's members, the one that got furthest into the value says most
    first = field_name((*within, *max(problems, key=lambda p: len(p["loc"]))["loc"]))
    said = []
    for problem in problems:
        if field_name((*within, *problem["loc"])) == first and problem["msg"] not in said:
            said.append(problem["msg"])
    value = problems[0].get("input")
    shown = "" if isinstance(value, (dict, list)) else f" (got {value!r})"
    return first, f"'{first}': {' or '.join(said)}{shown}"


def request_problem(body: bytes | str) -> tuple[str, str] | None:
    """The field of a chat request's raw JSON ``body`` that is wrong, and what is wrong with it; or
    None when the request is well formed.
    """
    try:
        request = SCHEMA.validate_json(body, strict=True)
        Ranges.model_validate(request)
    except ValidationError as error:
        if error.errors()[0]["type"] == "json_invalid":
            return "body", f"the request body is not valid JSON: {error.errors()[0]['msg']}"
        return described(error)
    return None
