"""Web identity providers whose tokens carry other claims than an OIDC provider's aud and sub.

A Cognito identity pool is named by `aud`; its `sub` is one user's identity, so AWS documents the
pool's signed-in users (`amr` of "authenticated", or of the provider they signed in with) as what
pins the caller. Login with Amazon and
Facebook have no aud or sub key at all: their `app_id` names the application.
"""

import json

import pytest

from .protocol import TRUST, judge, messages, verdict

ROLE = "aws:iam/role:Role"
COGNITO = "cognito-identity.amazonaws.com"
POOL = "us-east-1:12345678-1234-1234-1234-123456789012"


def web_identity_role(provider: str, condition: dict | None) -> dict:
    statement = {"Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity"}
    if condition is not None:
        statement["Condition"] = condition
    return {"assumeRolePolicy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}


PASSING = [
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL, f"{COGNITO}:sub": "us-east-1:abcd-ef01"}}),
    # Only signed-in users' amr names their login provider (AWS's "trust only users that logged in via Facebook").
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": "graph.facebook.com"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringEquals": {f"{COGNITO}:amr": "cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12"}}),
    ("www.amazon.com", {"StringEquals": {"www.amazon.com:app_id": "amzn1.application-oa2-client.1234"}}),
    ("graph.facebook.com", {"StringEquals": {"graph.facebook.com:app_id": "1234567890"}}),
]

FAILING = [
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}}),  # guests of the pool too
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": "unauthenticated"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": "*authenticated"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringEqualsIgnoreCase": {f"{COGNITO}:amr": "Unauthenticated"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringEqualsIgnoreCase": {f"{COGNITO}:amr": "unauthent\u0131cated"}}),  # dotless i
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": ["graph.facebook.com", "unauthenticated"]}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAnyValue:StringLike": {f"{COGNITO}:amr": "${cognito-identity.amazonaws.com:amr}"}}),
    (COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL},
               "ForAllValues:StringLike": {f"{COGNITO}:amr": "authenticated"}}),  # passes with no amr at all
    (COGNITO, {"ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}}),  # any pool
    (COGNITO, None),
    ("www.amazon.com", None),
    ("www.amazon.com", {"StringLike": {"www.amazon.com:app_id": "*"}}),
    ("graph.facebook.com", {"StringEquals": {"graph.facebook.com:id": "42"}}),
    ("graph.facebook.com", {"StringEquals": {"www.amazon.com:app_id": "1234567890"}}),  # another provider's key
]


@pytest.mark.parametrize(("provider", "condition"), PASSING)
@pytest.mark.parametrize("stack", ["prod", "dev"])
def test_the_documented_conditions_pin_the_caller(policy_pack, provider, condition, stack):
    result = judge(policy_pack, ROLE, web_identity_role(provider, condition), stack=stack)
    assert verdict(result) == set(), messages(result)


@pytest.mark.parametrize(("provider", "condition"), FAILING)
@pytest.mark.parametrize("stack", ["prod", "dev"])
def test_conditions_that_leave_other_callers_in_fail(policy_pack, provider, condition, stack):
    result = judge(policy_pack, ROLE, web_identity_role(provider, condition), stack=stack)
    assert verdict(result) == {TRUST}, messages(result)


def test_the_finding_names_the_claims_the_provider_has(policy_pack):
    result = judge(policy_pack, ROLE, web_identity_role(COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}}))
    [finding] = result.mandatory
    assert f"{COGNITO}:sub or {COGNITO}:amr" in finding.message
    assert '"authenticated"' in finding.message
    result = judge(policy_pack, ROLE, web_identity_role("www.amazon.com", None))
    [finding] = result.mandatory
    assert "www.amazon.com:app_id" in finding.message


def test_an_oidc_provider_still_needs_aud_and_sub(policy_pack):
    github = "token.actions.githubusercontent.com"
    provider = f"arn:aws:iam::123456789012:oidc-provider/{github}"
    audience_only = {"StringEquals": {f"{github}:aud": "sts.amazonaws.com"}}
    result = judge(policy_pack, ROLE, web_identity_role(provider, audience_only))
    [finding] = result.mandatory
    assert f"{github}:sub" in finding.message and f"{github}:aud" not in finding.message.split("Fix:")[0]


GOOGLE = "accounts.google.com"


@pytest.mark.parametrize("audience", ["${cognito-identity.amazonaws.com:aud}", "us-east-1:*", "*:*", "*-*", " "])
def test_a_cognito_audience_must_name_one_pool(policy_pack, audience):
    condition = {"StringLike": {f"{COGNITO}:aud": audience},
                 "ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}}
    result = judge(policy_pack, ROLE, web_identity_role(COGNITO, condition))
    assert verdict(result) == {TRUST}, messages(result)


@pytest.mark.parametrize("audience", ["*.apps.googleusercontent.com", "${accounts.google.com:aud}"])
def test_an_oidc_audience_must_be_literal(policy_pack, audience):
    condition = {"StringLike": {f"{GOOGLE}:aud": audience}, "StringEquals": {f"{GOOGLE}:sub": "110123456789"}}
    result = judge(policy_pack, ROLE, web_identity_role(GOOGLE, condition))
    assert verdict(result) == {TRUST}, messages(result)


def test_signed_in_users_may_be_named_in_any_case_where_case_is_ignored(policy_pack):
    condition = {"StringEquals": {f"{COGNITO}:aud": POOL},
                 "ForAnyValue:StringEqualsIgnoreCase": {f"{COGNITO}:amr": "AUTHENTICATED"}}
    result = judge(policy_pack, ROLE, web_identity_role(COGNITO, condition))
    assert verdict(result) == set(), messages(result)
