"""Replay prompts never hold what the evaluation asks, and a missing source says so.

Without it, the fine-tune could train on a trivia question or a date, and the evaluation recipe
would measure what was trained instead of what was kept.
"""

import pytest

from cookkit.evaluation_tasks import trivia_questions
from cookkit.everyday_questions import is_everyday_question
from cookkit.replay_prompts import CHATTERBOT, general_prompts, source_problem


def test_chatterbot_prompts_leave_out_trivia_digits_and_everyday_questions():
    prompts = general_prompts(CHATTERBOT, seed=0)
    trivia = {question for question, _ in trivia_questions()}
    assert len(prompts) > 400, f"only {len(prompts)} prompts: the source lost topics"
    assert not trivia & set(prompts), "a trivia question the evaluation asks would be replayed"
    assert not [p for p in prompts if any(c.isdigit() for c in p)], "a prompt holds a digit"
    assert not [p for p in prompts if is_everyday_question(p)], "an everyday question is replayed"


def test_order_depends_on_the_seed_only():
    assert general_prompts(CHATTERBOT, 0) == general_prompts(CHATTERBOT, 0)
    assert general_prompts(CHATTERBOT, 0) != general_prompts(CHATTERBOT, 1)


def test_a_text_file_stands_in_for_the_package(tmp_path):
    source = tmp_path / "prompts.txt"
    source.write_text("Tell me a story.\nWhat is 2 plus 2?\n\nTell me a story.\nHello there\n")
    assert sorted(general_prompts(str(source))) == ["Hello there", "Tell me a story."]


def test_a_missing_file_is_named():
    assert source_problem("no-such-prompts.txt") == "no file no-such-prompts.txt"
    assert source_problem(CHATTERBOT) is None
    with pytest.raises(FileNotFoundError, match="no-such-prompts.txt"):
        general_prompts("no-such-prompts.txt")
