"""The last code cell is tagged `run-record` and prints the run record as JSON, with every field
filled.

The run record is how the next stage finds this one's outputs and how a reader compares their run
with ours; a recipe without one breaks the chain and leaves its numbers without provenance.
"""

from notebook_cells import stored_run_record

FIELDS = (
    "recipe",
    "profile",
    "parameters",
    "metrics",
    "tolerances",
    "artifacts",
    "files",
    "inputs",
    "environment",
    "duration_s",
    "finished_at",
)
ENVIRONMENT = ("python", "torch", "transformers", "peft", "device", "cpu_count", "cpu")


def test_last_cell_prints_a_complete_run_record(recipe, notebook):
    record = stored_run_record(recipe, notebook)
    missing = [f for f in FIELDS if f not in record]
    assert not missing, f"{recipe.path.name}: the run record lacks {missing}"
    assert record["recipe"] == f"{recipe.path.parent.name}/{recipe.name}", (
        f"{recipe.path.name}: recipe should be '{recipe.path.parent.name}/{recipe.name}'"
    )
    assert record["metrics"], (
        f"{recipe.path.name}: the run record has no metrics: record what the recipe measured"
    )
    assert record["inputs"], (
        f"{recipe.path.name}: the run record names no inputs: record the model or data it read"
    )


def test_run_record_states_the_environment(recipe, notebook):
    environment = stored_run_record(recipe, notebook)["environment"]
    missing = [k for k in ENVIRONMENT if k not in environment]
    assert not missing, f"{recipe.path.name}: the run record's environment lacks {missing}"


def test_run_record_artifacts_are_relative_and_in_the_stage_folder(recipe, notebook):
    record = stored_run_record(recipe, notebook)
    for name, path in record["artifacts"].items():
        assert not path.startswith("/"), (
            f"{recipe.path.name}: artifact {name} is an absolute path; record it relative to "
            "the project root"
        )
        assert path.startswith(f"artifacts/{record['profile']}/{recipe.stage}/"), (
            f"{recipe.path.name}: artifact {name} ({path}) must be under "
            f"artifacts/<profile>/{recipe.stage}/"
        )


def test_inputs_carry_a_sha256(recipe, notebook):
    for name, entry in stored_run_record(recipe, notebook)["inputs"].items():
        assert "sha256" in entry or "revision" in entry, (
            f"{recipe.path.name}: input {name} has no sha256 (or hub revision)"
        )
