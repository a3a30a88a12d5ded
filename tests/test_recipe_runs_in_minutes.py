"""The default run finishes in a few minutes on 2 CPU cores.

CI executes every recipe on such a machine; a recipe that takes longer makes the whole suite too
slow to run on each pull request and loses the readers who try it on a laptop. The stored run record
says how long it took.
"""

from notebook_cells import stored_run_record

LIMIT_S = 360


def test_stored_run_took_at_most_six_minutes(recipe, notebook):
    record = stored_run_record(recipe, notebook)
    assert record["duration_s"] <= LIMIT_S, (
        f"{recipe.path.name}: the default run took {record['duration_s']} s; shrink its "
        f"defaults below {LIMIT_S} s"
    )
