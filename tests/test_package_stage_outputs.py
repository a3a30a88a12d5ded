"""cookkit.stage_outputs reads what the fine-tune and pretrain stages left, from their run records.

Without these checks a later recipe could score a test set other than the one the fine-tune scored
(its numbers would not compare), look for a model where the record does not put it, or stop on a
skipped optional stage instead of leaving it out.
"""

import json

import pytest

from cookkit import paths
from cookkit.date_task import date_examples
from cookkit.stage_outputs import (
    finetune_outputs,
    pretrain_outputs,
    released_model,
    served_files,
)


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


def stage_folder(folder, artifacts):
    """A stage folder whose run record names ``artifacts``."""
    folder.mkdir()
    (folder / "run-record.json").write_text(json.dumps({"artifacts": artifacts}))
    return folder


def test_the_merged_folder_and_the_gguf_files_come_resolved_from_the_run_records(
    tmp_path, monkeypatch
):
    """Run records hold paths relative to the project root: served as they are, a recipe running
    in its own folder would find nothing.
    """
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    finetune = stage_folder(tmp_path / "finetune", {"merged_model": "artifacts/ft/merged"})
    quantize = stage_folder(
        tmp_path / "quantize",
        {"gguf-q8_0": "artifacts/q/model-q8_0.gguf", "methods": "artifacts/q/methods.csv"},
    )
    merged, gguf = served_files(finetune, quantize)
    assert merged == tmp_path / "artifacts/ft/merged", f"the merged folder came back as {merged}"
    assert gguf == {"gguf-q8_0": tmp_path / "artifacts/q/model-q8_0.gguf"}, (
        f"only the GGUF files, resolved from the project root, must come back: {gguf}"
    )


def test_a_skipped_quantize_stage_gives_no_gguf_files(tmp_path):
    """``quantize_dir`` may be "" or a folder that was never written (the stage is optional):
    the recipe must still serve the float model, and its parameter check name what is missing.
    """
    finetune = stage_folder(tmp_path / "finetune", {"merged_model": str(tmp_path / "merged")})
    for skipped in ("", tmp_path / "never-written"):
        merged, gguf = served_files(finetune, skipped)
        assert merged == tmp_path / "merged" and gguf == {}, (
            f"with quantize_dir={skipped!r}: got {merged}, {gguf}; expected no GGUF files"
        )


def test_the_released_model_is_the_aligned_one_when_the_align_stage_ran(tmp_path, monkeypatch):
    """Without it quantize, serve and share would ship the fine-tune and drop what alignment taught,
    or fail on a chain that skipped the optional align stage.
    """
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    finetune = stage_folder(tmp_path / "finetune", {"merged_model": "artifacts/ft/merged"})
    align = stage_folder(tmp_path / "align", {"merged_model": "artifacts/al/merged"})
    assert released_model(finetune, align) == tmp_path / "artifacts/al/merged"
    assert served_files(finetune, "", align).merged == tmp_path / "artifacts/al/merged"
    for skipped in ("", tmp_path / "never-written", None):
        assert released_model(finetune, skipped) == tmp_path / "artifacts/ft/merged", (
            f"with align_dir={skipped!r} the fine-tune's model must be released"
        )
