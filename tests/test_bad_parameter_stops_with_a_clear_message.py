"""A bad parameter stops the recipe before it writes anything, with a message naming the parameter
and the fix.

Without it a typo surfaces minutes later as a traceback from deep inside torch, after artifacts were
written. The cases cover each kind of check: a type (a bool for a count, YAML's text for a number),
a shared rule, a recipe's own rule, a rule relating two parameters, and a check against the model or
the data.
"""

import json

import papermill
import pytest

from cookkit import paths

from conftest import ROOT, execute_recipe

pytestmark = pytest.mark.slow

PROFILE = "pytest-bad"
CASES = [
    ("00-start/meet-the-model", "max_new_tokens", 0),
    ("00-start/meet-the-model", "threads", True),
    ("00-start/meet-the-model", "dtype", "float8"),
    ("00-start/meet-the-model", "profile", "../elsewhere"),
    ("03-finetune/lora-date-rewriting", "learning_rate", "5e-4"),
    ("03-finetune/lora-date-rewriting", "target_modules", "q_proj,attention_dense"),
    ("03-finetune/lora-date-rewriting", "max_seq_length", 100_000),
    ("03-finetune/lora-date-rewriting", "n_train", 3),
    ("03-finetune/lora-date-rewriting", "replay", 1.0),
    ("03-finetune/lora-date-rewriting", "replay_source", "no-such-prompts.txt"),
    ("04-align/reward-and-preference", "methods", "grpo,ppo"),
    ("04-align/reward-and-preference", "num_generations", 1),
    ("04-align/reward-and-preference", "rl_phrasings", ""),
    ("04-align/reward-and-preference", "held_out", "day-first"),
    ("04-align/reward-and-preference", "finetune_dir", "artifacts/cpu/no-such-stage"),
    ("01-data/prepare-a-corpus", "max_documents", 5),
    ("01-data/prepare-a-corpus", "vocab_size", 100),
    ("02-pretrain/pretrain-from-scratch", "data_dir", "artifacts/cpu/no-such-stage"),
    ("02-pretrain/pretrain-from-scratch", "n_embd", 250),
    ("02-pretrain/pretrain-from-scratch", "interrupt_at", 150),
    ("05-quantize/quantize-and-compare", "methods", "gguf-q4_0,gguf-q3_k"),
    ("05-quantize/quantize-and-compare", "finetune_dir", "artifacts/cpu/no-such-stage"),
    ("05-quantize/quantize-and-compare", "pretrain_dir", "cookbook"),
    ("06-evaluate/evaluate-with-lm-eval", "tasks", "date_skill,date_skil"),
    ("06-evaluate/evaluate-with-lm-eval", "quantize_dir", "cookbook"),
    ("06-evaluate/evaluate-with-lm-eval", "models", "finetuned,gguf-q3_k"),
    ("08-share/share-a-release", "evaluate_dir", "artifacts/cpu/no-such-stage"),
    ("08-share/share-a-release", "push_to", "just-a-name"),
    ("08-share/share-a-release", "push_to", "me/my-model"),  # with no token in $HF_TOKEN
    ("08-share/share-a-release", "min_skill", 1.5),
    ("08-share/share-a-release", "gguf_files", "gguf-q4_1"),
]
GGUF = "artifacts/cpu/quantize/gguf/model-q4_1.gguf"
RECORDS = {  # what the share recipe's checks read from the quantize and evaluate stages
    "quantize": {"artifacts": {"gguf-q4_1": GGUF}},
    "evaluate": {"metrics": {"results": {"gguf-q4_1": {"date_skill": {"exact_match": 0.08}}}}},
}


def stand_in_stage(folder):
    """Write what the checks read from an earlier stage (its record; the data card the pretraining
    checks read), so a case needs no run of that stage.
    """
    folder.mkdir()
    (folder / "run-record.json").write_text(json.dumps(RECORDS.get(folder.name, {})))
    (folder / "data-card.json").write_text(json.dumps({"blocks": {"train": 100, "val": 100}}))
    return str(folder)


@pytest.mark.parametrize(
    ("recipe_name", "name", "value"), CASES, ids=[f"{r}:{n}" for r, n, _ in CASES]
)
def test_bad_parameter_is_named_with_its_fix(tmp_path, monkeypatch, recipe_name, name, value):
    monkeypatch.delenv("HF_TOKEN", raising=False)  # a hub token must never reach a test's upload
    notebook = ROOT / "cookbook" / f"{recipe_name}.ipynb"
    parameters = {"profile": PROFILE, name: value}
    declared = papermill.inspect_notebook(str(notebook))
    stages = (
        ("data", "finetune", "quantize", "evaluate")
        if "share" in recipe_name
        else ("data", "finetune")
    )
    for stage in stages:
        if f"{stage}_dir" in declared and name != f"{stage}_dir":
            parameters[f"{stage}_dir"] = stand_in_stage(tmp_path / stage)
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        execute_recipe(notebook, tmp_path / "out.ipynb", parameters)
    error = failure.value
    assert error.ename == "ParameterError", (
        f"expected a ParameterError, got {error.ename}: {error.evalue}"
    )
    assert f"parameter `{name}`" in error.evalue and "Fix:" in error.evalue, error.evalue
    assert not (paths.artifacts_root() / PROFILE).exists(), (
        "a run that failed validation wrote artifacts"
    )
