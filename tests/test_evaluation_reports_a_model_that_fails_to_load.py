"""A model that cannot be loaded is reported in the evaluation table with the reason, and the run
completes.

One damaged file (or a GPU-only checkpoint on a CPU machine) must not cost a reader the evaluation
of every other model, nor hide behind a traceback.
"""

import json

import pytest

from conftest import ROOT, execute_recipe
from notebook_cells import code_cells, stored_output

pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "cookbook" / "06-evaluate" / "evaluate-with-lm-eval.ipynb"


def test_damaged_gguf_file_is_reported_as_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("COOKBOOK_ARTIFACTS", str(tmp_path / "artifacts"))
    quantize = tmp_path / "quantize"
    quantize.mkdir()
    (quantize / "model-q8_0.gguf").write_bytes(b"not a GGUF file")
    record = {"artifacts": {"gguf-q8_0": str(quantize / "model-q8_0.gguf")}}
    (quantize / "run-record.json").write_text(json.dumps(record))
    executed = execute_recipe(
        NOTEBOOK,
        tmp_path / "out.ipynb",
        {
            "profile": "pytest-failed-load",
            "models": "gguf-q8_0,finetuned",
            "tasks": "date_skill",
            "quantize_dir": str(quantize),
            "finetune_dir": "",
            "pretrain_dir": "",
            "data_dir": "",
        },
    )
    status = json.loads(stored_output(code_cells(executed)[-1]))["metrics"]["status"]
    assert status["gguf-q8_0"].startswith("failed to load"), status
    assert status["finetuned"].startswith("missing"), status
