"""ARNs that passed are remembered by their shape; over the protocol, a later ARN of the same shape
must still get its own findings wherever the fields, the stack or the actions differ."""

import json

from .test_rules_over_protocol import analyze

POLICY = "aws:iam/policy:Policy"
RULE = "iam-permissions-arn-scoped"


def policy(resource: str, actions=("sagemaker:InvokeEndpoint",)) -> dict:
    statement = {"Effect": "Allow", "Action": list(actions), "Resource": resource}
    return {"name": "remembered", "policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}


def blocked(policy_pack, resource: str, stack: str = "prod", **kwargs) -> bool:
    result = analyze(policy_pack, POLICY, policy(resource, **kwargs), stack=stack)
    return RULE in {d.policy_name for d in result.mandatory}


def test_a_pass_is_not_borrowed_by_another_region_account_stack_or_type(policy_pack):
    assert not blocked(policy_pack, "arn:aws:sagemaker:us-west-2:123456789012:endpoint/remembered-1")
    assert not blocked(policy_pack, "arn:aws:sagemaker:us-west-2:123456789012:endpoint/remembered-2")
    assert blocked(policy_pack, "arn:aws:sagemaker:*:123456789012:endpoint/remembered-3")
    assert blocked(policy_pack, "arn:aws:sagemaker:us-west-2:*:endpoint/remembered-4")
    assert blocked(policy_pack, "arn:aws:sagemaker:us-west-2:123456789012:*")
    assert not blocked(policy_pack, "arn:aws:sagemaker:*:123456789012:endpoint/remembered-5", stack="dev")
    assert blocked(policy_pack, "arn:aws:sagemaker:*:123456789012:endpoint/remembered-6")
    # One bucket's objects pass; every bucket's objects do not.
    assert not blocked(policy_pack, "arn:aws:s3:::remembered-bucket/*", actions=("s3:GetObject",))
    assert blocked(policy_pack, "arn:aws:s3:::*/*", actions=("s3:GetObject",))
