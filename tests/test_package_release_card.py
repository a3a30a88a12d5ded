"""cookkit.release_card: the model and data cards' sections come from the run records, and the
templates they fill ship with the package.

The share recipe's cards are what a reader of the release sees first. Without these checks a
template missing from the installed package stops the recipe in Colab, a placeholder the module no
longer fills leaves a blank section on the hub, an evaluation table drops a model or a standard
error, and the limitations forget a quantization that lost the skill.
"""

from fnmatch import fnmatch
from pathlib import Path

import jinja2
import jinja2.meta
import numpy as np
import pytest
import tomllib
from huggingface_hub import DatasetCard, DatasetCardData, ModelCard, ModelCardData
from safetensors.numpy import save_file

from cookkit import paths
from cookkit.release_card import (
    DATA_CARD_TEMPLATE,
    MODEL_CARD_TEMPLATE,
    corpus_card_sections,
    evaluation_table,
    examples_card_sections,
    limitations,
    model_card_sections,
    parameter_count,
    provenance_table,
    scored,
)

ROOT = Path(__file__).resolve().parents[1]
SCORES = {
    "base": {"date_skill": {"exact_match": 0.0}, "trivia_qa": {"contains": 0.4}},
    "finetuned": {
        "date_skill": {"exact_match": 0.95, "exact_match_stderr": 0.02},
        "date_variants": {"exact_match": 0.3, "exact_match_stderr": 0.05},
        "trivia_qa": {"contains": 0.3, "contains_stderr": 0.0},
        "minimal_pairs": {"prefers_stereotype": 0.6},
    },
    "gguf-q8_0": {"date_skill": {"exact_match": 0.9}},
}
NOTEBOOK_FIELDS = {"model_name", "base_model", "repo", "release_path", "license"}
"""What the share recipe passes to ``ModelCard.from_template`` beside ``model_card_sections``."""


@pytest.fixture
def finetuned(tmp_path):
    """A fine-tune's run record whose merged model is a safetensors file of 3 x 4 + 5 parameters."""
    merged = tmp_path / "merged"
    merged.mkdir()
    tensors = {"w": np.zeros((3, 4), np.float32), "b": np.zeros(5, np.float32)}
    save_file(tensors, merged / "model.safetensors")
    return {
        "recipe": "03-finetune/teach-a-skill",
        "parameters": {
            "model_id": "embedded",
            "dtype": "float32",
            "lora_r": 8,
            "lora_alpha": 16,
            "target_modules": "all-linear",
            "n_train": 300,
            "n_test": 60,
            "seed": 7,
            "learning_rate": 0.001,
            "max_steps": 40,
            "batch_size": 8,
        },
        "metrics": {
            "trainable_parameters": 1234567,
            "first_loss": 2.5,
            "final_loss": 0.1,
            "train_runtime_s": 61.4,
            "base_perplexity": 20.0,
            "finetuned_perplexity": 22.0,
        },
        "environment": {
            "cpu": {"model": "Toy CPU"},
            "cpu_count": 2,
            "torch_threads": 2,
            "device": "cpu",
            "torch": "2.9",
            "transformers": "5.0",
            "peft": "0.21",
            "trl": "0.30",
        },
        "artifacts": {"merged_model": str(merged), "examples": "artifacts/cpu/finetune/examples"},
        "files": {
            "artifacts/cpu/finetune/examples/train.jsonl": {"bytes": 1234, "sha256": "a" * 64},
            "artifacts/cpu/finetune/adapter/adapter.safetensors": {"bytes": 9, "sha256": "b" * 64},
        },
    }


@pytest.fixture
def evaluated():
    return {
        "recipe": "06-evaluate/evaluate-with-lm-eval",
        "parameters": {"limit": 50},
        "metrics": {"results": SCORES},
    }


