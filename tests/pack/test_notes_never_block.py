"""The advisories policy's notes never block, whatever level the config gives it (over the protocol)."""

import json

import pytest

from .documents import ADVISORIES, SAGEMAKER, TRUST
from .test_rules_over_protocol import analyze

ENDPOINT = "arn:aws:sagemaker:us-west-2:123456789012:endpoint/churn"


def policy(action: str) -> dict:
    return {"policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": ENDPOINT}]})}


@pytest.mark.parametrize("config", [
    {"all": "mandatory"},
    {"all": "remediate"},
    {ADVISORIES: "mandatory"},
    {"all": "mandatory", ADVISORIES: {"enforcementLevel": "mandatory"}},
])
def test_a_blocking_level_for_every_policy_leaves_the_notes_advisory(policy_pack, config):
    # Rule 2 outside production and a partial wildcard are notes by design.
    dev = analyze(policy_pack, "aws:iam/policy:Policy", policy("sagemaker:*"), stack="dev", config=config)
    assert dev.mandatory == [], [d.message for d in dev.mandatory]
    assert any(d.policy_name == ADVISORIES and "grants every SageMaker action" in d.message for d in dev.advisory)
    partial = analyze(policy_pack, "aws:iam/policy:Policy", policy("sagemaker:Describe*"), config=config)
    assert partial.mandatory == []
    assert any(d.policy_name == ADVISORIES for d in partial.advisory)


def test_an_exempt_violation_stays_a_note_under_all_mandatory(policy_pack):
    exemption = {"resource": "exempt-policy", "reason": "ticket SEC-1", "expires": "2099-01-01"}
    config = {"all": "mandatory", SAGEMAKER: {"exemptions": [exemption]}}
    result = analyze(policy_pack, "aws:iam/policy:Policy", policy("sagemaker:*"), config=config, name="exempt-policy")
    assert result.mandatory == [], [d.message for d in result.mandatory]
    assert any("exempt until 2099-01-01" in d.message for d in result.advisory)


def test_the_rules_still_follow_all_and_the_notes_can_be_turned_off(policy_pack):
    open_trust = {"assumeRolePolicy": json.dumps({"Statement": {
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}})}
    blocked = analyze(policy_pack, "aws:iam/role:Role", open_trust, config={"all": "mandatory"})
    assert {d.policy_name for d in blocked.mandatory} == {TRUST}
    advised = analyze(policy_pack, "aws:iam/role:Role", open_trust, config={"all": "advisory"})
    assert advised.mandatory == [] and {d.policy_name for d in advised.advisory} == {TRUST}
    silent = analyze(policy_pack, "aws:iam/policy:Policy", policy("sagemaker:*"), stack="dev",
                     config={"all": "mandatory", ADVISORIES: "disabled"})
    assert silent.diagnostics == []


def test_the_advisories_policys_own_config_mistakes_are_said_beside_its_notes(policy_pack):
    config = {ADVISORIES: {"exemptions": [{"resource": "noted-policy", "reason": " ", "expires": "2999-12-31"}]}}
    result = analyze(policy_pack, "aws:iam/policy:Policy", policy("sagemaker:Describe*"), config=config,
                     name="noted-policy")
    assert any(d.policy_name == ADVISORIES and "exemptions[0] needs a reason" in d.message for d in result.advisory)
    assert result.mandatory == []
