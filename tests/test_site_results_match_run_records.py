"""The results page shows, for every recipe, the numbers of the run record stored in its notebook,
with the run's profile, hardware, versions and date.

The page is generated, so a number on it can only drift from the records through a bug in the
generator: a wrong key, a stale build, a rounding that changes the value. This test reads each
number in the browser and looks it up in the record it names.
"""

import json

import pytest
from built_site import screenshot

from cookkit.catalog import metric_at, shown_value, stored_run_record

from conftest import RECIPES

pytestmark = pytest.mark.slow


def test_results_page_numbers_are_the_run_records(open_page):
    page = open_page("book/results.html")
    screenshot(page, "results")
    shown = page.eval_on_selector_all(
        "span.metric",
        "spans => spans.map(s => [s.dataset.recipe, s.dataset.metric, s.textContent])",
    )
    records = {r.key: stored_run_record(r) for r in RECIPES}
    assert {recipe for recipe, _, _ in shown} == {k for k, v in records.items() if v}, (
        "the results page lacks a recipe that stores a run record"
    )
    wrong = []
    for recipe, metric, text in shown:
        path = json.loads(metric)
        expected = shown_value(metric_at(records[recipe], path))
        if text != expected:
            wrong.append(f"{recipe} {'.'.join(path)}: page {text!r}, record {expected!r}")
    assert not wrong, "numbers that differ from the run records:\n" + "\n".join(wrong)
    assert len(shown) >= 8 * len(records), f"only {len(shown)} numbers on the results page"
    body = page.inner_text("article")
    for recipe, record in records.items():
        env = record["environment"]
        for fact in (record["finished_at"][:10], env["torch"], env["cpu"]["model"]):
            assert fact in body, f"the results page does not show {fact!r} for {recipe}"
    assert not page.problems, page.problems
