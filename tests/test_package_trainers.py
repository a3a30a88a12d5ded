"""cookkit.trainers: scoring only the answer tokens changes the time of a step, not its numbers.

The align recipe makes trl's fused log-probability head score only the labelled positions on a CPU
(`score_answer_tokens_only`). If that changed the log-probabilities, GRPO and DPO would train on
other numbers than trl computes, and the recipe's results would not be trl's.
"""

import torch
from transformers import LlamaConfig, LlamaForCausalLM
from trl.trainer import utils

from cookkit.trainers import score_answer_tokens_only


def tiny_model():
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=97,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=64,
    )
    model = LlamaForCausalLM(config).eval()
    utils.add_fused_lm_head(model, outputs=("log_probs", "entropy"))
    return model


def scored(model):
    ids = torch.randint(0, 97, (3, 20), generator=torch.Generator().manual_seed(1))
    labels = ids.clone()
    labels[:, :14] = -100  # the prompt: only the last six tokens are an answer
    out = model(input_ids=ids, labels=labels, fused_lm_head=True)
    return out.log_probs, out.entropy, out.label_mask


def test_answer_tokens_only_gives_the_same_log_probabilities(monkeypatch):
    model = tiny_model()
    monkeypatch.setattr(utils, "_use_triton", utils._use_triton)  # undone after the test
    every_position = scored(model)
    score_answer_tokens_only()
    assert utils._use_triton(torch.device("cpu")), "the compact path is not taken on a CPU"
    answers_only = scored(model)
    mask = every_position[2]
    for before, after, what in zip(every_position[:2], answers_only[:2], ("log_probs", "entropy")):
        torch.testing.assert_close(after[mask], before[mask], msg=f"{what} changed")
