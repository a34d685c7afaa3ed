"""Policy config is resolved like the CLI does and validated against each policy's schema."""

import pytest

from stackcheck import AnalyzerInfo, PolicyConfigError, PolicyInfo, check_stack, resolve_policy_config

from .conftest import MINIMAL

INFO = AnalyzerInfo(
    name="pack",
    version="1.0.0",
    policies=[
        PolicyInfo(name="names", description="d", enforcement_level="mandatory", config_schema={
            "properties": {
                "word": {"type": "string", "minLength": 1, "default": "bad"},
                "limit": {"type": "integer", "minimum": 1},
                "accounts": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{12}$"}},
            },
            "required": ["word"],
        }),
        PolicyInfo(name="tags", description="d", enforcement_level="advisory"),
        PolicyInfo(name="tuned", description="d", enforcement_level="mandatory",
                   config_schema={"properties": {"mode": {"type": "string", "enum": ["a", "b"]}}}),
    ],
    initial_config={"tuned": {"enforcementLevel": "advisory", "properties": {"mode": "b"}}},
)


def _problems(config):
    with pytest.raises(PolicyConfigError) as raised:
        resolve_policy_config(INFO, config)
    return raised.value.problems


def test_defaults_come_from_levels_schema_defaults_and_the_packs_initial_config():
    resolved = resolve_policy_config(INFO, None)
    assert resolved["names"].enforcement_level == "mandatory"
    assert resolved["names"].properties == {"word": "bad"}
    assert resolved["tags"].enforcement_level == "advisory" and resolved["tags"].properties == {}
    assert resolved["tuned"].enforcement_level == "advisory" and resolved["tuned"].properties == {"mode": "b"}


def test_all_sets_every_level_and_per_policy_entries_win():
    resolved = resolve_policy_config(INFO, {"all": "disabled", "names": {"enforcementLevel": "advisory",
                                                                        "limit": 5}, "tags": "mandatory"})
    assert resolved["names"].enforcement_level == "advisory"
    assert resolved["names"].properties == {"word": "bad", "limit": 5}
    assert resolved["tags"].enforcement_level == "mandatory"
    assert resolved["tuned"].enforcement_level == "disabled"


def test_schema_violations_name_the_policy_and_property():
    assert _problems({"names": {"limit": "five"}}) == ["names.limit: 'five' is not of type 'integer'"]
    assert _problems({"names": {"word": ""}}) == ["names.word: '' should be non-empty"]
    assert _problems({"names": {"accounts": ["123"]}}) == ["names.accounts/0: '123' does not match '^[0-9]{12}$'"]
    assert _problems({"tuned": {"mode": "c"}}) == ["tuned.mode: 'c' is not one of ['a', 'b']"]


def test_misspelt_properties_and_unconfigurable_policies_are_rejected():
    [problem] = _problems({"names": {"wrod": "x"}})
    assert problem.startswith("names: Additional properties are not allowed ('wrod' was unexpected)")
    [problem] = _problems({"tags": {"anything": 1}})
    assert problem.startswith("tags: Additional properties are not allowed")


def test_unknown_policies_levels_and_shapes_are_all_reported_together():
    problems = _problems({"nmaes": "advisory", "tags": "warn", "tuned": 3, "all": {"limit": 1}})
    assert "nmaes: no such policy in pack pack (policies: names, tags, tuned)" in problems
    assert "tags: enforcement level 'warn' is not one of advisory, mandatory, remediate, disabled" in problems
    assert "tuned: expected an enforcement level or an object, got int" in problems
    assert "all: only enforcementLevel can be set for all policies" in problems
    assert _problems({"all": "off"}) == [
        "all: enforcement level 'off' is not one of advisory, mandatory, remediate, disabled"]
    assert _problems(["names"]) == ["policy config must be an object, got list"]


def test_check_stack_refuses_invalid_config_before_analyzing(kit_pack):
    with pytest.raises(PolicyConfigError, match=r"no-bad-role-names.forbiddenWord: 3 is not of type 'string'"):
        check_stack(MINIMAL, "dev", client=kit_pack, policy_config={"no-bad-role-names": {"forbiddenWord": 3}})
