"""cookkit.upstream: which earlier stages' packages are missing, and how long each stage takes.

A recipe that builds its missing earlier stages installs only what they lack (a reinstall of
what is there could replace the platform's torch or an editable cookkit) and tells the reader how
long the wait will be.
"""

from cookkit import upstream
from cookkit.recipes import recipes


def test_only_requirements_of_the_asked_extras_that_are_not_installed_are_missing(monkeypatch):
    declared = [
        "torch>=2.4",  # a base dependency: never reinstalled by a stage
        'pyyaml==0.0.1; extra == "data"',  # installed, at another version
        'no-such-package-here==1.0; extra == "data"',  # not installed
        'pyyaml>=1; extra == "data"',  # installed at a version that satisfies it
        'no-such-package-either==1.0; extra == "quantize"',  # another stage's
    ]
    monkeypatch.setattr(upstream, "requires", lambda _: declared)
    assert upstream.missing_requirements(["data"]) == [
        "no-such-package-here==1.0",
        "pyyaml==0.0.1",
    ]


def test_every_extra_of_this_checkout_is_installed_here():
    stages = [r.stage for r in recipes()]
    assert upstream.missing_requirements(stages) == [], "make setup did not install every extra"


def test_the_expected_time_comes_from_the_recipe_table():
    pretrain = next(r for r in recipes() if r.stage == "pretrain")
    assert upstream.expected_time(pretrain, "cpu").startswith("about")
    assert upstream.expected_time(pretrain, "no-such-profile") == "-"
