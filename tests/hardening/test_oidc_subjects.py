"""OIDC `sub` patterns that match every repository or workload must not pin an OIDC trust.

Under StringLike `*` matches any run of characters, `:` and `/` included, and `?` exactly one, so
a pattern pins only what the text before its first wildcard pins. It names one owner's workloads
only when that text already closes the subject's first two components (`repo:acme/`,
`org/1234/`), and for Kubernetes the namespace as well (`system:serviceaccount:ml:`). Every case
goes over the Analyzer protocol; the specific twins show the pack does not simply block them all.
"""

import json

import pytest

from policies.rules.web_identity import subject_is_specific

from .protocol import TRUST, judge, messages, verdict
from .strategies import ACCOUNT, GITHUB, GITHUB_PROVIDER

ROLE = "aws:iam/role:Role"
EKS = "oidc.eks.us-west-2.amazonaws.com/id/ABC"
CIRCLECI = "oidc.circleci.com/org/1234"

GITHUB_EVERYONE = [
    "repo*", "r*", "repo?*", "*/*", "*:ref:refs/heads/main", "*:environment:prod", "*acme/models*", "rep?:*/x",
    "repo:acme*", "repo:acme?*", "repo:*", "repo:?*/models:*", "repo:/*", "repo::*", "*", "?*",
    # IAM fills a policy variable from the request: the caller's own claim matches itself.
    "${token.actions.githubusercontent.com:sub}", "repo:${token.actions.githubusercontent.com:repository_owner}/x",
]
GITHUB_SPECIFIC = [
    "repo:acme/*", "repo:acme/models:*", "repo:acme/models:ref:refs/heads/main", "repo:acme/mod?ls:*",
    "repo:acme:*", "repo:acme/models:environment:prod", "repo:acme/${token.actions.githubusercontent.com:workflow}",
]
# GitHub lets any repository choose which claims its tokens' sub starts with, so only a first claim
# that the owner's repositories alone carry pins the workload.
GITHUB_CUSTOM_EVERYONE = [
    "ref_type:branch:*", "environment:production:*", "event_name:push:*", "actor:octocat:*", "environment:prod",
    "ref:refs/heads/main", "workflow:deploy", "context:*",
    "job_workflow_ref:acme/infra/.github/workflows/deploy.yml@refs/heads/main",
]
GITHUB_CUSTOM_SPECIFIC = [
    "repository_owner:acme:*", "repository_owner:acme", "repository_owner_id:1234567:environment:prod",
    "repository_id:7654321:*", "repository:acme/models:*",
]
EKS_EVERYONE = ["system:serviceaccount*", "system:serviceaccount:*", "system:serviceaccount:m*",
                "system:serviceaccount:*:trainer", "system:serviceaccount::*", "system:*", "system:serviceaccount:"]
EKS_SPECIFIC = ["system:serviceaccount:ml:*", "system:serviceaccount:ml:trainer", "system:serviceaccount:ml:train?r"]
CIRCLECI_EVERYONE = ["org/*", "org/12*", "org/1234*", "*/project/5678/*"]
CIRCLECI_SPECIFIC = ["org/1234/*", "org/1234/project/5678/*", "org/1234/project/5678/user/9"]


