"""Each `make` target that runs pytest gets past pytest's option parsing and collects its tests.

`make test-colab` once stopped at once: it turned nbval off (`-p no:nbval`) while `pyproject.toml`'s
`addopts` still passed nbval's `--nbval-lax`, so pytest refused the command line, and the weekly
workflow that calls the target would have failed without ever rehearsing anything. This runs each
target's pytest command with `--collect-only`: no test executed, but collecting every notebook
takes some ten seconds a target, so it counts as slow.
"""

import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

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
    command = [sys.executable, "-m", "pytest", *COMMANDS[target], "--collect-only", "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, (
        f"`make {target}` does not start its tests (exit {done.returncode}): fix its pytest "
        f"options in the Makefile\n{(done.stderr or done.stdout)[-1500:]}"
    )
