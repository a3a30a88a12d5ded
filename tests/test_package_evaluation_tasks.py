"""cookkit.evaluation_tasks: task files are checked before anything is written, the tasks' rows are
written as their loaders read them, and the data comes back as the evaluation recipe expects.

Without these checks a broken task file surfaces as a harness traceback after the data was
written, a row's date turns into something other than its text, the held-out prose holds cut
words or too few documents, and a numeric trivia answer breaks the same-kind distractors.
"""

import json
import shutil

import numpy as np
import pytest
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from cookkit.evaluation_tasks import (
    held_out_conversations,
    metrics_of,
    ordinal,
    task_configs,
    trivia_questions,
    write_rows,
)
from cookkit.parameters import ParameterError

from conftest import ROOT

TASKS = ROOT / "cookbook" / "06-evaluate" / "tasks"


@pytest.fixture
def task_folder(tmp_path):
    """A copy of the evaluation recipe's task folder, free to break."""
    return shutil.copytree(TASKS, tmp_path / "tasks")


def test_every_task_file_of_the_recipe_loads(task_folder):
    """Without it the recipe's own tasks would stop it, or one would be left out."""
    names = sorted(f.stem for f in task_folder.glob("*.yaml"))
    configs = task_configs(task_folder, names)
    assert sorted(configs) == names, f"one config per task file expected, got {sorted(configs)}"
    assert configs["date_variants"]["output_type"] == "generate_until", (
        "`include:` was not followed: date_variants should inherit date_skill's output_type"
    )


def test_a_task_file_that_does_not_parse_is_named(task_folder):
    """Without it a YAML typo surfaces as a traceback that names no file."""
    file = task_folder / "date_skill.yaml"
    file.write_text(file.read_text().replace("test_split: test", "test_split: [test"))
    with pytest.raises(ParameterError) as failure:
        task_configs(task_folder, ["date_skill"])
    assert failure.value.name == "task_folder" and "date_skill.yaml" in failure.value.problem


def test_a_task_named_otherwise_than_its_file_is_named_with_the_fix(task_folder):
    """Without it a misspelt `task:` makes the task invisible to the harness, silently."""
    file = task_folder / "date_skill.yaml"
    file.write_text(file.read_text().replace("task: date_skill", "task: date_skil"))
    with pytest.raises(ParameterError) as failure:
        task_configs(task_folder, ["date_skil"])
    assert "task: date_skill" in failure.value.fix, failure.value.fix


def test_a_task_the_harness_cannot_find_stops_the_check(task_folder):
    """Without it a task that the harness did not index fails later, in the middle of the run."""
    with pytest.raises(ParameterError, match="cannot find"):
        task_configs(task_folder, [])


def test_rows_are_written_one_json_object_a_line_as_text(tmp_path):
    """Without it the loaders read a different row, or a non-ASCII answer comes back escaped."""
    rows = [{"question": "Quand?", "answer": "2021-03-05"}, {"question": "Où?", "answer": "Zürich"}]
    assert write_rows(tmp_path / "data", "t", rows) == 2
    lines = (tmp_path / "data" / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert "Zürich" in lines[1], "non-ASCII text should be written as itself"


def tiny_data_stage(tmp_path, documents):
    """Write a data stage's tokenizer and validation tokens for ``documents`` (words from a fixed
    vocabulary, joined by spaces); return its run record.
    """
    vocabulary = {"<eos>": 0, "<unk>": 1, "hello": 2, "world": 3, "again": 4}
    tokenizer = Tokenizer(models.WordLevel(vocabulary, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    wrapped = PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token="<eos>")
    wrapped.save_pretrained(tmp_path / "tokenizer")
    ids = [i for d in documents for i in wrapped(d)["input_ids"] + [0]]
    np.save(tmp_path / "val.npy", np.array(ids, dtype=np.uint16).reshape(1, -1))
    return {
        "artifacts": {"tokenizer": str(tmp_path / "tokenizer"), "val": str(tmp_path / "val.npy")}
    }


def test_held_out_conversations_are_long_enough_and_cut_at_a_word(tmp_path):
    """Without it the perplexity task mixes short documents in, or ends one in a cut word."""
    documents = ["hello world", "hello world again " * 4, "world " * 10, "again " * 10]
    record = tiny_data_stage(tmp_path, documents)
    rows = held_out_conversations(record, count=2, characters=30)
    assert len(rows) == 2, f"two documents of at least 30 characters exist: {rows}"
    assert rows[0]["text"] == "hello world again hello world", rows[0]
    assert rows[1]["text"] == "world world world world world", rows[1]


def test_trivia_questions_are_text_pairs_numbers_included():
    """Without it a numeric answer stays an int and the same-kind distractors mix kinds."""
    trivia = trivia_questions()
    assert len(trivia) > 200, f"the package should ship about 260 questions, got {len(trivia)}"
    assert all(isinstance(q, str) and isinstance(a, str) for q, a in trivia)
    assert any(a.isdigit() for _, a in trivia), "no numeric answer: the YAML's numbers were lost"


def test_ordinals_follow_english():
    """Without it the ordinal phrasing asks about "the 11st" or "the 22th"."""
    days = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31]
    assert [ordinal(d) for d in days] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "30th",
        "31st",
    ]


def test_metrics_lose_the_filter_suffix_and_what_is_not_a_metric():
    """Without it the run record's keys read `exact_match,none`, and "N/A" breaks the rounding."""
    scores = {
        "date_skill": {
            "alias": "date_skill",
            "exact_match,none": 0.66666666,
            "exact_match_stderr,none": 0.0666,
        },
        "doc_prose": {"word_perplexity,none": 65.09561, "bits_per_byte_stderr,none": "N/A"},
    }
    assert metrics_of(scores) == {
        "date_skill": {"exact_match": 0.6667, "exact_match_stderr": 0.0666},
        "doc_prose": {"word_perplexity": 65.0956},
    }


def test_result_tolerances_band_each_metric_by_its_kind():
    from cookkit.evaluation_tasks import result_tolerances

    results = {
        "finetuned": {"everyday": {"correct": 0.6, "correct_stderr": 0.05}},
        "base": {"doc_prose": {"word_perplexity": 65.0, "bits_per_byte": 0.9}},
        "pretrained": {"doc_prose": {"word_perplexity": 4e7, "bits_per_byte": 3.0}},
    }
    assert result_tolerances(results) == {
        "results.finetuned.everyday.correct": "±0.1",
        "results.finetuned.everyday.correct_stderr": "±0.05",
        "results.base.doc_prose.word_perplexity": "±3%",
        "results.base.doc_prose.bits_per_byte": "±3%",
        "results.pretrained.doc_prose.word_perplexity": "±60%",
        "results.pretrained.doc_prose.bits_per_byte": "±10%",
    }, "a metric got another kind's band"
