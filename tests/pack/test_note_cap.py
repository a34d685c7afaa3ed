"""The advisories policy folds notes that say the same of several statements into one, and caps
its notes by kind (rule and fix), over the protocol."""

import json

from .documents import ADVISORIES, SAGEMAKER
from .test_rules_over_protocol import analyze

ENDPOINT = "arn:aws:sagemaker:us-west-2:123456789012:endpoint/churn"
PARTIAL = {"Effect": "Allow", "Action": "sagemaker:Describe*", "Resource": ENDPOINT}
WHOLE = {"Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINT}
# Thirty partial wildcards, each noted in words of its own: "sagemaker:D*", "sagemaker:De*", ...
DISTINCT_PARTIALS = [
    {"Effect": "Allow", "Action": f"sagemaker:{pattern}", "Resource": ENDPOINT}
    for pattern in dict.fromkeys(word[:end] + "*" for word in ("Describe", "List", "Create", "Update", "Start", "Stop")
                                 for end in range(1, len(word) + 1))
][:30]


def policy(*statements) -> dict:
    return {"policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


def notes(result) -> list[str]:
    return [d.message for d in result.advisory if d.policy_name == ADVISORIES]


def test_notes_that_say_the_same_of_several_statements_are_one_note_naming_them(policy_pack):
    statements = [{**PARTIAL, "Sid": f"Model{index}"} for index in range(30)]
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*statements), stack="dev"))
    assert len(shown) == 1
    assert 'Statement[0] (Sid "Model0"), Statement[1] (Sid "Model1")' in shown[0]
    assert 'Statement[9] (Sid "Model9") and 20 more statements): sagemaker:Describe* grants 80 of the' in shown[0]
    assert "Model10" not in shown[0]


def test_a_note_said_of_other_statements_in_other_words_is_its_own(policy_pack):
    statements = [PARTIAL, {**PARTIAL, "Action": "sagemaker:List*"}, PARTIAL]
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*statements), stack="dev"))
    assert len(shown) == 2
    assert "(policy, Statement[0], Statement[2]): sagemaker:Describe* grants" in shown[0]
    assert "(policy, Statement[1]): sagemaker:List* grants" in shown[1]


def test_many_notes_of_one_kind_are_cut_to_25_and_counted(policy_pack):
    assert len(DISTINCT_PARTIALS) == 30
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*DISTINCT_PARTIALS), stack="dev"))
    assert sum("grants 80 of the" in note or "SageMaker actions; check" in note for note in shown) == 25
    assert sum("5 more notes like the ones above were left out" in note for note in shown) == 1
    assert sum("[no-sagemaker-star-in-production]" in note for note in shown) == 26


def test_a_whole_service_grant_is_not_hidden_behind_partial_wildcard_notes(policy_pack):
    shown = notes(analyze(policy_pack, "aws:iam/policy:Policy", policy(*DISTINCT_PARTIALS[:25], WHOLE), stack="dev"))
    assert any("grants every SageMaker action" in note for note in shown), shown
    assert not any("left out" in note for note in shown)


def test_an_exempt_violation_is_not_hidden_behind_partial_wildcard_notes(policy_pack):
    exemption = {"resource": "capped-policy", "reason": "ticket SEC-9", "expires": "2999-12-31"}
    result = analyze(policy_pack, "aws:iam/policy:Policy", policy(*DISTINCT_PARTIALS, WHOLE),
                     config={SAGEMAKER: {"exemptions": [exemption]}}, name="capped-policy")
    assert result.mandatory == []
    shown = notes(result)
    assert any("grants every SageMaker action" in note and "ticket SEC-9" in note for note in shown), shown
    assert sum("left out" in note for note in shown) == 1
