"""cookkit.stage_outputs reads what the fine-tune and pretrain stages left, from their run records.

Without these checks a later recipe could score a test set other than the one the fine-tune scored
(its numbers would not compare), look for a model where the record does not put it, or stop on a
skipped optional stage instead of leaving it out.
"""

import json

import pytest

from cookkit import paths
from cookkit.date_task import date_examples
from cookkit.stage_outputs import finetune_outputs, pretrain_outputs


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    return tmp_path


def write_record(folder, record):
    folder.mkdir(parents=True)
    (folder / "run-record.json").write_text(json.dumps(record))
    return folder


def test_the_test_set_is_the_one_the_fine_tune_scored(project):
    """Regenerated from the record's own n_train, n_test and seed, in the same order."""
    folder = write_record(
        project / "artifacts" / "cpu" / "finetune",
        {
            "parameters": {"n_train": 20, "n_test": 5, "seed": 3},
            "artifacts": {"merged_model": "artifacts/cpu/finetune/merged"},
        },
    )
    made = finetune_outputs(folder)
    _, expected = date_examples(20, 5, 3)
    assert made.test_chats == [row["prompt"] for row in expected]
    assert made.test_dates == [row["completion"][0]["content"] for row in expected]
    assert made.merged_dir == project / "artifacts" / "cpu" / "finetune" / "merged"


def test_a_missing_fine_tune_says_which_stage_to_run(project):
    with pytest.raises(FileNotFoundError, match="run the stage that writes it first"):
        finetune_outputs(project / "artifacts" / "cpu" / "finetune")


def test_the_pretrain_model_and_validation_blocks_come_from_its_record(project):
    folder = write_record(
        project / "artifacts" / "cpu" / "pretrain",
        {
            "artifacts": {"model": "artifacts/cpu/pretrain/model"},
            "inputs": {"val": {"path": "artifacts/cpu/data/val.npy", "sha256": "0"}},
        },
    )
    made = pretrain_outputs(folder)
    assert made.model_dir == project / "artifacts" / "cpu" / "pretrain" / "model"
    assert made.val_blocks == project / "artifacts" / "cpu" / "data" / "val.npy"


@pytest.mark.parametrize("folder", ["", "artifacts/cpu/pretrain"])
def test_a_skipped_pretrain_stage_is_none(project, folder):
    """The pretrain stage is optional: an empty parameter or a folder without a record skips it."""
    assert pretrain_outputs(folder) is None
