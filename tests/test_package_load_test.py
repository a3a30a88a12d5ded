"""cookkit.load_test: the load-test table's rows, each route's headline numbers, and the chart.

The recipe's checks read these numbers: errors must be counted, not dropped; the server's
overhead is the median of paired ratios (not the ratio of medians, which the machine's drift
would move); the batching gain divides the aggregate at the most clients by one stream's speed.
"""

import math

import matplotlib
import pandas as pd
import pytest

from cookkit.load_test import level_summary, load_chart, route_summary

matplotlib.use("Agg")


def request(ttft_s, latency_s, tokens=32):
    return {"ttft_s": ttft_s, "latency_s": latency_s, "tokens": tokens, "error": None}


def test_a_level_counts_errors_and_times_only_the_requests_that_succeeded():
    """A failed request has no timings: averaged in, it would make a broken server look fast."""
    done = [request(0.1, 1.0), request(0.3, 2.0), {"error": "APIError: boom"}]
    row = level_summary(done, wall_s=4.0)
    assert row["errors"] == 1 and row["first_error"] == "APIError: boom", row
    assert row["ttft_ms_p50"] == pytest.approx(200.0) and row["latency_s_p50"] == 1.5, row
    assert row["ttft_ms_p95"] == pytest.approx(290.0), "p95 interpolates between requests"
    assert row["stream_tokens_per_s"] == pytest.approx((32 + 16) / 2), row
    assert row["aggregate_tokens_per_s"] == pytest.approx(64 / 4.0), "tokens of all over wall time"


def test_a_level_where_every_request_failed_has_no_timings_and_no_speed():
    """Every request failing must not raise in the summary: the errors column has to say it."""
    row = level_summary([{"error": "ConnectError: refused"}] * 3, wall_s=1.0)
    assert row["errors"] == 3 and math.isnan(row["ttft_ms_p50"]), row
    assert row["stream_tokens_per_s"] == 0 and row["aggregate_tokens_per_s"] == 0, row


def load_table():
    rows = []
    for route, speed in (("a", 10.0), ("b", 50.0)):
        for clients in (1, 4):
            rows.append(
                {
                    "route": route,
                    "clients": clients,
                    "errors": int(route == "b"),
                    "ttft_ms_p50": 100.0 * clients,
                    "aggregate_tokens_per_s": speed * (3 if clients == 4 else 1),
                }
            )
    return pd.DataFrame(rows)


def test_route_summary_pairs_bare_and_served_request_by_request():
    """The overhead must be 1 - median(served/bare) over the pairs; the batching gain the
    aggregate at the most clients over the median served speed of one stream.
    """
    paired = {"a": [(10.0, 9.0), (20.0, 19.0), (12.0, 12.0)]}  # (bare, served)
    summary = route_summary(load_table(), paired)
    a = summary.loc["a"]
    assert a["raw_generate_tokens_per_s"] == 12.0 and a["single_stream_tokens_per_s"] == 12.0
    assert a["server_overhead"] == pytest.approx(1 - 0.95), "1 - the median of 0.9, 0.95, 1.0"
    assert a["aggregate_tokens_per_s_4"] == 30.0 and a["batching_gain"] == pytest.approx(2.5)
    assert a["ttft_ms_p50"] == 100.0, "the time to first token is taken at the fewest clients"
    assert list(summary.index) == ["a", "b"] and summary.loc["b", "errors"] == 2, summary


def test_a_route_without_a_bare_engine_has_no_overhead_but_keeps_its_load_numbers():
    """vLLM has no bare engine here: its row must stay, with NaN where pairs are needed."""
    summary = route_summary(load_table(), {})
    b = summary.loc["b"]
    assert math.isnan(b["server_overhead"]) and math.isnan(b["batching_gain"]), b
    assert b["aggregate_tokens_per_s_4"] == 150.0, b


def test_the_chart_has_a_line_per_route_and_the_bare_engines_dotted():
    """The chart is the table as a picture: a route missing from it would hide a result."""
    figure = load_chart(load_table(), {"a": 12.0})
    left, right = figure.axes
    assert [line.get_label() for line in right.get_lines()] == ["a", "b"]
    dotted = [line for line in left.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 1 and list(dotted[0].get_ydata()) == [12.0, 12.0], "the bare engine"
