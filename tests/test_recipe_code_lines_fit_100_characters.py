"""Every line of code in a recipe is at most 100 characters, the training script it writes included.

The book shows code cells without wrapping and Colab shows them in a narrow pane: a long line hides
its end, which is where the interesting argument usually is. ruff enforces this on Python cells;
this test also covers cells ruff skips, such as a `%%writefile` script.
"""

from notebook_cells import code_cells, source

LIMIT = 100


def test_code_lines_fit(recipe, notebook):
    for number, cell in enumerate(code_cells(notebook), start=1):
        for line_number, line in enumerate(source(cell).splitlines(), start=1):
            assert len(line) <= LIMIT, (
                f"{recipe.path.name}: code cell {number}, line {line_number} has {len(line)} "
                "characters "
                f"(at most {LIMIT}): {line[:60]}..."
            )
