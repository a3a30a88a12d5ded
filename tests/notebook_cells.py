"""Reading a notebook's cells as the contract tests need: code cells, their source, their tags, the
run record the last one printed."""

from __future__ import annotations

import json

import pytest


def code_cells(notebook: dict) -> list[dict]:
    """Return the notebook's code cells that hold code, in order."""
    return [
        c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()
    ]


def source(cell: dict) -> str:
    """Return a cell's source as one string."""
    return "".join(cell["source"])


def tags(cell: dict) -> list[str]:
    """Return a cell's tags."""
    return cell.get("metadata", {}).get("tags", [])


def parameters_index(cells: list[dict]) -> int:
    """Return the index of the code cell tagged ``parameters`` in ``cells``, or -1."""
    return next((i for i, c in enumerate(cells) if "parameters" in tags(c)), -1)


def stored_output(cell: dict) -> str:
    """Return what a cell printed to stdout in its stored outputs."""
    return "".join(
        "".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )


def stored_run_record(recipe, notebook: dict) -> dict:
    """Return the run record the last code cell printed; fail saying what to do if there is none."""
    last = code_cells(notebook)[-1]
    assert "run-record" in tags(last), f"{recipe.path.name}: tag the last code cell `run-record`"
    printed = stored_output(last)
    if not printed.strip():
        pytest.fail(
            f"{recipe.path.name}: no stored run yet: execute it with its defaults "
            f"(python -m cookkit run --stages {recipe.stage} --in-place)"
        )
    try:
        return json.loads(printed)
    except json.JSONDecodeError:
        pytest.fail(
            f"{recipe.path.name}: the run-record cell must print only the JSON that "
            "record.finish(...) returns"
        )
