"""Colab setup for one recipe, run by its first cell right after cloning the cookbook:
``%run cookbook/cookkit/colab.py 05-quantize``.

It installs the package with the recipe's extra (``cookbook[quantize]``: every pin from
``requirements/``), the default model's package without its dependencies, and on a CUDA machine
the ``gpu`` extra, always against the platform's own torch: pip gets that torch as a constraint,
so a package that wants another one fails to install instead of replacing it. The serve recipe's
vLLM is tried the same way, and skipped with a note where its wheel needs another torch. Then it
moves into the recipe's folder, where ``cookkit.recipes.start_run`` expects to run.

It uses the standard library only: nothing of the cookbook is installed when it starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
# tried after the rest; skipped where the platform's torch differs
GPU_EXTRAS = {"align": ["vllm"], "serve": ["vllm"]}


def pip(*arguments: str) -> subprocess.CompletedProcess:
    """Run ``pip install -q`` with ``arguments`` in this kernel's Python; return how it went."""
    command = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    return subprocess.run([*command, *arguments], capture_output=True, text=True)


def platform_torch() -> str | None:
    """Return the installed torch's version (as pip spells it), or None when there is none."""
    try:
        from importlib.metadata import version

        return version("torch")
    except Exception:
        return None


def cuda_available() -> bool:
    """Return whether torch sees a CUDA GPU, asked in another process: torch imported here before
    the installs would keep this kernel's torch without the NumPy they may bring."""
    probe = "import torch; print(torch.cuda.is_available())"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return done.stdout.strip() == "True"


def torch_constraint() -> str:
    """Return a pip constraint file that holds torch at the installed version (empty without)."""
    torch = platform_torch()
    constraint = Path(tempfile.mkdtemp()) / "platform-torch.txt"
    constraint.write_text(f"torch=={torch}\n" if torch else "")
    return str(constraint)


def install(stage: str, gpu: bool) -> list[str]:
    """Install what ``stage`` needs; return a line per optional part that was skipped, and why."""
    extras = [stage, "gpu"] if gpu else [stage]
    torch, constraint = platform_torch(), torch_constraint()
    done = pip(f"{CHECKOUT}[{','.join(extras)}]", "-c", constraint)
    if done.returncode != 0:
        raise RuntimeError(
            f"installing cookbook[{','.join(extras)}] failed:\n{done.stderr[-2000:]}"
        )
    done = pip("--no-deps", "-r", str(CHECKOUT / "requirements" / "no-deps.txt"))
    if done.returncode != 0:
        raise RuntimeError(f"installing the default model's package failed:\n{done.stderr[-2000:]}")
    skipped = []
    for extra in GPU_EXTRAS.get(stage, []) if gpu else []:
        if pip(f"{CHECKOUT}[{extra}]", "-c", constraint).returncode != 0:
            skipped.append(
                f"{extra}: its wheel needs another torch than this runtime's {torch}; "
                "the recipe runs without it"
            )
    return skipped


def main(folder: str) -> None:
    recipe_folder = CHECKOUT / "cookbook" / folder
    if not recipe_folder.is_dir():
        raise SystemExit(f"no recipe folder cookbook/{folder} in {CHECKOUT}")
    stage = folder.split("-", 1)[1]
    gpu = cuda_available()
    print(f"installing cookbook[{stage}{',gpu' if gpu else ''}] against torch {platform_torch()}")
    for line in install(stage, gpu):
        print("skipped", line)
    os.chdir(recipe_folder)
    print(f"working in {recipe_folder.relative_to(CHECKOUT.parent)}")


if __name__ == "__main__":
    main(sys.argv[1])
