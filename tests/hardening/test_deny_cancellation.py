"""A Deny cancels a `sagemaker:*` grant in no-sagemaker-star-in-production only if it denies everything.

That means: every SageMaker action, on exactly `*` (or a run of `*`), with no Condition and no
Principal or NotPrincipal. `?` matches exactly one character, so a Deny on `?`, `??` or `*?` is
read as denying only some resources, and an identity policy cannot carry a Principal, so a Deny
that names one is not trusted to deny anything. All cases go over the Analyzer protocol.
"""

import json

import pytest

from policies.iam.catalog import get_catalog

from .protocol import SAGEMAKER, judge, messages, verdict
from .strategies import ENDPOINT_ARN

POLICY = "aws:iam/policy:Policy"
GRANT = {"Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINT_ARN}


def deny(resource, **extra) -> dict:
    return {"Effect": "Deny", "Action": "sagemaker:*", "Resource": resource, **extra}


def policy_verdict(pack, *statements, stack: str = "prod"):
    result = judge(pack, POLICY, {"policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})},
                   stack=stack)
    return verdict(result), messages(result)


@pytest.mark.parametrize("resource", ["?", "??", "*?", "?*", "*?*", ["?"], ["??", ENDPOINT_ARN]], ids=str)
def test_a_deny_on_question_marks_does_not_cancel(policy_pack, resource):
    found, text = policy_verdict(policy_pack, GRANT, deny(resource))
    assert found == {SAGEMAKER}, text
    assert "grants every SageMaker action" in text


@pytest.mark.parametrize("resource", ["*", "**", "***", ["*"], [ENDPOINT_ARN, "*"]], ids=str)
def test_a_deny_on_star_still_cancels(policy_pack, resource):
    found, text = policy_verdict(policy_pack, GRANT, deny(resource))
    assert found == set(), text


@pytest.mark.parametrize("principal", [
    {"Principal": "*"},
    {"Principal": {"AWS": "arn:aws:iam::210987654321:root"}},
    {"NotPrincipal": {"AWS": "arn:aws:iam::210987654321:root"}},
], ids=["principal-star", "principal-account", "not-principal"])
def test_a_deny_naming_a_principal_does_not_cancel(policy_pack, principal):
    found, text = policy_verdict(policy_pack, GRANT, deny("*", **principal))
    assert SAGEMAKER in found, text
    assert "grants every SageMaker action" in text


def test_a_conditioned_deny_on_star_still_does_not_cancel(policy_pack):
    conditioned = deny("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    assert policy_verdict(policy_pack, GRANT, conditioned)[0] == {SAGEMAKER}


def test_outside_production_the_uncancelled_grant_is_advisory(policy_pack):
    found, text = policy_verdict(policy_pack, GRANT, deny("?"), stack="dev")
    assert found == set(), text
    assert "grants every SageMaker action" in text


@pytest.mark.parametrize("actions", ["sagemaker:*", "SageMaker:*", "*", "*:*", "sage*", "sage*:*", "*maker*",
                                     ["s3:GetObject", "sagemaker:**"]], ids=str)
def test_a_deny_of_every_name_of_the_service_cancels(policy_pack, actions):
    found, text = policy_verdict(policy_pack, GRANT, {"Effect": "Deny", "Action": actions, "Resource": "*"})
    assert found == set(), text


def test_a_deny_spelling_out_todays_actions_does_not_cancel(policy_pack):
    # The grant's wildcard also reaches actions SageMaker adds after the catalog was built.
    every_known = sorted(f"sagemaker:{action.name}" for action in get_catalog().service("sagemaker").actions)
    found, text = policy_verdict(policy_pack, GRANT, {"Effect": "Deny", "Action": every_known, "Resource": "*"})
    assert found == {SAGEMAKER}, text


@pytest.mark.parametrize(("not_actions", "cancels"), [
    (["s3:*"], True),
    (["iam:PassRole", "logs:*"], True),
    (["sagemaker:CreateModel"], False),
    (["sagemaker?CreateModel"], False),  # `?` stands for the colon
    (["sage*"], False),
    (["*Model"], False),
], ids=str)
def test_a_not_action_deny_cancels_only_when_it_leaves_no_sagemaker_action_out(policy_pack, not_actions, cancels):
    found, text = policy_verdict(policy_pack, GRANT, {"Effect": "Deny", "NotAction": not_actions, "Resource": "*"})
    assert found == (set() if cancels else {SAGEMAKER}), text
