"""cookkit.tolerances: how far a fresh metric may lie from the stored one, as each recipe declares
it.

`python -m cookkit verify` is how a reader checks that they reproduced a recipe: a tolerance that
accepted everything would call any run a reproduction, and one that parsed wrongly would fail honest
runs.
"""

import pytest

from cookkit.tolerances import Tolerance, flat_metrics, tolerance_of


@pytest.mark.parametrize(
    ("spec", "stored", "fresh", "ok"),
    [
        ("exact", 0.93, 0.93, True),
        ("exact", 0.93, 0.94, False),
        ("exact", True, True, True),
        ("±0.05", 3.51, 3.55, True),
        ("±0.05", 3.51, 3.57, False),
        ("±20%", 10.0, 11.9, True),
        ("±20%", 10.0, 12.1, False),
        ("×3", 30.0, 11.0, True),
        ("×3", 30.0, 9.0, False),
        ("×3", 30.0, 89.0, True),
        ("±0.05", "a", "a", True),
        ("±0.05", None, 1.0, False),
    ],
)
def test_tolerances_accept_what_they_say(spec, stored, fresh, ok):
    assert Tolerance(spec).accepts(stored, fresh) is ok


@pytest.mark.parametrize("spec", ["", "about 5", "+-0.1", "×0.5", "5%"])
def test_unreadable_tolerances_are_refused(spec):
    with pytest.raises(ValueError, match="tolerance"):
        Tolerance(spec)


def test_nested_metrics_take_the_tolerance_of_their_group():
    flat = flat_metrics({"methods": {"int8": {"bytes": 5, "tokens_per_s": 9.0}}, "loss": 1.0})
    assert flat == {"methods.int8.bytes": 5, "methods.int8.tokens_per_s": 9.0, "loss": 1.0}
    declared = {"methods.int8.tokens_per_s": "×3", "loss": "±0.1"}
    assert tolerance_of("methods.int8.tokens_per_s", declared).spec == "×3"
    assert tolerance_of("methods.int8.bytes", declared).spec == "exact"
