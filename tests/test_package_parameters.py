"""cookkit.parameters: a failed check raises ParameterError naming the parameter, the problem and the fix.

The message is what a reader sees when a run stops; without the name and the fix they have to read the code.
"""

import pytest

from cookkit.parameters import ParameterError, require


def test_require_passes_when_ok():
    require(True, "steps", "unused", "unused")


def test_require_names_parameter_problem_and_fix():
    with pytest.raises(ParameterError) as failure:
        require(False, "steps", "-1 is negative", "use a positive number of steps")
    assert str(failure.value) == "parameter `steps`: -1 is negative. Fix: use a positive number of steps"
    assert failure.value.name == "steps"
    assert isinstance(failure.value, ValueError)
