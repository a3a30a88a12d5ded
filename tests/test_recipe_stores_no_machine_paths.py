"""No absolute path of the machine that ran it is stored in a notebook.

Paths like /home/alice/... leak who ran it, mean nothing on the reader's machine, and differ on
every run. Print paths relative to the project root (`cookkit.paths.shown`).
"""

import json

from cookkit.outputs import MACHINE_PATH


def test_outputs_hold_no_machine_paths(recipe, notebook):
    for number, cell in enumerate(notebook["cells"], start=1):
        text = json.dumps(cell.get("outputs", []))
        match = MACHINE_PATH.search(text)
        assert not match, (
            f"{recipe.path.name}: cell {number} stores the machine path {match.group(0)!r}: "
            "print paths with cookkit.paths.shown"
        )
