"""The advisories policy caps its notes by kind (rule and fix), over the protocol."""

import json

from .documents import ADVISORIES, SAGEMAKER
from .test_rules_over_protocol import analyze

ENDPOINT = "arn:aws:sagemaker:us-west-2:123456789012:endpoint/churn"
PARTIAL = {"Effect": "Allow", "Action": "sagemaker:Describe*", "Resource": ENDPOINT}
WHOLE = {"Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINT}


def policy(*statements) -> dict:
    return {"policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def notes(result) -> list[str]:
    return [d.message for d in result.advisory if d.policy_name == ADVISORIES]


def test_many_notes_of_one_kind_are_cut_to_25_and_counted(policy_pack):
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*[PARTIAL] * 30), stack="dev"))
    assert sum("grants 80 of the" in note or "SageMaker actions; check" in note for note in shown) == 25
    assert sum("5 more notes like the ones above were left out" in note for note in shown) == 1
    assert len(shown) == 26


def test_a_whole_service_grant_is_not_hidden_behind_partial_wildcard_notes(policy_pack):
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*[PARTIAL] * 25, WHOLE), stack="dev"))
    assert any("grants every SageMaker action" in note for note in shown), shown
    assert not any("left out" in note for note in shown)


def test_an_exempt_violation_is_not_hidden_behind_partial_wildcard_notes(policy_pack):
    exemption = {"resource": "capped-policy", "reason": "ticket SEC-9", "expires": "2999-12-31"}
    result = analyze(policy_pack, "aws:iam/policy:Policy", policy(*[PARTIAL] * 30, WHOLE),
                     config={SAGEMAKER: {"exemptions": [exemption]}}, name="capped-policy")
    assert result.mandatory == []
    shown = notes(result)
    assert any("grants every SageMaker action" in note and "ticket SEC-9" in note for note in shown), shown
    assert sum("left out" in note for note in shown) == 1
