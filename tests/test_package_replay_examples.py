"""Replay rows are the model's answers cut to a full sentence, and there are as many as asked.

Without it, half-finished answers would teach the fine-tune to stop mid-sentence, and a short
source would leave the replay share below what the recipe's `replay` parameter promises.
"""

import cookkit.replay_examples as replay


def test_answers_are_cut_to_a_full_sentence_and_repeat_to_fill(monkeypatch):
    said = {"a": "Yes. And then", "b": "no full stop here", "c": "Fine! Thanks"}
    monkeypatch.setattr(
        replay,
        "generate_answers",
        lambda model, tok, chats, *a, **k: [said[c[0]["content"]] for c in chats],
    )
    rows = replay.replay_examples(None, None, ["a", "b", "c"], wanted=5)
    answers = [row["completion"][0]["content"] for row in rows]
    assert answers == ["Yes.", "Fine!", "Yes.", "Fine!", "Yes."], (
        f"replay rows {answers}: each answer must end at its last full sentence, those without one "
        "dropped, and the rest repeated until `wanted` rows"
    )
    assert rows[0]["prompt"] == [{"role": "user", "content": "a"}], "a row must keep its prompt"


def test_no_full_sentence_gives_no_rows(monkeypatch):
    monkeypatch.setattr(replay, "generate_answers", lambda *a, **k: ["no stop"] * 3)
    assert replay.replay_examples(None, None, ["a", "b", "c"], wanted=2) == [], (
        "with no usable answer the helper must return nothing, so the recipe can say so"
    )
