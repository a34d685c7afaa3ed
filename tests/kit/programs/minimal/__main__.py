"""Fixture program for the stackcheck kit tests: a trust-policy role built from a policy document,
an inline policy that depends on the role's ARN, a component, and config of every shape."""

import json

import pulumi
import pulumi_aws as aws
from components import Team

config = pulumi.Config()
identity = aws.get_caller_identity()
region = aws.get_region()
partition = aws.get_partition()

trust = aws.iam.get_policy_document(statements=[
    aws.iam.GetPolicyDocumentStatementArgs(
        sid="SageMakerAssume",
        actions=["sts:AssumeRole"],
        principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(
            type="Service", identifiers=["sagemaker.amazonaws.com"])],
        conditions=[aws.iam.GetPolicyDocumentStatementConditionArgs(
            test="StringEquals", variable="aws:SourceAccount", values=[identity.account_id])],
    ),
])

role = aws.iam.Role(
    "training",
    name=config.require("roleName"),
    assume_role_policy=trust.json,
    tags={"team": config.require("teamName")},
    opts=pulumi.ResourceOptions(protect=True, custom_timeouts=pulumi.CustomTimeouts(create="5m")),
)

aws.iam.RolePolicy(
    "training-inline",
    role=role.id,
    policy=role.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": arn}],
    })),
)

extra = config.get("extraRole")
if extra:
    aws.iam.Role("extra", name=extra, assume_role_policy=trust.json)

team = Team("team")

settings = config.get_object("settings") or {}
pulumi.export("accountId", identity.account_id)
pulumi.export("region", region.region)
pulumi.export("partition", partition.partition)
pulumi.export("retries", settings.get("retries"))
pulumi.export("token", config.get_secret("apiToken"))
