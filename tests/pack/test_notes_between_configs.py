"""A rule's notes reach the advisories policy of the same request only, whatever a Configure in
between changed (over the protocol, as stackcheck's pytest plugin reuses one pack across configs)."""

from .test_rules_over_protocol import analyze

POLICY = "aws:iam/policy:Policy"
PARTIAL_WILDCARD = {"policy": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                              '"Action": "sagemaker:Describe*", "Resource": "arn:aws:sagemaker:us-west-2:'
                              '123456789012:endpoint/churn-*"}]}'}
NOTE = "check that the workload needs every one"


def notes(policy_pack, config) -> str:
    result = analyze(policy_pack, POLICY, PARTIAL_WILDCARD, stack="dev", config=config, name="notes-between")
    return "\n".join(d.message for d in result.advisory)


def test_a_note_left_while_the_advisories_policy_was_off_is_not_shown_by_a_later_request(policy_pack):
    try:
        for _ in range(12):
            # The wildcard rule leaves its note, but nothing reports it (and no later rule posts after it).
            assert NOTE not in notes(policy_pack, {"guardrails-advisories": "disabled",
                                                   "iam-permissions-arn-scoped": "disabled"})
            # Now the rule is off: the same resource again must not get the earlier request's note.
            assert NOTE not in notes(policy_pack, {"no-sagemaker-star-in-production": "disabled"})
        assert NOTE in notes(policy_pack, None)
    finally:
        policy_pack.configure(None)
