"""Each `make` target that runs pytest gets past pytest's option parsing and collects its tests.

`make test-colab` once stopped at once: it turned nbval off (`-p no:nbval`) while `pyproject.toml`'s
`addopts` still passed nbval's `--nbval-lax`, so pytest refused the command line, and the weekly
workflow that calls the target would have failed without ever rehearsing anything. This runs each
target's pytest command with `--collect-only` on two small test files (collecting every notebook
and test module would take some fifteen seconds a target), one the Colab marker selects and one the
others select: no test is executed.
"""

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # a few seconds a target: pytest starts anew each time

# Option parsing does not depend on what is collected: one small file for each side of `-m colab`.
SAMPLE = [
    "tests/test_colab_rehearsal_runs_a_recipe_from_its_badge.py",
    "tests/test_cookbook_has_recipes.py",
]
COMMANDS = {
    target: shlex.split(line)
    for target, line in re.findall(
        r"^([\w-]+):.*\n(?:\t.*\n)*?\t\$\(BIN\)/python -m pytest(.*)$",
        (ROOT / "Makefile").read_text() if (ROOT / "Makefile").is_file() else "",
        flags=re.MULTILINE,
    )
}


def test_the_makefile_has_test_targets():
    assert {"test", "test-fast", "test-colab"} <= set(COMMANDS), f"found {sorted(COMMANDS)}"


@pytest.mark.parametrize("target", sorted(COMMANDS))
def test_target_collects_its_tests(target):
    command = [sys.executable, "-m", "pytest", *COMMANDS[target], *SAMPLE, "--collect-only", "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, (
        f"`make {target}` does not start its tests (exit {done.returncode}): fix its pytest "
        f"options in the Makefile\n{(done.stderr or done.stdout)[-1500:]}"
    )
