"""A recipe opens with a markdown cell: title, what the reader will learn, hardware and time per
profile, Colab badge; its card in the notebook's metadata says the same.

Without it a reader lands in code with no idea what the notebook teaches, what it needs, or how long
it takes, and the book's page has no title. The book's gallery and the upstream builder's expected
times read the card (`metadata.cookbook.card`), not the prose: a card that disagrees with the
opening cell would publish other facts than the page shows.
"""

import re

import yaml

from cookkit.catalog import card_of

from conftest import ROOT
from notebook_cells import source

REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].removeprefix(
    "https://github.com/"
)


def test_first_cell_is_markdown_with_a_title(recipe, notebook):
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown", (
        f"{recipe.path.name}: the first cell must be markdown (title and overview)"
    )
    assert re.match(r"^# \S", source(first)), (
        f"{recipe.path.name}: the first cell must start with a '# Title' line"
    )


def test_first_cell_says_what_the_reader_will_learn(recipe, notebook):
    text = source(notebook["cells"][0]).lower()
    assert "you will learn" in text, (
        f"{recipe.path.name}: add a 'What you will learn' list to the first cell"
    )


def test_first_cell_has_a_profile_table_with_hardware_and_time(recipe, notebook):
    text = source(notebook["cells"][0])
    header = next((line.lower() for line in text.splitlines() if line.startswith("|")), "")
    for column in ("profile", "hardware", "time"):
        assert column in header, (
            f"{recipe.path.name}: the first cell needs a table with columns profile, hardware, "
            "expected time"
        )
    for profile in recipe.profiles():
        assert f"`{profile}`" in text, (
            f"{recipe.path.name}: the profile table has no row for `{profile}`"
        )


def test_first_cell_has_a_colab_badge_for_this_notebook(recipe, notebook):
    text = source(notebook["cells"][0])
    target = f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/{recipe.path.relative_to(ROOT).as_posix()}"
    assert "colab-badge.svg" in text, (
        f"{recipe.path.name}: add the 'Open in Colab' badge to the first cell"
    )
    assert target in text, f"{recipe.path.name}: the Colab badge must link to {target}"


def test_card_says_what_the_opening_cell_says(recipe, notebook):
    card, text = card_of(notebook), source(notebook["cells"][0])
    fix = f"{recipe.path.name}: make metadata.cookbook.card agree with the opening cell"
    assert card.get("title") and text.startswith(f"# {card['title']}\n"), f"{fix} (title)"
    goals = card.get("goals") or []
    absent = [goal for goal in goals if f"- {goal}" not in text]
    assert goals and not absent, f"{fix}: goals {absent or 'none'} are not in its list"
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    for profile in card.get("profiles") or []:
        row = next((r for r in rows if r.startswith(f"| `{profile['name']}`")), "")
        assert profile["hardware"] in row and row.rstrip().endswith(f"| {profile['time']} |"), (
            f"{fix}: the row of `{profile['name']}` is {row!r}"
        )
    assert [p["name"] for p in card.get("profiles") or []] == recipe.profiles(), (
        f"{fix}: its profiles must be {recipe.profiles()}"
    )
