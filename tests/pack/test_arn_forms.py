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


@pytest.mark.parametrize(("actions", "resource"), [
    # The catalog writes Braket's device format with `*` for region and account, Health's event format
    # with `*` for region: the on-demand simulators have neither; global Health events say `global`.
    (["braket:CreateQuantumTask"], "arn:aws:braket:::device/quantum-simulator/amazon/sv1"),
    (["braket:CreateQuantumTask"], "arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1"),
    (["health:DescribeAffectedEntities"], "arn:aws:health:*::event/EC2/*/*"),
    (["health:DescribeEventDetails"], "arn:aws:health:global::event/IAM/AWS_IAM_OPERATIONAL_ISSUE/*"),
    # An ARN of only wildcards for actions that support no resource-level permissions is their "*".
    (["s3:ListAllMyBuckets"], "arn:aws:s3:::*"),
])
def test_arns_of_the_forms_aws_writes_pass_in_every_stack_without_a_note(policy_pack, actions, resource):
    for stack in ("prod", "dev"):
        mandatory, advisory = judged(policy_pack, actions, resource, stack)
        assert mandatory == set(), (stack, advisory)
        assert advisory == "", (stack, advisory)


def test_everything_names_the_actions_that_could_be_scoped_and_a_fix_of_their_form(policy_pack):
    statement = {"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}
    props = {"role": "app-role", "policy": json.dumps({"Statement": [statement]})}
    [finding] = analyze(policy_pack, ROLE_POLICY, props, stack="dev").mandatory
    assert finding.policy_name == SCOPED
    # Three of the List actions that support resource-level permissions, and there are more.
    assert 'Resource "*" grants sagemaker:List' in finding.message
    assert "and more (which support resource-level permissions)" in finding.message
    assert "e.g. arn:aws:sagemaker:${Region}:${Account}:" in finding.message
    statement = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListAllMyBuckets"], "Resource": "arn:aws:s3:::*"}
    props = {"role": "app-role", "policy": json.dumps({"Statement": [statement]})}
    [finding] = analyze(policy_pack, ROLE_POLICY, props, stack="dev").mandatory
    assert "the ARN arn:aws:s3:::*, which has only wildcards" in finding.message
    assert "grants s3:GetObject (which supports resource-level permissions)" in finding.message
    assert "e.g. arn:aws:s3:::${BucketName}/${ObjectName}" in finding.message


def test_actions_without_resource_level_permissions_grant_nothing_on_an_arn(policy_pack):
    repository = "arn:aws:ecr:us-west-2:123456789012:repository/train"
    mandatory, advisory = judged(policy_pack, ["ecr:GetAuthorizationToken"], repository, "prod")
    assert mandatory == set()
    assert f"the ARN {repository} {GRANTS_NOTHING}" in advisory
    # Beside an action that acts on the repository, the ARN grants that one: no note.
    _, advisory = judged(policy_pack, ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], repository, "prod")
    assert GRANTS_NOTHING not in advisory
    # An action the catalog does not know yet may act on the repository.
    _, advisory = judged(policy_pack, ["ecr:GetAuthorizationToken", "ecr:NotYetReleased"], repository, "prod")
    assert GRANTS_NOTHING not in advisory
    # CloudWatch's metric calls have an optional resource type in the catalog: naming one is not nothing.
    _, advisory = judged(policy_pack, ["cloudwatch:PutMetricData"],
                         "arn:aws:cloudwatch:us-west-2:123456789012:dataset/x", "prod")
    assert GRANTS_NOTHING not in advisory


def test_an_arn_of_only_wildcards_of_another_service_grants_nothing(policy_pack):
    mandatory, advisory = judged(policy_pack, ["s3:GetObject"], "arn:aws:sagemaker:us-west-2:123456789012:*", "prod")
    assert mandatory == set()
    assert f"not a resource type that any action in the statement acts on, so it {GRANTS_NOTHING}" in advisory
    # Beside an S3 action that supports no resource-level permissions, `arn:aws:s3:::*` is that action's "*".
    mandatory, advisory = judged(policy_pack, ["s3:ListAllMyBuckets", "sagemaker:CreateEndpoint"], "arn:aws:s3:::*",
                                 "prod")
    assert mandatory == set() and GRANTS_NOTHING not in advisory


def test_a_fix_shows_an_arn_of_the_service_at_hand(policy_pack):
    statement = {"Effect": "Allow", "Action": "ecr:BatchGetImage",
                 "Resource": "arn:aws:ecr:us-west-2:None:repository/x"}
    props = {"role": "app-role", "policy": json.dumps({"Statement": [statement]})}
    [finding] = analyze(policy_pack, ROLE_POLICY, props, stack="dev").mandatory
    assert 'account "None" is not a 12-digit account ID' in finding.message
    assert "e.g. arn:aws:ecr:${Region}:${Account}:repository/${RepositoryName}" in finding.message
    # NotAction grants the catalog's first actions (Alexa for Business's): SageMaker's are named first.
    statement = {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}
    props = {"role": "app-role", "policy": json.dumps({"Statement": [statement]})}
    [finding] = [d for d in analyze(policy_pack, ROLE_POLICY, props, stack="dev").mandatory if d.policy_name == SCOPED]
    assert 'Resource "*" grants sagemaker:' in finding.message and "a4b:" not in finding.message
