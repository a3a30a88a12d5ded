"""Parameter checks: the error a recipe raises for a bad value, and the rules that find one.

A recipe's parameters are the annotated assignments of its cell tagged ``parameters``
(``steps: int = 60  # optimizer steps``). ``check`` runs in the next cell and stops the recipe
before anything is loaded or written: every value must have its declared type, the parameters
that every recipe shares (``SHARED``: profile, model_id, dtype, device, threads, seed) follow one
table, an upstream folder ``<stage>_dir`` must hold that stage's run record, and the recipe adds
its own rules as data (``between(1, 512)``, ``one_of("python", "torchrun")``). Rules that relate
two parameters stay in the notebook, written with ``require``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cookkit import paths
from cookkit.records import RECORD_FILE


class ParameterError(ValueError):
    """A recipe parameter has a value the recipe cannot use."""

    def __init__(self, name: str, problem: str, fix: str):
        self.name, self.problem, self.fix = name, problem, fix
        super().__init__(f"parameter `{name}`: {problem}. Fix: {fix}")


def require(ok: bool, name: str, problem: str, fix: str) -> None:
    """Raise ``ParameterError(name, problem, fix)`` unless ``ok``."""
    if not ok:
        raise ParameterError(name, problem, fix)


@dataclass(frozen=True)
class Rule:
    """A condition on one parameter's value; ``problem`` and ``fix`` may use ``{value!r}`` and
    ``{name}``.
    """

    test: Callable[[Any], bool]
    problem: str
    fix: str

    def apply(self, name: str, value: Any) -> None:
        """Raise ``ParameterError`` for ``name`` unless ``value`` passes the test."""
        require(
            bool(self.test(value)),
            name,
            self.problem.format(value=value, name=name),
            self.fix.format(value=value, name=name),
        )


def between(low: float, high: float) -> Rule:
    """Return the rule ``low <= value <= high``."""
    return Rule(
        lambda v: low <= v <= high,
        f"{{value!r}} is outside {low}..{high}",
        f"pick a value from {low} to {high}",
    )


def at_least(low: float) -> Rule:
    """Return the rule ``value >= low``."""
    return Rule(lambda v: v >= low, f"{{value!r}} is below {low}", f"use {low} or more")


def zero_or_at_least(low: float) -> Rule:
    """Return the rule ``value == 0 or value >= low``, for parameters where 0 means "all" or
    "automatic".
    """
    return Rule(
        lambda v: v == 0 or v >= low,
        f"{{value!r}} is neither 0 nor at least {low}",
        f"use 0 or {low} or more",
    )


def fraction() -> Rule:
    """Return the rule ``0 < value < 1``."""
    return Rule(
        lambda v: 0 < v < 1,
        "{value!r} is not strictly between 0 and 1",
        "use a number such as 0.05",
    )


def one_of(*choices: Any) -> Rule:
    """Return the rule ``value in choices``; the fix lists them."""
    listed = ", ".join(repr(c) for c in choices)
    return Rule(
        lambda v: v in choices, "{value!r} is not one of the choices", f"use one of {listed}"
    )


def each_one_of(*choices: str) -> Rule:
    """Return the rule that every item of a comma-separated value is one of ``choices``; the fix
    lists them.
    """
    listed = ", ".join(choices)
    return Rule(
        lambda v: all(item.strip() in choices for item in v.split(",") if item.strip()),
        "{value!r} names something that is not among the choices",
        f"use a comma-separated list of {listed}",
    )


def counts() -> Rule:
    """Return the rule that a text is a comma-separated list of whole numbers from 1 ("1,4,8")."""
    return Rule(
        lambda v: all(c.strip().isdigit() and int(c) > 0 for c in v.split(",")),
        "{value!r} is not a comma-separated list of whole numbers from 1",
        'write them like "1,4,8"',
    )


LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""Host names that only programs on this machine can reach."""


def local_or_keyed(variable: str) -> Rule:
    """Return the rule that a server's host is loopback, or that the environment variable
    ``variable`` holds the API key an exposed server needs.
    """
    return Rule(
        lambda v: v in LOOPBACK or bool(os.environ.get(variable)),
        f"{{value!r}} would expose the server to the network, but ${variable} holds no API key",
        f"export {variable}=<a long random key> first, or keep {{name}} at 127.0.0.1",
    )


def is_hub_id(value: str) -> bool:
    """Return whether ``value`` has the form of a hub id, ``org/name``."""
    return value.count("/") == 1 and not value.startswith(("/", "."))


def name_or_hub_id(*names: str) -> Rule:
    """Return the rule that a text is one of ``names`` (something installed) or a hub id
    ``org/name``.
    """
    listed = " or ".join(repr(n) for n in names)
    return Rule(
        lambda v: v in names or is_hub_id(v),
        f"{{value!r}} is neither {listed} nor a hub id (org/name)",
        f"use {listed} offline, or a hub id such as 'roneneldan/TinyStories'",
    )


def non_empty() -> Rule:
    """Return the rule that a text is not blank."""
    return Rule(lambda v: v.strip() != "", "it is empty", "give a non-empty value")


