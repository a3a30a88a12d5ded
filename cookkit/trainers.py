"""Trainers the recipes use, where a library's default does not suit a CPU."""

from __future__ import annotations

import transformers
from trl import SFTTrainer


class ModelLossSFTTrainer(SFTTrainer):
    """``SFTTrainer`` with the loss computed by the model itself, from the same answer-only labels.

    trl computes the loss through a fused LM head: log-probabilities a slice of the vocabulary at a
    time, which saves GPU memory, with entropy and token accuracy for its logs. On a 2-core CPU that
    cost a fifth of every LoRA step of the fine-tune recipe, and memory is not short there. The
    model's own cross-entropy over the collator's labels gives the same losses (the first steps of
    the recipe agree to four decimals); trl's extra log entries (entropy, accuracy, tokens) are not
    written.
    """

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        return transformers.Trainer.compute_loss(
            self, model, inputs, return_outputs, num_items_in_batch
        )


def score_answer_tokens_only() -> None:
    """Make ``trl``'s fused log-probability head score only the answer tokens, on every device.

    ``GRPOTrainer`` and ``DPOTrainer`` (trl 1.16) compute each answer token's log-probability
    through a fused LM head, in tiles of the vocabulary. Where Triton runs (CUDA, XPU) the head
    projects only the positions that carry a label; elsewhere it projects every position, prompt
    included, then masks the prompt out, so that a compiler sees one shape per batch. On a CPU
    nothing is compiled, and the prompt is most of each sequence: a GRPO step of the align recipe
    took 8.6 s that way and 6.4 s scoring the answers only. The per-token values are the same
    either way (``tests/test_package_trainers.py`` compares them).

    trl decides with a private function, ``_use_triton``, which it imports by name; this replaces
    that name in the module where the head is built, so the head takes its compact path, while the
    kernel itself still runs in plain torch where Triton does not. Call it once, before training.
    """
    from trl.trainer import utils

    utils._use_triton = lambda device: True
