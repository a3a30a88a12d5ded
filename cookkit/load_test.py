"""The serve recipe's load-test tables and chart, from the timings of single requests.

The recipe times each streamed request itself (time to first token, latency, tokens) and sends
them from concurrent clients; this module only summarizes. ``level_summary`` turns the requests of
one load level into the row the load-test table prints: errors, p50 and p95 of time to first token
and latency, the median tokens/s of one stream and the aggregate tokens/s of all.
``route_summary`` gives each route's headline numbers, from that table and from the recipe's
pairs of single requests on the bare engine and on its server. ``load_chart`` draws the table:
aggregate throughput and median time to first token against the number of clients, per route.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def level_summary(done: Sequence[Mapping[str, Any]], wall_s: float) -> dict[str, Any]:
    """The load-test row of the requests ``done`` at one level, sent within ``wall_s`` seconds.

    Each request is ``{"ttft_s", "latency_s", "tokens", "error": None}``, or ``{"error": text}``
    when it failed. Failed requests count as errors and are left out of the timings; with none
    that succeeded, the timings are NaN and the speeds 0. ``first_error`` holds one error's text
    ("" when none), to show what went wrong.
    """
    ok = [d for d in done if not d["error"]]
    ttft = [1000 * d["ttft_s"] for d in ok] or [math.nan]
    latency = [d["latency_s"] for d in ok] or [math.nan]
    return {
        "errors": len(done) - len(ok),
        "ttft_ms_p50": float(np.percentile(ttft, 50)),
        "ttft_ms_p95": float(np.percentile(ttft, 95)),
        "latency_s_p50": float(np.percentile(latency, 50)),
        "latency_s_p95": float(np.percentile(latency, 95)),
        "stream_tokens_per_s": float(np.median([d["tokens"] / d["latency_s"] for d in ok] or [0])),
        "aggregate_tokens_per_s": sum(d["tokens"] for d in ok) / wall_s,
        "first_error": next((d["error"] for d in done if d["error"]), ""),
    }


def route_summary(
    load: pd.DataFrame, paired: Mapping[str, Sequence[tuple[float, float]]]
) -> pd.DataFrame:
    """Each route's headline numbers, one row per route of the load-test table ``load``.

    ``paired`` holds, for each route with a bare engine, the rounds of (bare, served) tokens/s of
    one request each. The columns: ``ttft_ms_p50`` at the fewest clients;
    ``single_stream_tokens_per_s`` and ``raw_generate_tokens_per_s``, the medians of the served
    and the bare speeds; ``aggregate_tokens_per_s_<top>`` at the most clients (``top``);
    ``server_overhead``, 1 minus the median of the rounds' served/bare ratios, pair by pair so
    that the machine's drift between pairs cancels; ``batching_gain``, the aggregate at ``top``
    over one stream's served speed; ``errors`` over all levels. A route without pairs has NaN in
    the columns that need them.
    """
    by_level = load.set_index(["route", "clients"])
    top = int(load["clients"].max())
    at_top = by_level.xs(top, level="clients")["aggregate_tokens_per_s"]
    summary = pd.DataFrame(index=list(dict.fromkeys(load["route"])))
    summary["ttft_ms_p50"] = by_level.xs(load["clients"].min(), level="clients")["ttft_ms_p50"]
    served = {n: statistics.median(s for _, s in p) for n, p in paired.items()}
    bare = {n: statistics.median(b for b, _ in p) for n, p in paired.items()}
    summary["single_stream_tokens_per_s"] = pd.Series(served, dtype=float)
    summary["raw_generate_tokens_per_s"] = pd.Series(bare, dtype=float)
    summary[f"aggregate_tokens_per_s_{top}"] = at_top
    overhead = {n: 1 - statistics.median(s / b for b, s in p) for n, p in paired.items()}
    summary["server_overhead"] = pd.Series(overhead, dtype=float)
    summary["batching_gain"] = at_top / summary["single_stream_tokens_per_s"]
    summary["errors"] = load.groupby("route")["errors"].sum()
    return summary


def load_chart(load: pd.DataFrame, bare_tokens_per_s: Mapping[str, float]) -> Figure:
    """Two panels from the load-test table ``load`` (one row per route and level of clients):
    aggregate tokens/s and median time to first token against the number of clients, one line
    per route; a dotted line marks each route's bare engine (``bare_tokens_per_s``, one request).
    """
    import matplotlib.pyplot as plt

    levels = sorted(load["clients"].unique())
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for name, rows in load.groupby("route", sort=False):
        line = left.plot(rows["clients"], rows["aggregate_tokens_per_s"], marker="o", label=name)
        color = line[0].get_color()
        right.plot(rows["clients"], rows["ttft_ms_p50"], marker="o", color=color, label=name)
        if name in bare_tokens_per_s:
            left.axhline(bare_tokens_per_s[name], color=color, linestyle=":", linewidth=1)
    left.set(xlabel="concurrent clients", ylabel="tokens/s, all streams", xticks=levels)
    left.set_title("Throughput (dotted: the bare engine, one request)")
    right.set(xlabel="concurrent clients", ylabel="ms", yscale="log", xticks=levels)
    right.set_title("Time to first token, median")
    left.legend()
    figure.tight_layout()
    return figure