def test_the_templates_ship_with_the_package():
    """Without package data listing them, an installed cookkit (Colab's) has no templates and the
    share recipe stops at its model card.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    package = "cookkit.templates"
    assert package in config["packages"], f"add {package!r} to [tool.setuptools] packages"
    for template in (MODEL_CARD_TEMPLATE, DATA_CARD_TEMPLATE):
        assert template.is_file(), f"{template} is missing"
        assert any(fnmatch(template.name, p) for p in config["package-data"][package]), (
            f"{template.name} is not in [tool.setuptools.package-data] {package!r}"
        )
        assert "{{ card_data }}" in template.read_text(), f"{template.name} has no YAML header"


def test_every_placeholder_of_the_model_card_is_filled(finetuned, evaluated, tmp_path):
    """Without this, a section renamed in the module or the template renders as an empty line."""
    sections = model_card_sections(finetuned, evaluated, [], {"gguf/m.gguf": "gguf-q8_0"}, {})
    source = MODEL_CARD_TEMPLATE.read_text()
    wanted = jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(source))
    unfilled = wanted - set(sections) - NOTEBOOK_FIELDS - {"card_data"}
    assert not unfilled, f"model_card_sections fills no {sorted(unfilled)}: add them"
    card = ModelCard.from_template(
        ModelCardData(license="apache-2.0"),
        template_path=MODEL_CARD_TEMPLATE,
        **dict.fromkeys(NOTEBOOK_FIELDS, "x"),
        **sections,
    )
    assert "`m.gguf`" not in card.text and "gguf/m.gguf" in card.text and "`gguf-q8_0`" in card.text


def test_every_placeholder_of_the_data_card_is_filled(finetuned):
    """Without this, a data card loses its description, steps, files or license silently."""
    sections = examples_card_sections(finetuned, "apache-2.0")
    source = DATA_CARD_TEMPLATE.read_text()
    wanted = jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(source))
    assert wanted - {"card_data"} == set(sections), f"template {wanted}, sections {set(sections)}"
    card = DatasetCard.from_template(
        DatasetCardData(license="apache-2.0"), template_path=DATA_CARD_TEMPLATE, **sections
    )
    assert "300 training and 60 test examples" in card.text and "seed=7" in card.text


def test_a_result_shows_its_standard_error_and_a_missing_one_a_dash():
    """Without this, the card reads 0.95 where the record says 0.95 ± 0.02, or fails on a model the
    evaluate stage did not score on a task.
    """
    assert scored(SCORES, "finetuned", "date_skill", "exact_match") == "0.95 ± 0.02"
    assert scored(SCORES, "finetuned", "trivia_qa", "contains") == "0.30", "a zero error is shown"
    assert scored(SCORES, "gguf-q8_0", "trivia_qa", "contains") == "-"
    assert scored(SCORES, "nobody", "date_skill", "exact_match") == "-"


def test_the_evaluation_table_has_a_row_per_metric_and_a_column_per_model():
    """Without this, a model or a metric of the record would be missing from the card's table."""
    table = evaluation_table(SCORES, ["base", "finetuned", "gguf-q8_0"]).splitlines()
    assert table[0] == "| task | metric | base | finetuned | gguf-q8_0 |"
    assert len(table) == 2 + 4, f"one row per metric of the fine-tune, stderr left out:\n{table}"
    skill = next(row for row in table if row.startswith("| Date rewriting, held-out"))
    assert skill.endswith("| exact_match | 0.00 | 0.95 ± 0.02 | 0.90 |"), skill


def test_limitations_name_a_lost_quantization_only_when_there_is_one(finetuned):
    """Without this, a card would hide that a quantization lost the skill, or invent one."""
    assert "Not every quantization" not in limitations(finetuned, SCORES, {})
    text = limitations(finetuned, SCORES, {"gguf-q4_1": 0.1})
    assert "gguf-q4_1 scored 0.1 exact match: not released" in text, text
    assert "+10.0%" in text, "the perplexity change should come from the fine-tune's record"


def test_the_parameter_count_comes_from_the_safetensors_header(finetuned):
    """Without this, the card's model size would be wrong, or read every weight to count them."""
    merged = Path(finetuned["artifacts"]["merged_model"]) / "model.safetensors"
    assert parameter_count(merged) == 3 * 4 + 5


def test_the_training_section_quotes_the_fine_tunes_record(finetuned, evaluated):
    """Without this, the card's training settings would not be the ones that made the model."""
    training = model_card_sections(finetuned, evaluated, [], {}, {})["training"]
    for quoted in (
        "rank 8, alpha 16",
        "1,234,567 trainable",
        "40 steps of 8",
        "2.5 -> 0.1",
        "61 s",
    ):
        assert quoted in training, f"{quoted!r} missing from:\n{training}"


