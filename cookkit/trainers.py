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
