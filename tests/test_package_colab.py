"""cookkit/colab.py, the Colab setup a recipe's first cell runs: it installs the recipe's extra and
the model's package against the platform's torch, and moves into the recipe's folder.

Without the constraint, an extra whose package wants another torch would replace Colab's CUDA
build; without the move, the recipe could not tell which recipe it is.
"""

import os
import subprocess

import pytest

from cookkit import colab


@pytest.fixture
def calls(monkeypatch):
    made = []

    def pip(*arguments):
        made.append(arguments)
        return subprocess.CompletedProcess(arguments, 0, "", "")

    monkeypatch.setattr(colab, "pip", pip)
    return made


def constraint_of(call):
    return open(call[call.index("-c") + 1]).read()


def test_the_extra_installs_against_the_platform_torch(calls, monkeypatch):
    monkeypatch.setattr(colab, "platform_torch", lambda: "2.99.0+cu999")
    assert colab.install("quantize", gpu=False) == []
    first, second = calls
    assert first[0] == f"{colab.CHECKOUT}[quantize]"
    assert constraint_of(first) == "torch==2.99.0+cu999\n"
    assert second[:2] == ("--no-deps", "-r") and second[2].endswith("requirements/no-deps.txt")


def test_on_a_gpu_vllm_is_tried_and_skipped_with_a_reason(calls, monkeypatch):
    monkeypatch.setattr(colab, "platform_torch", lambda: "2.99.0")

    def pip(*arguments):
        calls.append(arguments)
        failed = "[vllm]" in arguments[0]
        return subprocess.CompletedProcess(arguments, int(failed), "", "needs torch==2.14.0")

    monkeypatch.setattr(colab, "pip", pip)
    skipped = colab.install("serve", gpu=True)
    assert calls[0][0] == f"{colab.CHECKOUT}[serve,gpu]"
    assert skipped and "another torch than this runtime's 2.99.0" in skipped[0]


def test_a_failed_install_says_what_failed(monkeypatch):
    monkeypatch.setattr(
        colab, "pip", lambda *a: subprocess.CompletedProcess(a, 1, "", "no matching distribution")
    )
    with pytest.raises(RuntimeError, match=r"cookbook\[data\] failed:\nno matching distribution"):
        colab.install("data", gpu=False)


def test_main_moves_into_the_recipe_folder(calls, monkeypatch):
    monkeypatch.chdir(colab.CHECKOUT)
    colab.main("02-pretrain")
    assert os.getcwd() == str(colab.CHECKOUT / "cookbook" / "02-pretrain")
    with pytest.raises(SystemExit, match="no recipe folder cookbook/99-nothing"):
        colab.main("99-nothing")
