"""What replay, LoRA's rank and its targets do to forgetting, measured on the fine-tune recipe.

The fine-tune recipe trains twice (dates alone, dates with replay). This script trains the same
recipe for each setting asked and scores every run on the skill (exact match on the held-out dates),
the everyday questions and 50 open trivia questions. One training takes about a minute on 2 cores.

    python benchmarks/replay_tradeoff.py --shares 0,0.1,0.2,0.35
    python benchmarks/replay_tradeoff.py --shares 0 --targets q_proj,v_proj
    python benchmarks/replay_tradeoff.py --shares 0 --rank 32
"""

import argparse
import json
import re
import time

import datasets
import torch
import transformers
from peft import LoraConfig, get_peft_model
from trl import SFTConfig

from cookkit.date_task import date_examples
from cookkit.evaluation_tasks import trivia_questions
from cookkit.everyday_questions import everyday_questions
from cookkit.measures import exact_match, generate_answers
from cookkit.models import load_model
from cookkit.replay_examples import replay_examples
from cookkit.replay_prompts import CHATTERBOT, general_prompts
from cookkit.trainers import ModelLossSFTTrainer


def normalized(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def scores(model, tokenizer, test_rows, batch_size: int) -> dict:
    """Exact match on the held-out dates; the shares of everyday and trivia questions answered."""
    dates = generate_answers(model, tokenizer, [r["prompt"] for r in test_rows], batch_size)
    expected = [r["completion"][0]["content"] for r in test_rows]
    everyday = everyday_questions()
    asked = [[{"role": "user", "content": q.question}] for q in everyday]
    replies = generate_answers(model, tokenizer, asked, batch_size, max_new_tokens=12)
    trivia = trivia_questions()[:50]
    asked = [[{"role": "user", "content": q}] for q, _ in trivia]
    answers = generate_answers(model, tokenizer, asked, batch_size, max_new_tokens=24)
    found = [normalized(a) in normalized(r) for (_, a), r in zip(trivia, answers)]
    return {
        "skill": exact_match(dates, expected),
        "everyday": round(
            sum(q.is_answered_by(r) for q, r in zip(everyday, replies)) / len(everyday), 3
        ),
        "trivia": sum(found) / len(found),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", default="0,0.2", help="replay shares to train, comma separated")
    parser.add_argument(
        "--targets", default="all-linear", help='"all-linear" or names, comma separated'
    )
    parser.add_argument("--rank", type=int, default=8, help="LoRA rank; alpha is twice the rank")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--n-train", type=int, default=128)
    parser.add_argument("--replay-tokens", type=int, default=24)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default="", help="also write the results to this JSON file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    datasets.disable_progress_bars()
    transformers.logging.disable_progress_bar()

    loaded = load_model("embedded", dtype=torch.float32, device=torch.device("cpu"))
    model, tokenizer = loaded.model, loaded.tokenizer
    train_rows, test_rows = date_examples(args.n_train, 50, 0)
    results = {"base model": scores(model, tokenizer, test_rows, 51)}
    print("base model", results["base model"], flush=True)
    prompts = general_prompts(CHATTERBOT, seed=0)
    targets = args.targets if args.targets == "all-linear" else args.targets.split(",")
    for share in [float(s) for s in args.shares.split(",")]:
        wanted = round(share / (1 - share) * args.n_train)
        replay = replay_examples(model, tokenizer, prompts, wanted, args.replay_tokens, 51)
        lora = LoraConfig(
            r=args.rank,
            lora_alpha=2 * args.rank,
            lora_dropout=0.0,
            target_modules=targets,
            task_type="CAUSAL_LM",
        )
        peft_model = get_peft_model(model, lora)
        training = SFTConfig(
            output_dir="/tmp/replay-tradeoff",
            max_steps=args.steps,
            per_device_train_batch_size=args.batch_size,
            learning_rate=args.learning_rate,
            lr_scheduler_type="linear",
            max_length=96,
            bf16=False,
            activation_checkpointing=False,
            use_cpu=True,
            logging_steps=10,
            save_strategy="no",
            report_to="none",
            disable_tqdm=True,
            seed=0,
        )
        trainer = ModelLossSFTTrainer(
            model=peft_model,
            args=training,
            train_dataset=datasets.Dataset.from_list(train_rows + replay),
            processing_class=tokenizer,
        )
        trainer.remove_callback(transformers.PrinterCallback)
        started = time.perf_counter()
        trainer.train()
        name = f"replay {share:g}, {args.targets}, rank {args.rank}"
        results[name] = {
            **scores(peft_model, tokenizer, test_rows, 51),
            "replay_examples": len(replay),
            "train_s": round(time.perf_counter() - started, 1),
        }
        print(name, results[name], flush=True)
        model = peft_model.unload()
    if args.out:
        with open(args.out, "w") as out:
            json.dump({"arguments": vars(args), "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
