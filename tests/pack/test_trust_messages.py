"""What an unpinned web identity trust is told, over the protocol: the claims actually missing, the
callers they leave in, and a fix in the provider's own subject format and the URL as the user wrote it."""

import json

import pytest

from .documents import TRUST
from .test_rules_over_protocol import analyze

ROLE = "aws:iam/role:Role"
ACCOUNT = "123456789012"
GITHUB = "token.actions.githubusercontent.com"
EKS = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
GHES = "github.acme.internal/_services/token"
GITLAB = "gitlab.com"
COGNITO = "cognito-identity.amazonaws.com"
POOL = "us-east-1:12345678-1234-1234-1234-123456789012"

# What only GitHub's subject customization calls for, and what only Kubernetes' subjects do.
GITHUB_WORDING = ("repo:<owner>/", "other owners' repositories")
EKS_WORDING = "system:serviceaccount:<namespace>:<serviceaccount>"


def provider_arn(url: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:oidc-provider/{url}"


def trust_finding(policy_pack, principal: str, condition: dict | None) -> tuple[str, str]:
    """(message, fix) of the one mandatory finding of a web identity trust of `principal`."""
    statement = {"Effect": "Allow", "Principal": {"Federated": principal}, "Action": "sts:AssumeRoleWithWebIdentity"}
    if condition is not None:
        statement["Condition"] = condition
    props = {"assumeRolePolicy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}
    result = analyze(policy_pack, ROLE, props)
    [finding] = result.mandatory
    assert finding.policy_name == TRUST
    # The diagnostic opens with the policy's description, which names every claim the rule knows.
    description, rendered = finding.message.split("\n", 1)
    assert "trust policies must pin who may assume the role" in description
    message, fix = rendered.split("\nFix: ")
    return message, fix


def test_a_github_trust_that_pins_its_repository_is_told_only_of_its_audience(policy_pack):
    message, _ = trust_finding(policy_pack, provider_arn(GITHUB), {
        "StringEquals": {f"{GITHUB}:sub": "repo:acme/models:ref:refs/heads/main"}})
    assert f"{GITHUB}:aud" in message and "any audience" in message
    assert f"{GITHUB}:sub" not in message
    assert "any token holder" not in message
    assert not any(wording in message for wording in GITHUB_WORDING), message


def test_a_github_trust_without_a_subject_is_told_to_name_the_owner(policy_pack):
    message, fix = trust_finding(policy_pack, provider_arn(GITHUB), {
        "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"}})
    assert f"{GITHUB}:sub" in message and f"{GITHUB}:aud" not in message
    assert all(wording in message for wording in GITHUB_WORDING), message
    assert "repo:<owner>/<repo>" in fix


def test_github_enterprise_server_gets_the_github_wording(policy_pack):
    message, fix = trust_finding(policy_pack, provider_arn(GHES), {"StringEquals": {f"{GHES}:aud": "sts.amazonaws.com"},
                                                                   "StringLike": {f"{GHES}:sub": "environment:prod"}})
    assert f"{GHES}:sub" in message and "repo:<owner>/" in message
    assert f'"{GHES}:sub": "repo:<owner>/<repo>' in fix


def test_a_trust_missing_both_claims_names_both(policy_pack):
    message, _ = trust_finding(policy_pack, provider_arn(GITHUB), None)
    assert f"{GITHUB}:aud" in message and f"{GITHUB}:sub" in message


def test_an_eks_trust_is_told_of_namespaces_and_service_accounts(policy_pack):
    message, fix = trust_finding(policy_pack, provider_arn(EKS), {
        "StringEquals": {f"{EKS}:aud": "sts.amazonaws.com"},
        "StringLike": {f"{EKS}:sub": "system:serviceaccount:*:trainer"}})
    assert f"{EKS}:sub" in message and f"{EKS}:aud" not in message
    assert "service account" in message and "namespace" in message
    assert EKS_WORDING in fix
    assert not any(wording in message + fix for wording in (*GITHUB_WORDING, "repo:", "<owner>")), message + fix


def test_the_fix_quotes_the_provider_url_as_written(policy_pack):
    _, fix = trust_finding(policy_pack, provider_arn(EKS), {"StringEquals": {f"{EKS}:aud": "sts.amazonaws.com"}})
    assert f'"{EKS}:sub"' in fix and f'"{EKS}:aud"' in fix
    assert EKS.lower() not in fix


def test_the_url_is_read_without_case_and_quoted_with_it(policy_pack):
    # Condition keys compare without case, so a lower-case key pins the upper-case provider: only aud is missing.
    message, fix = trust_finding(policy_pack, provider_arn(EKS), {
        "StringEquals": {f"{EKS.lower()}:sub": "system:serviceaccount:ml:trainer"}})
    assert f"{EKS}:aud" in message and ":sub" not in message
    assert f'"{EKS}:aud"' in fix


@pytest.mark.parametrize("principal", [provider_arn(GITLAB), "accounts.google.com"])
def test_another_providers_trust_gets_neutral_subject_wording(policy_pack, principal):
    provider = principal.rsplit("/", 1)[-1] if principal.startswith("arn:") else principal
    message, fix = trust_finding(policy_pack, principal, {"StringEquals": {f"{provider}:aud": "sts.amazonaws.com"}})
    assert f"{provider}:sub" in message and "workload" in message
    assert not any(wording in message + fix for wording in (*GITHUB_WORDING, "repo:", "<owner>", EKS_WORDING))
    assert f'"{provider}:sub"' in fix


def test_login_with_amazon_is_told_only_of_its_application(policy_pack):
    message, fix = trust_finding(policy_pack, "www.amazon.com", None)
    assert "www.amazon.com:app_id" in message and "any application" in message
    assert not any(wording in message for wording in (*GITHUB_WORDING, "sub", "aud", "token holder")), message
    assert "www.amazon.com:app_id" in fix


def test_a_cognito_trust_is_told_of_its_guests(policy_pack):
    message, _ = trust_finding(policy_pack, COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}})
    assert f"{COGNITO}:sub or {COGNITO}:amr" in message and "guests" in message
    assert f"{COGNITO}:aud" not in message
    assert not any(wording in message for wording in (*GITHUB_WORDING, "token holder")), message


def test_a_cognito_trust_without_its_pool_is_told_of_other_pools(policy_pack):
    message, _ = trust_finding(policy_pack, COGNITO, {"ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}})
    assert f"{COGNITO}:aud" in message and "any identity pool" in message
    assert f"{COGNITO}:amr" not in message


def test_condition_keys_written_with_the_urls_scheme_are_named_as_the_mistake(policy_pack):
    # A common IRSA slip: the keys copied from the issuer URL, https:// and all, which no request carries.
    message, _ = trust_finding(policy_pack, provider_arn(EKS), {"StringEquals": {
        f"https://{EKS}:aud": "sts.amazonaws.com", f"https://{EKS}:sub": "system:serviceaccount:ml:trainer"}})
    assert f"the condition keys https://{EKS.lower()}:aud, https://{EKS.lower()}:sub start with the URL's scheme" in (
        message)
    assert f"write {EKS}:<claim>" in message
    # Without such keys, no such words.
    message, _ = trust_finding(policy_pack, provider_arn(EKS), None)
    assert "scheme" not in message
