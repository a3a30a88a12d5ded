"""What a notebook must never store in its outputs: an error, a secret, a path of the machine that
ran it. ``python -m cookkit check-outputs`` runs these checks, as the pre-commit hook does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cookkit import paths

MACHINE_PATH = re.compile(
    r"(/(home|root|Users|work|tmp|private|var/folders)/[\w.-]+|[A-Z]:\\\\Users|site-packages/)"
)
SECRETS = {
    "a Hugging Face token": re.compile(r"\bhf_[A-Za-z0-9]{30,}"),
    "an OpenAI-style key": re.compile(r"\bsk-[A-Za-z0-9_-]{20,}"),
    "a GitHub token": re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "a Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
}


def output_problems(notebook: Path) -> list[str]:
    """Return one line per stored output of ``notebook`` that holds an error, a secret-looking
    string or an absolute path, naming the cell and what to do.
    """
    problems = []
    cells = json.loads(Path(notebook).read_text())["cells"]
    for number, cell in enumerate(cells, start=1):
        outputs = cell.get("outputs", [])
        text = json.dumps(outputs)
        where = f"{paths.shown(notebook)}: cell {number}"
        errors = [o.get("ename", "?") for o in outputs if o.get("output_type") == "error"]
        if errors:
            problems.append(f"{where} stores an error ({errors[0]}): fix it and re-execute")
        for what, pattern in SECRETS.items():
            if pattern.search(text):
                problems.append(
                    f"{where} stores what looks like {what}: revoke it, clear the output"
                )
        found = MACHINE_PATH.search(text)
        if found:
            problems.append(
                f"{where} stores the machine path {found.group(0)!r}: print paths with "
                "cookkit.paths.shown"
            )
    return problems
