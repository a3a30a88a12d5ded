"""The pre-commit hooks are valid, and their output check passes every recipe but stops a notebook
that stores an error, a secret-looking string or a path of the machine that ran it.

Stored outputs are published as they are: a traceback shows a recipe that did not run, a token in an
output is a leaked credential, and /home/alice/... names who ran it. The hook stops them before the
commit; this test keeps the hook honest.
"""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

PLANTED = {
    "error": {"output_type": "error", "ename": "ValueError", "evalue": "", "traceback": []},
    "token": {"output_type": "stream", "name": "stdout", "text": "token hf_" + "a1B2" * 9},
    "path": {"output_type": "stream", "name": "stdout", "text": "saved /home/alice/model.bin"},
}


def check_outputs(*notebooks):
    return subprocess.run(
        [sys.executable, "-m", "cookkit", "check-outputs", *map(str, notebooks)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_recipes_and_template_pass():
    done = check_outputs()
    assert done.returncode == 0, done.stdout
    assert check_outputs(ROOT / ".github" / "recipe-template.ipynb").returncode == 0


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_output_is_stopped(tmp_path, kind):
    notebook = json.loads((ROOT / ".github" / "recipe-template.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    cell["outputs"] = [PLANTED[kind]]
    planted = tmp_path / "planted.ipynb"
    planted.write_text(json.dumps(notebook))
    done = check_outputs(planted)
    assert done.returncode == 1, f"the check let a stored {kind} through:\n{done.stdout}"
    assert "cell 3" in done.stdout and "planted.ipynb" in done.stdout, done.stdout


def test_pre_commit_configuration_is_valid_and_runs_the_checks():
    config = ROOT / ".pre-commit-config.yaml"
    text = config.read_text()
    for entry in ("ruff check --fix", "ruff format", "python -m cookkit check-outputs"):
        assert f"entry: {entry}" in text, f".pre-commit-config.yaml does not run `{entry}`"
    pre_commit = shutil.which("pre-commit") or str(ROOT / ".venv" / "bin" / "pre-commit")
    done = subprocess.run(
        [pre_commit, "validate-config", str(config)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"pre-commit rejects its configuration:\n{done.stdout}"
