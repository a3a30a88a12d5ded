"""The error a recipe raises when a parameter is wrong, and the one-line check that raises it.

Every recipe validates its parameters in the cell right after the
``parameters`` cell, so a bad value stops the run before anything is loaded or
written, with a message that names the parameter and says what to change.
"""

from __future__ import annotations


class ParameterError(ValueError):
    """A recipe parameter has a value the recipe cannot use."""

    def __init__(self, name: str, problem: str, fix: str):
        self.name, self.problem, self.fix = name, problem, fix
        super().__init__(f"parameter `{name}`: {problem}. Fix: {fix}")


def require(ok: bool, name: str, problem: str, fix: str) -> None:
    """Raise ``ParameterError(name, problem, fix)`` unless ``ok``."""
    if not ok:
        raise ParameterError(name, problem, fix)
