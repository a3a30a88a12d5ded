"""The package, the tests, the benchmarks and the notebooks' code pass `ruff format --check` and
`ruff check`.

One format and one set of lint rules (pyproject.toml) keep pull requests about their content, not
their layout, and ruff's checks catch undefined names and unused imports in notebooks before they
are executed. Fix with `make format`.
"""

import subprocess
import sys

from conftest import ROOT


def ruff(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *arguments], cwd=ROOT, capture_output=True, text=True
    )


def test_code_is_formatted():
    done = ruff("format", "--check", ".")
    assert done.returncode == 0, (
        f"run `make format`; ruff would reformat:\n{done.stdout}{done.stderr}"
    )


def test_code_passes_the_lint_rules():
    done = ruff("check", "--output-format", "concise", ".")
    assert done.returncode == 0, (
        f"ruff check found problems (`make format` fixes some):\n{done.stdout}"
    )
