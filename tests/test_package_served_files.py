"""cookkit.served_files: what the serve recipe serves, read from the earlier stages' run records.

The recipe serves the merged model folder the fine-tune's run record names and the GGUF files the
quantize stage's names; without this reading it would serve whatever lies at a hard-coded path, or
stop with a KeyError when the quantize stage was skipped.
"""

import json

from cookkit import paths
from cookkit.served_files import served_files


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
