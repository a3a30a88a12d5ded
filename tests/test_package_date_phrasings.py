"""cookkit.date_phrasings: each phrasing writes the day it is given, and a parser reads it back.

The align recipe rewards an answer by parsing the date its prompt asks about. If a phrasing wrote a
date the parser misread, the reward would pay for wrong answers and the scores would test the
parser, not the model.
"""

import datetime
import random

import pytest
from dateutil import parser

from cookkit.date_phrasings import INSTRUCTION, PHRASINGS, date_chat, phrased
from cookkit.date_task import date_example

DAYS = [
    datetime.date(1900, 1, 1) + datetime.timedelta(d)
    for d in random.Random(0).sample(range(73000), 400)
]


@pytest.mark.parametrize("phrasing", PHRASINGS)
def test_a_parser_reads_every_phrasing_back(phrasing):
    misread = [d for d in DAYS if parser.parse(phrased(d, phrasing), fuzzy=True).date() != d]
    assert not misread, f"dateutil misreads {phrasing!r}: {phrased(misread[0], phrasing)!r}"


def test_each_phrasing_writes_the_example_of_its_name():
    day = datetime.date(2021, 3, 5)
    assert [phrased(day, p) for p in PHRASINGS] == [
        "March 5, 2021",
        "5 March 2021",
        "the 5th of March, 2021",
        "5th March 2021",
        "5 Mar 2021",
    ]


def test_the_trained_phrasing_asks_what_the_fine_tune_learned():
    day = datetime.date(1974, 2, 9)
    assert date_chat(day, "trained") == date_example(day)["prompt"], (
        "the align recipe's trained phrasing must be the fine-tune's prompt, word for word"
    )
    assert date_chat(day, "ordinal")[0]["content"].startswith(INSTRUCTION + ": ")
