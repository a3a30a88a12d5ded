"""The pretraining recipe's training script runs unchanged in two data-parallel processes, and
resumes there too.

The recipe promises that readers who outgrow one machine can launch the same code on several GPUs.
This runs the script exactly as the notebook writes it (its %%writefile cell) under torchrun with
two CPU processes (gloo), on a tiny model and random blocks: if the script only worked in one
process, or could not resume, this fails.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
from transformers import LlamaConfig, LlamaForCausalLM

from conftest import ROOT
from notebook_cells import code_cells, source

pytestmark = pytest.mark.slow

RECIPE = ROOT / "cookbook" / "02-pretrain" / "pretrain-from-scratch.ipynb"


def training_script() -> str:
    cell = next(
        c for c in code_cells(json.loads(RECIPE.read_text())) if source(c).startswith("%%writefile")
    )
    return source(cell).split("\n", 1)[1]


def test_script_trains_and_resumes_in_two_processes(tmp_path):
    stage, data = tmp_path / "pretrain", tmp_path / "data"
    stage.mkdir()
    data.mkdir()
    rng = np.random.default_rng(0)
    np.save(data / "train.npy", rng.integers(0, 64, size=(64, 32), dtype=np.uint16))
    np.save(data / "val.npy", rng.integers(0, 64, size=(8, 32), dtype=np.uint16))
    config = LlamaConfig(
        vocab_size=64,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=32,
        tie_word_embeddings=True,
    )
    LlamaForCausalLM(config).save_pretrained(stage / "init")
    script = stage / "train_lm.py"
    script.write_text(training_script())
    settings = stage / "settings.json"
    settings.write_text(
        json.dumps(
            dict(
                stage_dir=str(stage),
                data_dir=str(data),
                max_steps=8,
                batch_size=4,
                learning_rate=1e-3,
                warmup_steps=1,
                eval_steps=4,
                eval_blocks=8,
                save_steps=4,
                seed=0,
                threads=1,
                bf16=False,
                use_cpu=True,
            )
        )
    )
    torchrun = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        str(script),
        str(settings),
    ]

    for extra in (["4"], []):
        done = subprocess.run(torchrun + extra, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (
            f"the training script failed under torchrun:\n{done.stderr[-3000:]}"
        )

    segments = [json.loads(line) for line in (stage / "segments.jsonl").read_text().splitlines()]
    assert [(s["from_step"], s["to_step"], s["processes"]) for s in segments] == [
        (0, 4, 2),
        (4, 8, 2),
    ]
    assert (stage / "model" / "model.safetensors").is_file(), "the finished run saved no model"
