"""Builders for the IAM documents and engine-shaped resources the protocol tests send."""

import json

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
REGION = "us-west-2"
ENDPOINT_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/churn"

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"

TRUST = "iam-trust-conditions"
SAGEMAKER = "no-sagemaker-star-in-production"
SCOPED = "iam-permissions-arn-scoped"
ADVISORIES = "guardrails-advisories"
ACROSS = "no-sagemaker-star-across-resources"


def document(*statements, as_text: bool = True):
    doc = {"Version": "2012-10-17", "Statement": list(statements)}
    return json.dumps(doc) if as_text else doc


def allow(actions, resources=None, **extra):
    statement = {"Effect": "Allow", "Action": actions}
    if resources is not None:
        statement["Resource"] = resources
    statement.update(extra)
    return statement


def deny(actions, resources="*", **extra):
    return {"Effect": "Deny", "Action": actions, "Resource": resources, **extra}


def assume(principal, condition=None, action="sts:AssumeRole", **extra):
    statement = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition is not None:
        statement["Condition"] = condition
    statement.update(extra)
    return statement


def role(trust_statement, **props):
    return ROLE, {"assumeRolePolicy": document(trust_statement), **props}


def permission_policy(*statements, resource_type: str = POLICY, as_text: bool = True):
    return resource_type, {"policy": document(*statements, as_text=as_text)}


def attachment(policy_arn: str):
    return ATTACHMENT, {"policyArn": policy_arn, "role": "app-role"}
