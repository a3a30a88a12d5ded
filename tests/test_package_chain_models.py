"""cookkit.chain_models: the evaluation finds every model the chain made from the stages' run
records, reports what a stage that has not run would have made, and never loads a quantized model
without the fine-tune it came from.

Without these checks a stage that has not run stops the whole evaluation (or silently drops its
models from the table), a new quantize method is left out or a non-model artifact is loaded as a
model, and a quantized model is scored with the wrong tokenizer.
"""

import json

import pytest

from cookkit.chain_models import ChainModels, chain_models, run_first


def stage(folder, record):
    """Write ``record`` as the run record of a stand-in stage folder; return the folder's name."""
    folder.mkdir()
    (folder / "run-record.json").write_text(json.dumps(record))
    return str(folder)


@pytest.fixture
def chain_dirs(tmp_path):
    """The four stage folders of a chain that ran every stage (no model files in them)."""
    finetune = {"parameters": {"model_id": "some/base"}, "artifacts": {"merged_model": "m"}}
    quantize = {
        "artifacts": {
            "methods_table": "methods.csv",
            "torchao-int8": "int8",
            "gguf-q8_0": "gguf/model-q8_0.gguf",
            "run_record": "run-record.json",
        }
    }
    return {
        "data_dir": stage(tmp_path / "data", {"artifacts": {}}),
        "pretrain_dir": stage(tmp_path / "pretrain", {"artifacts": {"model": "p"}}),
        "finetune_dir": stage(tmp_path / "finetune", finetune),
        "quantize_dir": stage(tmp_path / "quantize", quantize),
    }


def test_every_model_is_a_candidate_in_chain_order(chain_dirs):
    """Without it the table's rows come in another order, or a quantize method goes missing."""
    chain = chain_models(chain_dirs)
    assert list(chain.candidates) == [
        "base",
        "finetuned",
        "torchao-int8",
        "gguf-q8_0",
        "pretrained",
    ], "candidates should be base, finetuned, the quantize stage's models in order, pretrained"
    assert chain.missing == {}, f"nothing should be missing when every stage ran: {chain.missing}"


def test_the_base_model_is_the_one_the_fine_tune_started_from(chain_dirs):
    """Without it the fine-tune is compared with a model it was not trained from."""
    assert chain_models(chain_dirs).candidates["base"] == "some/base"


def test_quantize_artifacts_that_are_not_models_are_left_out(chain_dirs):
    """Without it the recipe tries to load the methods table and the run record as models."""
    candidates = chain_models(chain_dirs).candidates
    assert not {"methods_table", "run_record"} & set(candidates), candidates


def test_a_stage_that_has_not_run_leaves_its_models_missing_with_the_command(chain_dirs):
    """Without it a reader with part of the chain gets a traceback instead of a status."""
    chain = chain_models({**chain_dirs, "quantize_dir": "", "pretrain_dir": ""})
    assert chain.missing == {
        "quantized": run_first("quantize"),
        "pretrained": run_first("pretrain"),
    }
    assert "python -m cookkit run --stages quantize" in chain.missing["quantized"]
    assert chain.records["quantize"] is None and chain.records["finetune"] is not None


def test_without_a_fine_tune_the_base_is_the_default_model(chain_dirs):
    """Without it a chain that skipped the fine-tune has no base model to evaluate."""
    chain = chain_models({**chain_dirs, "finetune_dir": ""})
    assert chain.candidates["base"] == "embedded"
    assert chain.missing["finetuned"] == run_first("finetune")
    assert chain.finetune_parameters == {}


def test_loading_a_missing_model_raises_its_status():
    """Without it the recipe's status for a missing model would be a bare KeyError."""
    chain = ChainModels({"base": "embedded"}, {"finetuned": run_first("finetune")}, {})
    with pytest.raises(FileNotFoundError, match="run the finetune stage"):
        chain.load("finetuned")


def test_a_quantized_model_without_the_fine_tune_says_which_stage_to_run(tmp_path):
    """Without it a quantized model would load with no tokenizer, or fail deep in transformers."""
    gguf = tmp_path / "model-q8_0.gguf"
    gguf.write_bytes(b"not read: the check comes first")
    chain = ChainModels({"base": "embedded", "gguf-q8_0": gguf}, {}, {})
    with pytest.raises(FileNotFoundError, match="python -m cookkit run --stages finetune"):
        chain.load("gguf-q8_0")


def test_gguf_name_maps_are_built_once_and_map_as_before():
    """Loading a GGUF file asks for the same name map once per module; remembered, it must map
    every name as a freshly built map does, or the dequantized weights land in the wrong places.
    """
    import gguf

    from cookkit.chain_models import _remember_gguf_name_maps

    fresh = gguf.tensor_mapping.TensorNameMap(gguf.MODEL_ARCH.LLAMA, 30)
    _remember_gguf_name_maps()
    _remember_gguf_name_maps()  # twice: still one cache, not a cache of a cache
    remembered = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 30)
    assert remembered is gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, 30), "built again"
    for name in ("model.embed_tokens", "model.layers.29.mlp.down_proj", "lm_head"):
        assert remembered.get_name(name) == fresh.get_name(name), name
    assert not hasattr(gguf.get_tensor_name_map.__wrapped__, "cache_info"), "cached twice"


def test_the_aligned_model_follows_the_fine_tune_and_is_the_one_released(chain_dirs, tmp_path):
    """Without it the evaluation skips the model the chain releases, or compares the quantized
    files, made from the aligned model, with the fine-tune instead.
    """
    align = stage(tmp_path / "align", {"artifacts": {"merged_model": "a"}})
    chain = chain_models({**chain_dirs, "align_dir": align})
    assert list(chain.candidates)[:3] == ["base", "finetuned", "aligned"], list(chain.candidates)
    assert chain.released == "aligned"
    assert chain_models(chain_dirs).released == "finetuned", "without align, the fine-tune"
    assert "aligned" not in chain_models(chain_dirs).missing, "the align stage is optional"
