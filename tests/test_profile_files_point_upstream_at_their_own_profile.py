"""Each profile file sets every upstream folder (`<stage>_dir`) the recipe declares to that stage's
folder of the same profile, `artifacts/<profile>/<stage>`.

Without it, a recipe run with `papermill -f` or a one-line profile reads the CPU chain's artifacts
while writing its own under the profile's name: a GPU evaluation of the CPU fine-tune, reported as
the GPU one. (`python -m cookkit run` sets these folders itself; a reader's run does not.)
"""

import yaml

from cookkit.recipes import DEFAULT_PROFILE, defaults_of


def test_profile_files_point_upstream_at_their_own_profile(recipe):
    upstream = [n for n in defaults_of(recipe) if n.endswith("_dir")]
    wrong = []
    for profile in (p for p in recipe.profiles() if p != DEFAULT_PROFILE):
        file = recipe.profile_file(profile)
        values = yaml.safe_load(file.read_text()) or {}
        for name in upstream:
            expected = f"artifacts/{profile}/{name.removesuffix('_dir')}"
            if values.get(name) not in (expected, ""):
                wrong.append(f"{file.name}: {name} is {values.get(name)!r}; write {expected}")
    assert not wrong, "\n".join(wrong)
