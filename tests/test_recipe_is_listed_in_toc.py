"""Every recipe is listed in _toc.yml, and every entry there exists.

The book builds only what the table of contents lists: an unlisted recipe is never published, and an
entry without a file breaks the build.
"""

import yaml

from conftest import ROOT


def toc_files() -> set[str]:
    files, stack = set(), [yaml.safe_load((ROOT / "_toc.yml").read_text())]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            files.update(str(node[k]) for k in ("file", "root") if k in node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return files


def test_recipe_is_in_the_toc(recipe):
    entry = recipe.path.relative_to(ROOT).with_suffix("").as_posix()
    assert entry in toc_files(), f"add `- file: {entry}` to _toc.yml"


def test_every_toc_entry_exists():
    missing = [
        f
        for f in toc_files()
        if not any((ROOT / f).with_suffix(s).is_file() for s in (".md", ".ipynb"))
    ]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"
