"""Every value in a profile file has the type its notebook declares for that parameter.

GPU profiles never run in CI, so a wrong type there would first fail on a reader's rented GPU. YAML
is the usual culprit: it reads `5e-4` as the string "5e-4", and `yes` as True. The check is the one
`start_run` uses.
"""

import papermill
import pytest
import yaml

from cookkit.parameters import type_problem


@pytest.mark.parametrize("profile", ["colab-t4", "gpu"])
def test_profile_values_match_declared_types(recipe, profile):
    file = recipe.profile_file(profile)
    if not file.is_file():
        pytest.skip(f"{recipe.path.name} has no {profile} profile (another test requires one)")
    declared = papermill.inspect_notebook(str(recipe.path))
    for name, value in (yaml.safe_load(file.read_text()) or {}).items():
        if name in declared:
            problem = type_problem(value, declared[name]["inferred_type_name"])
            assert problem is None, f"{file.name}: `{name}`: {problem}"