def test_a_release_without_gguf_says_so(finetuned, evaluated):
    """Without this, the card would list an empty set of GGUF files and a usage line for none."""
    sections = model_card_sections(finetuned, evaluated, [], {}, {})
    assert sections["gguf_list"] == "none in this release"
    assert sections["gguf_example"] == "model.gguf"


def test_the_provenance_table_has_a_row_per_run():
    """Without this, the card's provenance would not name each run the release depends on."""
    run = {"recipe": "01-data/corpus", "parameters": {"a": 1, "b": 2}, "files": {"x": {}, "y": {}}}
    table = provenance_table([("data", run, Path("run-record.json"))]).splitlines()
    assert table[2] == "| data | `01-data/corpus` | 2 | a=1, b=2, ... |", table


def test_file_lists_are_relative_to_the_stage_folder(tmp_path, monkeypatch):
    """Without this, a data card would list the stage folder's path of the machine that made it, or
    the files of another artifact of the same stage.
    """
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    data_card = {
        "source": {"name": "Toy", "package": "toy-corpus==1.0", "license": "MIT"},
        "steps": {"documents_read": 10, "documents_kept": 8},
        "split": {"train_documents": 7, "val_documents": 1, "method": "hash of each document"},
        "tokenizer": {"type": "BPE", "vocab_size": 512, "chars_per_token_val": 3.1},
        "blocks": {"block_size": 64, "train": 20, "val": 2, "dtype": "uint16"},
    }
    prepared = {
        "recipe": "01-data/corpus",
        "parameters": {"seed": 1},
        "artifacts": {"run_record": "artifacts/cpu/data/run-record.json"},
        "files": {"artifacts/cpu/data/train.bin": {"bytes": 2048, "sha256": "c" * 64}},
    }
    sections = corpus_card_sections(prepared, data_card)
    assert sections["files"] == f"- `train.bin`: 2,048 bytes, sha256 `{'c' * 64}`"
    assert "- documents kept: 8" in sections["steps"] and "MIT" in sections["license"]


def test_limitations_give_what_fine_tuning_cost_on_everyday_questions(finetuned):
    """Without this, the card would hide how much general knowledge the fine-tune kept or lost."""
    scores = SCORES | {
        "base": SCORES["base"] | {"everyday": {"correct": 0.6, "correct_stderr": 0.05}},
        "finetuned": SCORES["finetuned"] | {"everyday": {"correct": 0.58, "correct_stderr": 0.05}},
    }
    text = limitations(finetuned, scores, {})
    assert "Everyday questions" in text and "0.60 ± 0.05 before" in text, text
    assert "0.58 ± 0.05 after" in text, text


def test_an_aligned_release_says_so_and_shows_before_and_after(finetuned, evaluated):
    """Without it the card of an aligned release describes the fine-tune it no longer is: no word
    of the alignment, no column for the released model, and the limitations quoting the fine-tune.
    """
    aligned = {
        "parameters": {
            "keep": "grpo",
            "rl_phrasings": "day-first,ordinal",
            "held_out": "day-first-ordinal",
            "lora_r": 8,
            "n_eval": 50,
        },
        "metrics": {
            "grpo_seconds": 101.2,
            "finetune_day_first_ordinal": 0.38,
            "grpo_day_first_ordinal": 0.92,
        },
    }
    scores = {**SCORES, "aligned": {"date_skill": {"exact_match": 0.97}}}
    record = {**evaluated, "metrics": {"results": scores}}
    sections = model_card_sections(finetuned, record, [], {}, {}, aligned)
    assert "aligned with GRPO" in sections["aligned_note"] and sections["align_adapter"]
    assert "0.38 before alignment, 0.92 after" in sections["training"], sections["training"]
    assert sections["evaluation"].splitlines()[0].endswith("| finetuned | aligned |")
    assert "score 0.97" in sections["limitations"], "the limitations must quote the aligned model"
    plain = model_card_sections(finetuned, evaluated, [], {}, {})
    assert plain["aligned_note"] == "" and plain["align_adapter"] == ""
