"""A bad parameter stops the recipe in its validation cell, with a message naming the parameter and the fix.

Without it a typo surfaces minutes later as a traceback from deep inside torch, after artifacts were written.
"""

import papermill
import pytest

from conftest import ROOT
from cookkit import paths

RECIPE = ROOT / "cookbook" / "00-start" / "meet-the-model.ipynb"
PROFILE = "pytest-bad"


@pytest.mark.parametrize(
    ("name", "value"),
    [("max_new_tokens", 0), ("dtype", "float8"), ("profile", "../elsewhere")],
)
def test_bad_parameter_is_named_with_its_fix(tmp_path, name, value):
    parameters = {"profile": PROFILE, name: value}
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(str(RECIPE), str(tmp_path / "out.ipynb"), cwd=str(RECIPE.parent), progress_bar=False, parameters=parameters)
    error = failure.value
    assert error.ename == "ParameterError", f"expected a ParameterError, got {error.ename}: {error.evalue}"
    assert f"parameter `{name}`" in error.evalue and "Fix:" in error.evalue, error.evalue
    assert not (paths.artifacts_root() / PROFILE).exists(), "a run that failed validation wrote artifacts"
