"""A new recipe, started from the template: ``python -m cookkit new "Title" --stage finetune``.

The notebook is a copy of ``.github/recipe-template.ipynb`` with its title, Colab link and folder
filled in, placed in its stage's folder and listed in ``_toc.yml``. What is left to do, the fast
contract tests say one item at a time (``pytest -m "not slow" -k <name>``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from cookkit import paths
from cookkit.recipes import recipes

TEMPLATE = Path(".github") / "recipe-template.ipynb"
TOC = Path("_toc.yml")


def recipe_name(title: str) -> str:
    """Return the notebook name for ``title``: lower case words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    name = "-".join(words)[:60].strip("-")
    if not name:
        raise ValueError(f"the title {title!r} has no letters or digits to name the notebook by")
    return name


def listed_in_toc(toc: str, folder: str, doc: str) -> str:
    """Return ``toc`` with ``doc`` listed after the last recipe of ``folder``."""
    lines = toc.splitlines(keepends=True)
    last = max(
        (i for i, line in enumerate(lines) if f"file: cookbook/{folder}/" in line), default=-1
    )
    if last < 0:
        raise ValueError(f"_toc.yml lists no recipe of cookbook/{folder}/: add `{doc}` by hand")
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- file: {doc}\n")
    return "".join(lines)


def new_recipe(title: str, stage: str, root: Path | None = None) -> Path:
    """Write a new recipe titled ``title`` in ``stage``'s folder, list it in ``_toc.yml`` and
    return its path; nothing is overwritten.
    """
    root = root or paths.project_root()
    folders = {r.stage: r.path.parent for r in recipes(root)}
    if stage not in folders:
        raise ValueError(f"unknown stage {stage!r}: use one of {', '.join(folders)}")
    folder, name = folders[stage], recipe_name(title)
    target = folder / f"{name}.ipynb"
    if target.exists():
        raise FileExistsError(f"{paths.shown(target)} exists: choose another title")
    notebook = json.loads((root / TEMPLATE).read_text())
    filled = {
        "# Title: the technique, in a few words": f"# {title}",
        "NN-stage/your-recipe.ipynb": f"{folder.name}/{name}.ipynb",
        "cookbook/NN-stage": f"cookbook/{folder.name}",
        "colab.py NN-stage": f"colab.py {folder.name}",
    }
    for cell in notebook["cells"]:
        for old, new in filled.items():
            cell["source"] = [line.replace(old, new) for line in cell["source"]]
    notebook["metadata"]["cookbook"]["card"]["title"] = title  # the book's card, as the cell says
    toc = listed_in_toc((root / TOC).read_text(), folder.name, f"cookbook/{folder.name}/{name}")
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    (root / TOC).write_text(toc)
    return target
