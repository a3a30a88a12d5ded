"""Threads and device: the two settings every recipe takes from its profile.

On a shared 2-core machine two threads run slower than one as soon as anything
else uses the CPU, so the thread count comes from a parameter or the
``COOKBOOK_THREADS`` environment variable rather than from the core count.
"""

from __future__ import annotations

import os

import torch

THREADS_ENV = "COOKBOOK_THREADS"


def threads(requested: int = 0) -> int:
    """Set and return torch's intra-op thread count: ``requested`` if > 0, else
    ``$COOKBOOK_THREADS``, else all cores.
    """
    if requested < 0:
        raise ValueError(f"threads must be 0 (automatic) or a positive count, not {requested}")
    count = requested or int(os.environ.get(THREADS_ENV, "0") or 0) or (os.cpu_count() or 1)
    torch.set_num_threads(count)
    return count


def device(requested: str = "auto") -> torch.device:
    """Return the torch device to run on: ``"auto"`` picks CUDA, then Apple's MPS, then the CPU."""
    if requested == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(
            f"device {requested!r} was asked for but no CUDA GPU is visible: use 'cpu' or 'auto'"
        )
    return torch.device(requested)
