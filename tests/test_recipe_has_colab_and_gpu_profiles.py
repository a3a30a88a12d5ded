"""Every recipe has `colab-t4` and `gpu` profiles whose keys are its own parameters.

The same notebook must scale up by changing parameters; a profile that sets a parameter the notebook
does not declare is silently ignored by papermill, so the reader runs the small default thinking
they ran the big one.
"""

import papermill
import pytest
import yaml

REQUIRED = ("colab-t4", "gpu")


@pytest.mark.parametrize("profile", REQUIRED)
def test_profile_file_sets_declared_parameters(recipe, profile):
    file = recipe.profile_file(profile)
    assert file.is_file(), (
        f"{recipe.path.name}: add {file.parent.name}/{file.name} with the {profile} parameters"
    )
    values = yaml.safe_load(file.read_text()) or {}
    assert values.get("profile") == profile, (
        f"{file.name}: set `profile: {profile}` so its artifacts go to artifacts/{profile}/"
    )
    declared = papermill.inspect_notebook(str(recipe.path))
    unknown = sorted(set(values) - set(declared))
    assert not unknown, (
        f"{file.name}: sets {unknown}, which {recipe.path.name} does not declare as parameters"
    )
