"""Measure LoRA fine-tuning throughput on this machine: tokens per second of one optimizer step.

The default is the fine-tuning recipe's configuration: SmolLM2-135M-Instruct (embedded), LoRA r=8 on
all linear layers, batch 8 date-rewriting chats, float32, all cores. Flags change one thing at a
time so their effect can be compared. It is a benchmark, not a test: run it on an otherwise idle
machine and compare medians.

.venv/bin/python benchmarks/lora_step.py .venv/bin/python benchmarks/lora_step.py --threads 1
.venv/bin/python benchmarks/lora_step.py --pad-to 96          # pad every batch to a fixed length
instead of the longest chat .venv/bin/python benchmarks/lora_step.py --bf16-autocast      # bfloat16
autocast on the CPU .venv/bin/python benchmarks/lora_step.py --targets q_proj,v_proj
.venv/bin/python benchmarks/lora_step.py --compile            # torch.compile (its compile time is
reported apart)
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import statistics
import time

import torch
from peft import LoraConfig, get_peft_model

from cookkit import runtime
from cookkit.date_task import FIRST_DAY, date_example  # taught in 03-finetune/lora-date-rewriting
from cookkit.models import load_model


def date_batches(tokenizer, batch_size: int, pad_to: int, seed: int = 0):
    """Yield (inputs, labels) batches of date-rewriting chats, padded to the longest or pad_to."""
    rng = random.Random(seed)
    tokenizer.padding_side = "right"
    while True:
        texts = []
        for _ in range(batch_size):
            example = date_example(FIRST_DAY + datetime.timedelta(days=rng.randrange(73_000)))
            chat = example["prompt"] + example["completion"]
            texts.append(tokenizer.apply_chat_template(chat, tokenize=False))
        padding = {"padding": "max_length", "max_length": pad_to} if pad_to else {"padding": True}
        inputs = tokenizer(texts, return_tensors="pt", add_special_tokens=False, **padding)
        yield inputs, inputs["input_ids"].masked_fill(inputs["attention_mask"] == 0, -100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="torch threads (0: $COOKBOOK_THREADS, else all cores)",
    )
    parser.add_argument("--targets", default="all-linear", help="LoRA target modules")
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument(
        "--pad-to",
        type=int,
        default=0,
        help="pad every batch to this many tokens (0: to the longest)",
    )
    parser.add_argument("--bf16-autocast", action="store_true")
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--steps", type=int, default=10, help="timed steps, after 2 warm-up steps")
    args = parser.parse_args()

    threads = runtime.threads(args.threads)
    torch.manual_seed(0)
    loaded = load_model()
    targets = args.targets if args.targets == "all-linear" else args.targets.split(",")
    model = get_peft_model(
        loaded.model,
        LoraConfig(
            r=args.rank, lora_alpha=2 * args.rank, target_modules=targets, task_type="CAUSAL_LM"
        ),
    )
    model.train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    forward = torch.compile(model) if args.compile else model
    batches = date_batches(loaded.tokenizer, args.batch_size, args.pad_to)

    def step() -> tuple[int, int, float]:
        inputs, labels = next(batches)
        started = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16_autocast):
            loss = forward(**inputs, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return (
            int(inputs["attention_mask"].sum()),
            inputs["input_ids"].numel(),
            time.perf_counter() - started,
        )

    warmup = [step() for _ in range(2)]
    timed = [step() for _ in range(args.steps)]
    tokens_per_s = statistics.median(real / seconds for real, _, seconds in timed)
    padded_share = 1 - sum(real for real, _, _ in timed) / sum(total for _, total, _ in timed)
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(
        f"threads={threads} targets={args.targets} rank={args.rank} batch={args.batch_size} "
        f"pad_to={args.pad_to or 'longest'} "
        f"bf16_autocast={args.bf16_autocast} compile={args.compile}"
    )
    print(
        f"  median {tokens_per_s:.0f} tokens/s (real tokens), "
        f"{statistics.median(s for *_, s in timed):.2f} s/step, "
        f"{padded_share:.0%} of positions padding, first warm-up step {warmup[0][2]:.1f} s, "
        f"peak RSS {rss_gb:.1f} GB"
    )


if __name__ == "__main__":
    main()
