"""How far a fresh run's metric may lie from the stored one, as each recipe declares it.

A recipe declares a tolerance per metric in its run record (``record.tolerances``), written the
way a reader would say it: ``"exact"`` (the default for every metric not listed), ``"±0.05"``
(absolute), ``"±20%"`` (relative to the stored value) or ``"×3"`` (within a factor of three either
way, for speeds, which depend on the machine). ``python -m cookkit verify`` applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

EXACT = "exact"
_SPEC = re.compile(
    r"^(?:(?P<exact>exact)|±(?P<plus>\d+(?:\.\d+)?)(?P<pct>%)?|×(?P<factor>\d+(?:\.\d+)?))$"
)


@dataclass(frozen=True)
class Tolerance:
    """One metric's tolerance: ``exact``, an absolute or relative band, or a factor."""

    spec: str

    def __post_init__(self) -> None:
        match = _SPEC.match(self.spec)
        if not match:
            raise ValueError(
                f"tolerance {self.spec!r} is not understood: write 'exact', '±0.05' (absolute), "
                f"'±20%' (relative) or '×3' (within a factor)"
            )
        if match["factor"] and float(match["factor"]) < 1:
            raise ValueError(f"tolerance {self.spec!r}: a factor must be at least 1")

    def accepts(self, stored: Any, fresh: Any) -> bool:
        """Return whether ``fresh`` is within this tolerance of ``stored``; non-numbers must be
        equal.
        """
        match = _SPEC.match(self.spec)
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in (stored, fresh)
        )
        if match["exact"] or not numbers:
            return stored == fresh
        if match["factor"]:
            factor = float(match["factor"])
            if stored == 0 or fresh == 0:
                return stored == fresh
            return (stored > 0) == (fresh > 0) and 1 / factor <= fresh / stored <= factor
        allowed = float(match["plus"]) * (abs(stored) / 100 if match["pct"] else 1)
        return abs(fresh - stored) <= allowed + 1e-12 * max(1.0, abs(stored))


def flat_metrics(metrics: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return nested metrics as one level, with dotted names (``methods.int8.bytes``)."""
    flat: dict[str, Any] = {}
    for name, value in metrics.items():
        if isinstance(value, dict):
            flat.update(flat_metrics(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def tolerance_of(name: str, tolerances: dict[str, str]) -> Tolerance:
    """Return the tolerance declared for the dotted metric ``name`` (or for a group above it), else
    exact.
    """
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        spec = tolerances.get(".".join(parts[:cut]))
        if spec is not None:
            return Tolerance(spec)
    return Tolerance(EXACT)
