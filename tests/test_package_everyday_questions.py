"""cookkit.everyday_questions: at least a hundred questions, the same on every machine, scored
by whole words, and recognized wherever a training set would contain them.

Without these checks a package update could silently change the questions (and every score with
them), "12" would count as the answer in "112", and a fine-tune could train on the very questions
that measure what it forgot.
"""

from cookkit.everyday_questions import (
    EverydayQuestion,
    arithmetic_questions,
    everyday_questions,
    is_everyday_question,
)


def test_there_are_at_least_a_hundred_distinct_questions_of_four_kinds():
    questions = everyday_questions()
    assert len(questions) >= 100, f"only {len(questions)} everyday questions"
    assert len({q.question for q in questions}) == len(questions), "a question is asked twice"
    assert {q.kind for q in questions} == {"capitals", "calendar", "arithmetic", "units"}
    assert all(q.answers and all(q.answers) for q in questions), "a question without an answer"


def test_the_questions_are_the_same_on_every_call():
    first = [q.question for q in arithmetic_questions(seed=0)]
    assert first == [q.question for q in arithmetic_questions(seed=0)]
    assert first != [q.question for q in arithmetic_questions(seed=1)], "the seed changes nothing"


def test_the_capital_of_france_is_asked_and_paris_answers_it():
    france = next(q for q in everyday_questions() if q.question.endswith(" France?"))
    assert france.is_answered_by("The capital of France is Paris.")
    assert not france.is_answered_by("1436.11.11")


def test_a_reply_must_name_the_answer_as_whole_words():
    twelve = EverydayQuestion("What is 3 times 4?", "arithmetic", ("12", "twelve"))
    assert twelve.is_answered_by("3 times 4 is 12.")
    assert twelve.is_answered_by("Twelve!")
    assert not twelve.is_answered_by("It is 112."), "a number inside another counted"
    kyiv = next(q for q in everyday_questions() if "Ukraine" in q.question)
    assert kyiv.is_answered_by("Kiev is the capital.") and kyiv.is_answered_by("kyiv")


def test_a_training_prompt_that_asks_an_everyday_question_is_recognized():
    assert is_everyday_question("Hey, what is the capital of France? Thanks")
    assert is_everyday_question("Tell me about the food of Japan.")  # a country they name
    assert is_everyday_question("which MONTH comes after march?")
    assert not is_everyday_question("Hello, how are you today?")
    assert not is_everyday_question("What is a computer?")
