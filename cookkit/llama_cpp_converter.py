"""llama.cpp's GGUF converter, fetched once from PyPI without compiling anything.

llama.cpp writes GGUF with its own script, ``convert_hf_to_gguf.py``, which knows how each
architecture's tensors are named and laid out. No wheel on PyPI ships it, but the source
distribution of ``llama-cpp-python`` vendors llama.cpp whole: ``llama_cpp_converter`` downloads that
(about 75 MB) and keeps only the script, its ``conversion`` package, the ``gguf-py`` library it is
written against and llama.cpp's licence. ``convert_to_gguf`` runs the script as it is, in a process
of its own with that ``gguf-py`` on its path; the quantize recipe uses both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

LLAMA_CPP_SOURCE = "llama-cpp-python==0.3.36"


def llama_cpp_converter(folder: str | Path) -> Path:
    """Return the path of llama.cpp's ``convert_hf_to_gguf.py``, fetching it into ``folder`` once.

    The script, its ``conversion`` package, the ``gguf-py`` library it is written against and
    llama.cpp's licence come from the source distribution of ``LLAMA_CPP_SOURCE``, which vendors
    llama.cpp; ``COMMIT`` beside them names the llama.cpp commit. Nothing is compiled.
    """
    folder = Path(folder)
    script = folder / "convert_hf_to_gguf.py"
    if script.is_file():
        return script
    wanted = ("convert_hf_to_gguf.py", "conversion/", "gguf-py/", "LICENSE")
    with tempfile.TemporaryDirectory() as download:
        fetch = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary"]
        fetch += [":all:", "--dest", download, LLAMA_CPP_SOURCE]
        done = subprocess.run(fetch, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"could not fetch {LLAMA_CPP_SOURCE}:\n{done.stderr[-2000:]}")
        unpacked = Path(download) / "llama.cpp"
        with tarfile.open(next(Path(download).glob("*.tar.gz"))) as archive:
            for member in archive.getmembers():
                inside = member.name.partition("/vendor/llama.cpp/")[2]
                if member.name.endswith(".git/modules/vendor/llama.cpp/HEAD"):
                    inside = "COMMIT"
                if inside.startswith(wanted) or inside == "COMMIT":
                    member.name = inside
                    archive.extract(member, unpacked, filter="data")
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked, folder)
    return script


def convert_to_gguf(
    model_dir: str | Path, target: str | Path, outtype: str, converter: str | Path
) -> Path:
    """Write the transformers model in ``model_dir`` to the GGUF file ``target``; return its path.

    ``converter`` is the script ``llama_cpp_converter`` returns, and ``outtype`` a type it accepts,
    such as ``f32``, ``f16``, ``bf16`` or ``q8_0``. It runs with the ``gguf-py`` fetched beside it
    first on its path (the version it was written against). Raises ``RuntimeError`` with the end
    of the converter's error output if it fails.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ, PYTHONPATH=str(Path(converter).parent / "gguf-py"))
    command = [sys.executable, str(converter), str(model_dir), "--outfile", str(target)]
    done = subprocess.run(
        [*command, "--outtype", outtype], env=environment, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"llama.cpp's converter failed:\n{done.stderr[-3000:]}")
    return target
