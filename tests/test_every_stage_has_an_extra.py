"""Every stage has an extra of its own in pyproject.toml, built from files in requirements/.

A recipe's Colab setup installs `cookkit[<stage>]` (cookkit/colab.py), and a recipe that builds
its missing earlier stages installs theirs: a stage without an extra would stop pip before the
recipe starts.
"""

import tomllib

from conftest import RECIPES, ROOT


def test_every_stage_has_an_extra_built_from_requirements():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = config["tool"]["setuptools"]["dynamic"]["optional-dependencies"]
    stages = sorted({r.stage for r in RECIPES})
    assert not set(stages) - set(extras), (
        f"no extra for {sorted(set(stages) - set(extras))}: add `<stage> = {{ file = [...] }}` "
        "under [tool.setuptools.dynamic.optional-dependencies]"
    )
    for name, extra in extras.items():
        missing = [f for f in extra["file"] if not (ROOT / f).is_file()]
        assert not missing, f"the extra {name!r} names files that do not exist: {missing}"
