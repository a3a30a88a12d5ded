"""The models the chain made, found from the earlier stages' run records, and each one loaded.

The evaluation recipe scores every model of the chain, and each earlier stage's run record says
where its models are: the base model is the one the fine-tune started from, the fine-tune wrote a
merged folder, the align stage another (the fine-tune, aligned), every folder and file the
quantize stage wrote is a candidate (the bitsandbytes ones included, which load only on a GPU),
and the pretrain stage wrote a small model of its own. A
stage that has not run leaves its models missing, each with the command that makes it, so that the
recipe reports them and evaluates the others.

The models come in forms that load differently: the default model through
``cookkit.models.load_model``, a folder through ``from_pretrained``, a GGUF file dequantized to
float32 on loading. A quantized model has no tokenizer of its own, and a GGUF file no exact
``transformers`` config: both come from the fine-tune it was made from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import torch

from cookkit import paths
from cookkit.models import load_model
from cookkit.records import optional_run_record

STAGES = ("data", "pretrain", "finetune", "align", "quantize")
"""The earlier stages whose outputs the evaluation reads, each from its ``<stage>_dir``."""

NOT_MODELS = ("methods_table", "run_record")
"""The quantize stage's artifacts that are not models."""


def run_first(stage: str) -> str:
    """Return the status of a model whose stage has not run: that it is missing, and the command
    that makes it.
    """
    return f"missing: run the {stage} stage (python -m cookkit run --stages {stage})"


@dataclass
class ChainModels:
    """The chain's models: where each one is, which are missing and why, and how to load each.

    ``candidates`` maps a model's name to its model id (``"base"``: the fine-tune's ``model_id``)
    or to its folder or file, in chain order: base, finetuned, aligned, the quantize stage's in the
    order it made them, pretrained. The align stage is optional: without it there is no ``aligned``
    and nothing is reported missing. ``missing`` maps the name of what a stage would have made
    (``"quantized"`` for all the quantize stage's models) to ``run_first``'s status. ``records``
    holds each stage's run record, None for a stage that has not run.
    """

    candidates: dict[str, str | Path]
    missing: dict[str, str]
    records: dict[str, dict[str, Any] | None]

    @property
    def released(self) -> str:
        """Return the name of the float model the chain releases and quantizes: ``aligned`` when
        the align stage ran, else ``finetuned``.
        """
        return "aligned" if "aligned" in self.candidates else "finetuned"

    @property
    def finetune_parameters(self) -> dict[str, Any]:
        """Return the fine-tune stage's parameters (its model, the settings of its test set), or
        an empty dict when it has not run.
        """
        return (self.records.get("finetune") or {}).get("parameters", {})

    @cached_property
    def finetune_tokenizer(self) -> Any:
        """Return the fine-tune's tokenizer, which every quantized model shares."""
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(self._finetuned_folder())

    @cached_property
    def finetune_config(self) -> Any:
        """Return the fine-tune's ``transformers`` config, which a GGUF file is loaded with."""
        from transformers import AutoConfig

        return AutoConfig.from_pretrained(self._finetuned_folder())

    def load(self, name: str, device: str | torch.device = "cpu") -> tuple[Any, Any]:
        """Return the model ``name`` stands for and its tokenizer, ready for inference on
        ``device``.

        Raises FileNotFoundError with the model's status when its stage has not run, and whatever
        ``transformers`` raises for a file it cannot load (a damaged file, a GPU-only checkpoint
        on a CPU).
        """
        if name not in self.candidates:
            raise FileNotFoundError(self.missing.get(name, f"no model named {name!r}"))
        where = self.candidates[name]
        if name == "base":
            loaded = load_model(str(where), device=device)
            return loaded.model, loaded.tokenizer
        from transformers import AutoModelForCausalLM, AutoTokenizer

        placed = {"device_map": {"": device}}
        where = Path(where)
        if where.suffix == ".gguf":  # dequantized to float32 on loading
            _remember_gguf_name_maps()
            with _progress_bar_hidden():
                model = AutoModelForCausalLM.from_pretrained(
                    where.parent,
                    gguf_file=where.name,
                    config=self.finetune_config,
                    dtype=torch.float32,
                    **placed,
                )
        else:
            model = AutoModelForCausalLM.from_pretrained(where, **placed)
        if name == "pretrained":  # trained with a tokenizer of its own, saved beside it
            return model.eval(), AutoTokenizer.from_pretrained(where)
        return model.eval(), self.finetune_tokenizer

    def _finetuned_folder(self) -> Path:
        if "finetuned" not in self.candidates:
            raise FileNotFoundError(
                "a quantized model takes the fine-tune stage's tokenizer and config, and that "
                f"stage has not run. Fix: {run_first('finetune').removeprefix('missing: ')}"
            )
        return Path(self.candidates["finetuned"])


def chain_models(parameters: Mapping[str, Any]) -> ChainModels:
    """Return the chain's models, from the run records in the folders that ``parameters`` names as
    ``<stage>_dir`` (a missing or empty entry: that stage has not run).
    """
    records = {stage: optional_run_record(parameters.get(f"{stage}_dir")) for stage in STAGES}
    finetune, quantize, pretrain = records["finetune"], records["quantize"], records["pretrain"]
    align = records["align"]
    candidates: dict[str, str | Path] = {
        "base": (finetune or {}).get("parameters", {}).get("model_id", "embedded")
    }
    missing: dict[str, str] = {}
    if finetune:
        candidates["finetuned"] = paths.resolve(finetune["artifacts"]["merged_model"])
    else:
        missing["finetuned"] = run_first("finetune")
    if align:
        candidates["aligned"] = paths.resolve(align["artifacts"]["merged_model"])
    if quantize:
        for name, where in quantize["artifacts"].items():  # in the order the stage made them
            if name not in NOT_MODELS:
                candidates[name] = paths.resolve(where)
    else:
        missing["quantized"] = run_first("quantize")
    if pretrain:
        candidates["pretrained"] = paths.resolve(pretrain["artifacts"]["model"])
    else:
        missing["pretrained"] = run_first("pretrain")
    return ChainModels(candidates, missing, records)


def _remember_gguf_name_maps() -> None:
    """Make ``gguf.get_tensor_name_map`` return the map it built before for the same arguments.

    Loading a GGUF file, ``transformers`` (5.24) asks ``gguf`` for the same name map once per
    module of the model, and ``gguf`` builds it anew each time: 397 times for SmolLM2, 6 of the 11
    seconds a load took here. The map depends only on the architecture and the number of layers,
    and the loader only reads it, so remembering it changes the time and nothing else.
    """
    import gguf

    if not hasattr(gguf.get_tensor_name_map, "cache_info"):
        gguf.get_tensor_name_map = cache(gguf.get_tensor_name_map)


def _progress_bar_hidden() -> Any:
    """Return a context that keeps ``transformers``' GGUF progress bar off the page.

    It is drawn with ``tqdm.auto`` whatever the logging settings: a widget in a notebook, which
    only IPython's capture catches (it captures plain stdout and stderr elsewhere).
    """
    from IPython.utils.capture import capture_output

    return capture_output()
