"""After its run record, a recipe closes like a textbook chapter: what it did, what to try, what
next, references.

Without it a reader finishes on a JSON dump. "Try this" must name real parameters (a variation the
reader cannot run is a broken promise), and every reference must exist in book/references.bib, from
which the book builds its bibliography.
"""

import re

from cookkit.recipes import declared_names

from conftest import ROOT
from notebook_cells import code_cells, source, tags

BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(), re.M))
SECTIONS = ("## What we did", "**Try this**", "**Next**", "**References**")


def closing_text(recipe, notebook) -> str:
    cells = notebook["cells"]
    last_code = max(i for i, c in enumerate(cells) if c in code_cells(notebook))
    assert "run-record" in tags(cells[last_code]), (
        f"{recipe.path.name}: the last code cell must be the run record"
    )
    closing = [source(c) for c in cells[last_code + 1 :] if c["cell_type"] == "markdown"]
    assert closing, f"{recipe.path.name}: add a closing markdown cell after the run record"
    return "\n".join(closing)


def section(text: str, heading: str) -> str:
    start = text.index(heading) + len(heading)
    ends = [text.find(h, start) for h in SECTIONS if text.find(h, start) > 0]
    return text[start : min(ends, default=len(text))]


def test_closing_has_every_part(recipe, notebook):
    text = closing_text(recipe, notebook)
    missing = [heading for heading in SECTIONS if heading not in text]
    assert not missing, f"{recipe.path.name}: the closing section lacks {missing}"


def test_try_this_names_real_parameters(recipe, notebook):
    declared = set(declared_names(recipe.path))
    bullets = [
        b
        for b in section(closing_text(recipe, notebook), "**Try this**").split("\n- ")
        if b.strip()
    ]
    assert len(bullets) >= 2, f"{recipe.path.name}: give at least two 'Try this' variations"
    for bullet in bullets:
        named = set(re.findall(r"`(\w+)`", bullet)) & declared
        assert named, (
            f"{recipe.path.name}: the variation {bullet.strip()[:60]!r} names no parameter to "
            "change"
        )


def test_references_are_in_the_bibliography(recipe, notebook):
    text = "\n".join(source(c) for c in notebook["cells"] if c["cell_type"] == "markdown")
    cited = set(re.findall(r"\{cite:[pt]\}`([^`]+)`", text))
    assert cited, f"{recipe.path.name}: cite the papers behind the technique ({{cite:t}}`key`)"
    unknown = sorted(cited - BIB_KEYS)
    assert not unknown, (
        f"{recipe.path.name}: cites {unknown}, which book/references.bib does not hold"
    )