def web_identity_trust(provider: str, subject: str, operator: str = "StringLike") -> dict:
    statement = {
        "Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{provider}"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{provider}:aud": "sts.amazonaws.com"}},
    }
    statement["Condition"].setdefault(operator, {})[f"{provider}:sub"] = subject
    return {"assumeRolePolicy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}


def trust_verdict(pack, provider: str, subject: str, operator: str = "StringLike") -> frozenset[str]:
    return verdict(judge(pack, ROLE, web_identity_trust(provider, subject, operator)))


def test_the_github_provider_is_the_one_the_principal_names():
    assert GITHUB_PROVIDER.endswith(f"oidc-provider/{GITHUB}")


@pytest.mark.parametrize("subject", GITHUB_EVERYONE)
def test_github_subjects_that_match_other_owners_fail(policy_pack, subject):
    result = judge(policy_pack, ROLE, web_identity_trust(GITHUB, subject))
    assert verdict(result) == {TRUST}, messages(result)
    assert f"{GITHUB}:sub" in messages(result)


@pytest.mark.parametrize("subject", GITHUB_SPECIFIC)
def test_github_subjects_that_name_the_owner_pass(policy_pack, subject):
    result = judge(policy_pack, ROLE, web_identity_trust(GITHUB, subject))
    assert verdict(result) == set(), messages(result)


@pytest.mark.parametrize("subject", GITHUB_CUSTOM_EVERYONE)
def test_github_subjects_any_repository_can_produce_fail(policy_pack, subject):
    for operator in ("StringLike", "StringEquals"):
        if operator == "StringEquals" and "*" in subject:
            continue
        result = judge(policy_pack, ROLE, web_identity_trust(GITHUB, subject, operator))
        assert verdict(result) == {TRUST}, messages(result)


@pytest.mark.parametrize("subject", GITHUB_CUSTOM_SPECIFIC)
def test_github_subjects_that_start_with_an_owner_claim_pass(policy_pack, subject):
    assert trust_verdict(policy_pack, GITHUB, subject) == set()


# The same tokens come from an enterprise's own issuer, from GHE.com and from GitHub Enterprise Server.
OTHER_GITHUB_ISSUERS = [
    "token.actions.githubusercontent.com/acme-corp", "token.actions.acme.ghe.com", "github.example.com/_services/token",
    # and any of them written with a trailing slash
    "token.actions.githubusercontent.com/", "token.actions.githubusercontent.com/acme-corp/",
]


@pytest.mark.parametrize("issuer", OTHER_GITHUB_ISSUERS)
def test_every_github_actions_issuer_keeps_githubs_subject_rules(policy_pack, issuer):
    for subject in ["environment:prod", "ref:refs/heads/main", "actor:octocat:*", "repo:*", "repo:acme*"]:
        assert trust_verdict(policy_pack, issuer, subject) == {TRUST}, (issuer, subject)
    for subject in ["repo:acme/models:*", "repository_owner:acme:*", "repository_id:7654321:*"]:
        assert trust_verdict(policy_pack, issuer, subject) == set(), (issuer, subject)


def test_a_host_that_only_resembles_a_github_issuer_keeps_the_general_rules(policy_pack):
    # Not an enterprise issuer: a path below the enterprise, and a GHE.com look-alike on another domain.
    for issuer in ["token.actions.githubusercontent.com/acme/extra", "token.actions.acme.ghe.com.example.org"]:
        assert trust_verdict(policy_pack, issuer, "environment:prod") == set(), issuer


def test_other_providers_do_not_inherit_githubs_subject_customization(policy_pack):
    # A GitLab subject starts with its project path; GitLab offers no way to reorder it.
    assert trust_verdict(policy_pack, "gitlab.com", "project_path:acme/models:ref_type:branch:ref:main") == set()


# Bitbucket's subject starts with the repository's UUID; Azure DevOps' is `sc://<org>/<project>/<connection>`.
BITBUCKET = "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"
AZURE_DEVOPS = "vstoken.dev.azure.com/11111111-2222-3333-4444-555555555555"
REPOSITORY_UUID = "{7a8b1c2d-1111-2222-3333-444455556666}"
BITBUCKET_EVERYONE = [f"{REPOSITORY_UUID}*", "{7a8b1c2d*", "{not-a-uuid}:*", "*"]
BITBUCKET_SPECIFIC = [f"{REPOSITORY_UUID}:*", f"{REPOSITORY_UUID}:{{ab12cd34-1111-2222-3333-444455556666}}:*"]
AZURE_DEVOPS_EVERYONE = ["sc://*", "sc:///*", "sc://acme*", "sc:*"]
AZURE_DEVOPS_SPECIFIC = ["sc://acme/models/*", "sc://acme/*", "sc://acme/models/aws-deploy"]
OTHER_PROVIDERS_EVERYONE = (
    [(EKS, subject) for subject in EKS_EVERYONE] + [(CIRCLECI, s) for s in CIRCLECI_EVERYONE]
    + [(BITBUCKET, s) for s in BITBUCKET_EVERYONE] + [(AZURE_DEVOPS, s) for s in AZURE_DEVOPS_EVERYONE]
)
OTHER_PROVIDERS_SPECIFIC = (
    [(EKS, subject) for subject in EKS_SPECIFIC] + [(CIRCLECI, s) for s in CIRCLECI_SPECIFIC]
    + [(BITBUCKET, s) for s in BITBUCKET_SPECIFIC] + [(AZURE_DEVOPS, s) for s in AZURE_DEVOPS_SPECIFIC]
)


# EKS subjects must close the namespace; CircleCI's, which have no claim, the organization.
@pytest.mark.parametrize(("provider", "subject"), OTHER_PROVIDERS_EVERYONE)
def test_subjects_that_match_other_namespaces_or_organizations_fail(policy_pack, provider, subject):
    assert trust_verdict(policy_pack, provider, subject) == {TRUST}


@pytest.mark.parametrize(("provider", "subject"), OTHER_PROVIDERS_SPECIFIC)
def test_subjects_that_name_the_namespace_or_organization_pass(policy_pack, provider, subject):
    assert trust_verdict(policy_pack, provider, subject) == set()


def test_one_broad_value_in_a_list_fails_the_whole_condition(policy_pack):
    assert trust_verdict(policy_pack, GITHUB, ["repo:acme/models:*", "*:environment:prod"]) == {TRUST}
    assert trust_verdict(policy_pack, GITHUB, ["repo:acme/models:*", "repo:acme/infra:*"]) == set()


def test_literal_subjects_keep_their_checks(policy_pack):
    for subject in ("repo:", "repo:/models", "repo::x", "system:serviceaccount::trainer", "   "):
        assert trust_verdict(policy_pack, GITHUB, subject, "StringEquals") == {TRUST}, subject
    assert trust_verdict(policy_pack, GITHUB, "repo:acme/models:ref:refs/heads/main", "StringEquals") == set()
    assert trust_verdict(policy_pack, EKS, "system:serviceaccount:ml:trainer", "StringEquals") == set()


# --- The helper itself -----------------------------------------------------------------------------


@pytest.mark.parametrize("subject", GITHUB_EVERYONE + EKS_EVERYONE + CIRCLECI_EVERYONE)
def test_helper_rejects_patterns_that_match_everyone(subject):
    assert not subject_is_specific(subject)


@pytest.mark.parametrize("subject", GITHUB_SPECIFIC + EKS_SPECIFIC + CIRCLECI_SPECIFIC + ["110123456789"])
def test_helper_accepts_patterns_that_pin_the_owner(subject):
    assert subject_is_specific(subject)


@pytest.mark.parametrize("subject", ["repo: /*", " :acme/*"])
def test_helper_rejects_blank_components(subject):
    assert not subject_is_specific(subject)


def test_a_component_with_a_space_in_it_is_still_a_component():
    # `acme ` is an owner name IAM compares literally; only an all-blank component pins nothing.
    assert subject_is_specific("repo:acme /*")
