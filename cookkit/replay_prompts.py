"""Prompts to replay while fine-tuning: general questions and remarks a chat model answers, none of
which an evaluation of the chain asks.

The fine-tune recipe asks the base model these prompts and trains on its own answers beside the new
skill, so that the update leaves those answers alone (replay, or self-distillation). The default
source is the ``chatterbot-corpus`` package (BSD, as the package states): the first line of each
English conversation, except its trivia topic, which the evaluation recipe asks. A text file, one
prompt a line, can stand in for it. Prompts that hold a digit (a date would teach the skill) or ask
an everyday question (``cookkit.everyday_questions``) are left out of either.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import random
import re
from pathlib import Path

from cookkit.everyday_questions import is_everyday_question

CHATTERBOT = "chatterbot-corpus"
"""The packaged source, named as the ``replay_source`` parameter names it."""

EVALUATED_TOPICS = ("trivia.yml",)
"""chatterbot-corpus topics the evaluation recipe asks, and replay therefore never does."""


def source_problem(source: str) -> str | None:
    """What makes ``source`` unusable (not installed, no such file), or None when it can be read."""
    if source == CHATTERBOT:
        if importlib.util.find_spec("chatterbot_corpus") is None:
            return "chatterbot-corpus is not installed"
        return None
    return None if Path(source).is_file() else f"no file {source}"


def _said(source: str) -> list[str]:
    if source != CHATTERBOT:
        return Path(source).read_text(encoding="utf-8").splitlines()
    import yaml

    folder = importlib.resources.files("chatterbot_corpus") / "data" / "english"
    topics = sorted(f.name for f in folder.iterdir() if f.name.endswith(".yml"))
    said = []
    for topic in (t for t in topics if t not in EVALUATED_TOPICS):
        conversations = yaml.safe_load((folder / topic).read_text(encoding="utf-8"))[
            "conversations"
        ]
        said += [str(conversation[0]) for conversation in conversations]
    return said


def general_prompts(source: str, seed: int = 0) -> list[str]:
    """The distinct prompts of ``source`` without a digit or an everyday question, in an order
    shuffled by ``seed`` (the same on every machine).
    """
    problem = source_problem(source)
    if problem:
        raise FileNotFoundError(problem)
    prompts = sorted({p.strip() for p in _said(source) if p.strip() and not re.search(r"\d", p)})
    prompts = [p for p in prompts if not is_everyday_question(p)]
    random.Random(seed).shuffle(prompts)
    return prompts
