"""ARN forms the catalog's formats do not spell but IAM matches, over the protocol: resources AWS owns
(no account) and policy variables whose names hold a colon."""

import json

import pytest

from .test_rules_over_protocol import analyze

ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
SCOPED = "iam-permissions-arn-scoped"
GRANTS_NOTHING = "grants nothing"
AWS_OWNED = "names only resources AWS itself owns"


def judged(policy_pack, actions: list[str], resource: str, stack: str):
    statement = {"Effect": "Allow", "Action": actions, "Resource": resource}
    props = {"role": "app-role", "policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}
    result = analyze(policy_pack, ROLE_POLICY, props, stack=stack)
    return {d.policy_name for d in result.mandatory}, "\n".join(d.message for d in result.advisory)


@pytest.mark.parametrize(("actions", "resource"), [
    (["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
     "arn:aws:ssm:us-west-2::parameter/aws/service/sagemaker-distribution/*"),
    (["ssm:SendCommand"], "arn:aws:ssm:us-west-2::document/AWS-RunShellScript"),
])
def test_resources_aws_owns_have_no_account_and_pass_in_production(policy_pack, actions, resource):
    for stack in ("prod", "dev"):
        mandatory, advisory = judged(policy_pack, actions, resource, stack)
        assert mandatory == set(), (stack, advisory)
        assert GRANTS_NOTHING not in advisory
        assert AWS_OWNED in advisory


def test_an_account_wildcard_or_variable_is_still_not_literal_in_production(policy_pack):
    actions = ["ssm:GetParameter"]
    for account in ("*", "${aws:PrincipalAccount}"):
        mandatory, _ = judged(policy_pack, actions, f"arn:aws:ssm:us-west-2:{account}:parameter/app/*", "prod")
        assert mandatory == {SCOPED}, account


def test_policy_variables_with_a_colon_are_read_as_one_field(policy_pack):
    endpoint = "arn:aws:sagemaker:${aws:RequestedRegion}:${aws:PrincipalAccount}:endpoint/churn"
    mandatory, advisory = judged(policy_pack, ["sagemaker:InvokeEndpoint"], endpoint, "dev")
    assert mandatory == set(), advisory
    assert "malformed" not in advisory and GRANTS_NOTHING not in advisory
    mandatory, _ = judged(policy_pack, ["sagemaker:InvokeEndpoint"], endpoint, "prod")
    assert mandatory == {SCOPED}  # production wants region and account written out
    mandatory, advisory = judged(policy_pack, ["iam:PassRole"], "arn:aws:iam::${aws:PrincipalAccount}:role/x", "dev")
    assert mandatory == set() and GRANTS_NOTHING not in advisory


def test_an_empty_account_in_an_arn_of_no_known_form_is_still_not_literal_in_production(policy_pack):
    # (`arn:aws:iam:*::role/x` is of a known form: its `*` region also matches IAM's empty one.)
    for resource in ("arn:aws:sagemaker:us-west-2::nonsense/x", "arn:aws:iam:us-west-2::role/x"):
        mandatory, advisory = judged(policy_pack, ["sagemaker:InvokeEndpoint"], resource, "prod")
        assert mandatory == {SCOPED}, resource
        assert AWS_OWNED not in advisory
