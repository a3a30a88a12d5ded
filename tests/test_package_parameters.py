"""cookkit.parameters: types are checked exactly, shared and recipe rules as data, each failure
naming the fix.

The message is what a reader sees when a run stops; without the name and the fix they have to read
the code. A loose type check lets `True` pass for a count or YAML's "5e-4" for a learning rate, and
the run fails much later inside torch.
"""

import pytest

from cookkit import paths
from cookkit.parameters import (
    SHARED,
    ParameterError,
    between,
    check,
    counts,
    each_one_of,
    local_or_keyed,
    one_of,
    require,
    stage_output,
    type_problem,
    zero_or_at_least,
)


def test_require_names_parameter_problem_and_fix():
    require(True, "steps", "unused", "unused")
    with pytest.raises(ParameterError) as failure:
        require(False, "steps", "-1 is negative", "use a positive number of steps")
    assert (
        str(failure.value)
        == "parameter `steps`: -1 is negative. Fix: use a positive number of steps"
    )
    assert failure.value.name == "steps" and isinstance(failure.value, ValueError)


@pytest.mark.parametrize(
    ("value", "declared", "ok"),
    [
        (3, int, True),
        (True, int, False),
        (3, float, True),
        (3.0, int, False),
        ("5e-4", float, False),
        (False, bool, True),
        (0, bool, False),
        ("x", str, True),
        (None, str, False),
        (2, "int", True),
    ],
)
def test_types_are_checked_exactly(value, declared, ok):
    assert (type_problem(value, declared) is None) == ok


def test_yaml_text_for_a_number_gets_a_hint():
    assert "YAML" in type_problem("5e-4", float)


def test_check_returns_values_in_declaration_order():
    declared = {"profile": str, "steps": int, "rate": float}
    values = {"rate": 1, "steps": 3, "profile": "cpu", "unrelated": object()}
    assert list(check(declared, values, {"steps": between(1, 10)}).items()) == [
        ("profile", "cpu"),
        ("steps", 3),
        ("rate", 1),
    ]


def test_a_bad_type_is_reported_before_any_rule():
    with pytest.raises(
        ParameterError, match="parameter `steps`: True is a bool, not a int. Fix: use a whole"
    ):
        check({"steps": int}, {"steps": True}, {"steps": between(1, 10)})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("profile", "../up"),
        ("dtype", "float8"),
        ("device", "gpu"),
        ("threads", -1),
        ("model_id", "no-slash"),
        ("seed", -3),
        ("max_steps", 0),
        ("learning_rate", 1.5),
    ],
)
def test_shared_rules_catch_bad_values(name, value):
    with pytest.raises(ParameterError, match=f"parameter `{name}`.*Fix: "):
        check({name: type(value)}, {name: value}, {})
    assert name in SHARED


def test_a_recipe_rule_replaces_the_shared_one():
    check({"dtype": str}, {"dtype": "float8"}, {"dtype": one_of("float8", "float32")})


def test_rules_say_what_to_use():
    with pytest.raises(ParameterError, match="Fix: pick a value from 1 to 512"):
        check({"n": int}, {"n": 600}, {"n": between(1, 512)})
    with pytest.raises(ParameterError, match="Fix: use 0 or 20 or more"):
        check({"n": int}, {"n": 5}, {"n": zero_or_at_least(20)})


def test_an_upstream_folder_must_hold_its_run_record(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    with pytest.raises(
        ParameterError, match=r"run that stage first \(python -m cookkit run --stages data\)"
    ):
        check({"data_dir": str}, {"data_dir": "artifacts/cpu/data"}, {})
    (tmp_path / "artifacts/cpu/data").mkdir(parents=True)
    (tmp_path / "artifacts/cpu/data/run-record.json").write_text("{}")
    check({"data_dir": str}, {"data_dir": "artifacts/cpu/data"}, {})


def test_a_list_of_choices_names_every_choice():
    rule = {"methods": each_one_of("q8_0", "q4_0")}
    check({"methods": str}, {"methods": "q8_0, q4_0"}, rule)
    with pytest.raises(ParameterError, match="Fix: use a comma-separated list of q8_0, q4_0"):
        check({"methods": str}, {"methods": "q8_0,q3_k"}, rule)


def test_an_optional_upstream_folder_may_be_absent_but_not_wrong(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    rule = {"pretrain_dir": stage_output("pretrain", optional=True)}
    check({"pretrain_dir": str}, {"pretrain_dir": ""}, rule)
    check({"pretrain_dir": str}, {"pretrain_dir": "artifacts/cpu/pretrain"}, rule)
    (tmp_path / "artifacts/cpu/pretrain").mkdir(parents=True)
    with pytest.raises(ParameterError, match='or set it to "" to skip it'):
        check({"pretrain_dir": str}, {"pretrain_dir": "artifacts/cpu/pretrain"}, rule)


def test_a_rule_for_an_undeclared_parameter_is_a_mistake():
    with pytest.raises(ValueError, match="undeclared parameter"):
        check({"steps": int}, {"steps": 3}, {"stpes": between(1, 3)})


@pytest.mark.parametrize(
    "value, ok", [("1,4,8", True), ("2", True), ("1,0", False), ("1,x", False)]
)
def test_client_counts_are_whole_numbers_from_one(value, ok):
    if ok:
        counts().apply("clients", value)
    else:
        with pytest.raises(ParameterError, match="1,4,8"):
            counts().apply("clients", value)


def test_an_exposed_server_needs_a_key_in_the_environment(monkeypatch):
    monkeypatch.delenv("TEST_SERVE_KEY", raising=False)
    local_or_keyed("TEST_SERVE_KEY").apply("host", "127.0.0.1")
    with pytest.raises(ParameterError, match=r"export TEST_SERVE_KEY=.*127\.0\.0\.1"):
        local_or_keyed("TEST_SERVE_KEY").apply("host", "0.0.0.0")
    monkeypatch.setenv("TEST_SERVE_KEY", "a-long-random-key")
    local_or_keyed("TEST_SERVE_KEY").apply("host", "0.0.0.0")