def stage_output(stage: str, optional: bool = False) -> Rule:
    """Return the rule that a folder holds the run record the stage ``stage`` writes.

    With ``optional``, an empty value or a folder that does not exist passes too (the recipe skips
    what needs it); an existing folder without the record still fails.
    """
    return Rule(
        lambda v: (
            (optional and (not v or not paths.resolve(v).exists()))
            or (paths.resolve(v) / RECORD_FILE).is_file()
        ),
        f"{{value!r}} holds no {RECORD_FILE} of the {stage} stage",
        f"run that stage first (python -m cookkit run --stages {stage}) "
        "or point {name} at its folder" + (' (or set it to "" to skip it)' if optional else ""),
    )


_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")

SHARED: dict[str, Rule] = {
    "profile": Rule(
        paths.is_folder_name,
        "{value!r} cannot name a folder",
        "use lower-case letters, digits and '-', e.g. 'cpu' or 'colab-t4'",
    ),
    "model_id": Rule(
        lambda v: v == "embedded" or is_hub_id(v) or paths.resolve(v).is_dir(),
        "{value!r} is neither 'embedded', a hub id (org/name) nor an existing folder",
        "use 'embedded' offline, or a hub id like 'HuggingFaceTB/SmolLM2-360M-Instruct'",
    ),
    "dtype": one_of("float32", "bfloat16", "float16"),
    "device": Rule(
        lambda v: bool(_DEVICE.match(v)),
        "{value!r} is not a torch device",
        "use 'auto', 'cpu', 'cuda' or 'mps'",
    ),
    "threads": Rule(
        lambda v: v >= 0,
        "{value!r} is not a thread count",
        "use 0 (automatic) or a positive whole number",
    ),
    "seed": Rule(lambda v: v >= 0, "{value!r} is negative", "use a whole number from 0, e.g. 0"),
    "max_steps": at_least(1),
    "batch_size": at_least(1),
    "eval_batch_size": at_least(1),
    "learning_rate": fraction(),
}
"""Rules for parameters that several recipes declare, written once; a recipe's own rule wins."""

_TYPE_NAMES = {"int": int, "float": float, "str": str, "bool": bool}


def type_problem(value: Any, declared: type | str) -> str | None:
    """Return why ``value`` does not have the ``declared`` type, or ``None`` if it does.

    Exact, as a notebook reader expects: ``True`` is not an ``int``; an ``int`` is accepted where
    ``float`` is declared. A ``str`` where a number is declared usually comes from YAML, which reads
    ``5e-4`` as text.
    """
    expected = _TYPE_NAMES.get(declared, declared) if isinstance(declared, str) else declared
    if not isinstance(expected, type):
        return None
    if type(value) is expected or (expected is float and type(value) is int):
        return None
    problem = f"{value!r} is a {type(value).__name__}, not a {expected.__name__}"
    if isinstance(value, str) and expected in (int, float):
        problem += " (YAML reads a number like 5e-4 as text: write 5.0e-4 or 0.0005)"
    return problem


def _type_fix(expected: type | str) -> str:
    name = expected if isinstance(expected, str) else expected.__name__
    return {
        "bool": "use True or False",
        "int": "use a whole number",
        "float": "use a number",
        "str": "use text in quotes",
    }.get(name, f"use a {name}")


OPTIONAL_STAGES = ("align",)
"""Stages a later recipe can do without: with ``align_dir`` set to ``""`` (or a folder that does
not exist) the recipes after it take the fine-tune's model instead of the aligned one."""


def rule_for(name: str, rules: Mapping[str, Rule]) -> Rule | None:
    """Return the rule that applies to parameter ``name``: the recipe's own, the shared one, or the
    upstream-folder one.
    """
    if name in rules:
        return rules[name]
    if name in SHARED:
        return SHARED[name]
    if name.endswith("_dir"):
        stage = name.removesuffix("_dir")
        return stage_output(stage, optional=stage in OPTIONAL_STAGES)
    return None


def check(
    declared: Mapping[str, type | str], values: Mapping[str, Any], rules: Mapping[str, Rule]
) -> dict[str, Any]:
    """Return the declared parameters with their values, after checking each one; raise
    ``ParameterError`` on the first bad one.

    ``declared`` maps each parameter to its annotation, in the order the parameters cell declares
    them; ``values`` holds the values (the notebook's namespace, where papermill injected its own);
    ``rules`` holds the recipe's own rules. Types are checked first for every parameter, then each
    parameter's rule, in declaration order.
    """
    unknown = sorted(set(rules) - set(declared))
    if unknown:
        raise ValueError(
            f"rules for undeclared parameter(s) {', '.join(unknown)}: declare them in the "
            "parameters cell"
        )
    chosen = {name: values[name] for name in declared}
    for name, annotation in declared.items():
        problem = type_problem(chosen[name], annotation)
        require(problem is None, name, problem or "", _type_fix(annotation))
    for name, value in chosen.items():
        rule = rule_for(name, rules)
        if rule is not None:
            rule.apply(name, value)
    return chosen
