"""Who a web identity trust admits: the claims that pin a caller, per provider.

An OIDC provider's token names the application in `aud` and the workload in `sub`; a few web
identity providers carry other claims instead. Part of rule 1 (`trust_conditions`).
"""

import re
from collections.abc import Callable
from typing import NamedTuple

from ..iam.conditions import is_literal_value, pins
from ..iam.wildcards import has_wildcard, literal_head

STRING_MATCH_OPERATORS = frozenset({"StringEquals", "StringLike", "StringEqualsIgnoreCase"})

# OIDC subjects are components joined by these: `repo:acme/models:ref:refs/heads/main`,
# `system:serviceaccount:ml:trainer`, CircleCI's `org/<id>/project/<id>/user/<id>`.
SUBJECT_SEPARATORS = ":/"
_SUBJECT_SEPARATOR = re.compile(f"[{re.escape(SUBJECT_SEPARATORS)}]")
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"
# IAM fills a policy variable from the request, so `${...:sub}` matches whatever the caller presents.
POLICY_VARIABLE = "${"
SERVICE_ACCOUNT_COMPONENTS = 3  # system, serviceaccount and the namespace


def _pins_audience(conditions, provider: str) -> bool:
    # Literal: `*.apps.googleusercontent.com` admits every client app, a Cognito `us-east-1:*` every
    # identity pool, and `${<provider>:aud}` is filled from the very token it is meant to test.
    return pins(conditions, f"{provider}:aud", STRING_MATCH_OPERATORS, is_literal_value)


def _pins_subject(conditions, provider: str) -> bool:
    return pins(conditions, f"{provider}:sub", STRING_MATCH_OPERATORS, subject_is_specific)


def _pins_github_subject(conditions, provider: str) -> bool:
    return pins(conditions, f"{provider}:sub", STRING_MATCH_OPERATORS, github_subject_is_specific)


def _pins_application(conditions, provider: str) -> bool:
    return pins(conditions, f"{provider}:app_id", STRING_MATCH_OPERATORS, is_literal_value)


def _admits_only_signed_in_users(conditions, provider: str) -> bool:
    # Cognito gives guests amr ["unauthenticated"] and signed-in users ["authenticated", then the
    # login provider, such as "graph.facebook.com", and the provider's IDs for the user]. So any
    # literal value but "unauthenticated" admits signed-in users only (`*authenticated` matches guests).
    return _pins_subject(conditions, provider) or pins(
        conditions, f"{provider}:amr", STRING_MATCH_OPERATORS, _names_signed_in_users
    )


def _names_signed_in_users(value: str) -> bool:
    # StringEqualsIgnoreCase may spell "unauthenticated" in any case, and a case-insensitive compare
    # may fold letters outside ASCII into it (`ı`, `ſ`); provider names and "authenticated" are ASCII.
    return is_literal_value(value) and value.isascii() and value.lower() != "unauthenticated"


class Requirement(NamedTuple):
    claims: tuple[str, ...]  # the claims a finding names; a condition on any one of them may meet it
    is_met: Callable[..., bool]  # (conditions, provider) -> whether the statement's conditions meet it
    wanted: str  # what the condition's values must be: "literal" or "specific"
    admits: str  # who gets in while it is unmet, and what would meet it


class WebIdentityProvider(NamedTuple):
    requirements: tuple[Requirement, ...]
    fix: str  # `{provider}` stands for the provider's URL


_AUDIENCE = Requirement(
    ("aud",), _pins_audience, "literal",
    "a token issued for any audience is accepted, also one the workload asked for to use with another service",
)
_SUBJECT = Requirement(
    ("sub",), _pins_subject, "specific",
    "any workload the provider issues tokens to may assume the role (a sub pattern must name the workload "
    "before its first wildcard: at least its first two components, each closed by : or /)",
)
GENERIC_OIDC = WebIdentityProvider(
    (_AUDIENCE, _SUBJECT),
    'Add "Condition": {{"StringEquals": {{"{provider}:aud": "<audience>", "{provider}:sub": "<the subject of '
    'the one workload that may assume the role, in your provider\'s format>"}}}}, naming the exact audience and '
    "workload.",
)
# An EKS cluster's issuer gives a token to every pod's service account; IRSA names the one that may assume the role.
EKS_OIDC = WebIdentityProvider(
    (
        _AUDIENCE,
        _SUBJECT._replace(admits=(
            "any service account in the cluster may assume the role (the sub must name the namespace and "
            "the service account, system:serviceaccount:<namespace>:<serviceaccount>; a pattern must close the "
            "namespace before its first wildcard, as system:serviceaccount:ml:* does)"
        )),
    ),
    'Add "Condition": {{"StringEquals": {{"{provider}:aud": "sts.amazonaws.com", "{provider}:sub": '
    '"system:serviceaccount:<namespace>:<serviceaccount>"}}}}, naming the one service account that may assume '
    "the role (IAM roles for service accounts).",
)
_APPLICATION_ID = WebIdentityProvider(
    (Requirement(("app_id",), _pins_application, "literal",
                 "a token the provider issued to any application is accepted"),),
    'Add "Condition": {{"StringEquals": {{"{provider}:app_id": "<application ID>"}}}}.',
)
# Providers whose tokens carry other claims. Login with Amazon and Facebook have no aud or sub key:
# their app_id names the application. A Cognito identity pool is named by aud, and its sub is one
# user's identity, so the pool's signed-in users (amr) are the documented alternative to a sub.
GITHUB_ACTIONS = "token.actions.githubusercontent.com"
WEB_IDENTITY_PROVIDERS = {
    GITHUB_ACTIONS: WebIdentityProvider(
        (
            _AUDIENCE,
            Requirement(
                ("sub",), _pins_github_subject, "specific",
                "a repository of any owner may assume the role (the sub must start with a claim only your "
                "repositories carry, such as repo:<owner>/ or repository_owner:<owner>:, and name the owner before "
                "its first wildcard; repo:*, repo:acme* or *:environment:prod match other owners' repositories)",
            ),
        ),
        'Add "Condition": {{"StringEquals": {{"{provider}:aud": "sts.amazonaws.com"}}, "StringLike": '
        '{{"{provider}:sub": "repo:<owner>/<repo>:ref:refs/heads/main"}}}}. The sub must start with a claim only '
        "your repositories carry (repo:<owner>/, repository_owner:<owner>:, repository_owner_id:, repository_id:, "
        "workflow_ref:<owner>/): any repository can make its tokens' sub start with environment:, ref:, actor: or "
        "job_workflow_ref: instead.",
    ),
    "cognito-identity.amazonaws.com": WebIdentityProvider(
        (
            _AUDIENCE._replace(admits="identities of any identity pool, in any AWS account, are accepted"),
            Requirement(
                ("sub", "amr"), _admits_only_signed_in_users, "specific",
                'the identity pool\'s guests (unauthenticated identities) may assume the role (amr must name '
                '"authenticated" or the login provider, under ForAnyValue:StringLike)',
            ),
        ),
        'Add "Condition": {{"StringEquals": {{"{provider}:aud": "<identity pool ID>"}}, "ForAnyValue:StringLike": '
        '{{"{provider}:amr": "authenticated"}}}}, naming the identity pool and admitting only signed-in users.',
    ),
    "www.amazon.com": _APPLICATION_ID,
    "graph.facebook.com": _APPLICATION_ID,
}


# The same GitHub Actions tokens, with the same subject customization, come from an enterprise's own
# issuer on github.com (`token.actions.githubusercontent.com/<enterprise>`), from GHE.com
# (`token.actions.<subdomain>.ghe.com`) and from GitHub Enterprise Server (`<host>/_services/token`).
_OTHER_GITHUB_ACTIONS_ISSUER = re.compile(
    r"(?:token\.actions\.githubusercontent\.com(?:/[^/]+)?|token\.actions\.[^/]+\.ghe\.com|[^/]+/_services/token)/?"
)
# `oidc.eks.<region>.amazonaws.com/id/<cluster issuer ID>`, and `.amazonaws.com.cn` in the China regions.
_EKS_ISSUER = re.compile(r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/id/[^/]+/?")


def provider_rules(provider: str) -> WebIdentityProvider:
    """The claims a trust of `provider` (an OIDC provider's URL, lower case, without https://) must pin."""
    rules = WEB_IDENTITY_PROVIDERS.get(provider)
    if rules is not None:
        return rules
    if _OTHER_GITHUB_ACTIONS_ISSUER.fullmatch(provider):
        return WEB_IDENTITY_PROVIDERS[GITHUB_ACTIONS]
    if _EKS_ISSUER.fullmatch(provider):
        return EKS_OIDC
    return GENERIC_OIDC


def subject_is_specific(value: str) -> bool:
    """Whether an OIDC `sub` value names a workload rather than everyone at the provider.

    Under StringLike `*` matches any characters, `:` and `/` included, so a pattern pins only what
    its literal head (the text before its first wildcard) pins: `repo:acme*` also matches
    `repo:acme-evil/x`, and `*:environment:prod` matches every repository's prod environment.
    """
    if not value.strip():
        return False
    if has_wildcard(value) or POLICY_VARIABLE in value:
        return _head_pins_workload(_literal_head(value))
    return _literal_subject_is_specific(value)


# GitHub lets every repository and organization choose the claims its tokens' `sub` is made of, and
# their order (its OIDC subject customization). Only a first claim that the repository's owner alone
# can present pins the workload: `environment:prod`, `ref:refs/heads/main` or `actor:octocat` are
# produced just as well by anyone's repository, starting its sub with that claim. (`actor` names
# who triggered the run, which another owner's workflow can arrange; `job_workflow_ref` names a
# reusable workflow that other repositories may call.) `workflow_ref` does pin the owner: it is
# `<owner>/<repo>/.github/workflows/<file>@<ref>` of the workflow the run started from, which lives in the
# repository that runs it (the caller's, when it calls a reusable workflow), so only the owner's
# repositories carry `workflow_ref:<owner>/`. GitHub's subject customization takes any of the token's
# claims (its OIDC reference lists workflow_ref among them); if it did not, such a sub would merely
# match no token.
GITHUB_OWNER_CLAIMS = frozenset(
    {"repo", "repository", "repository_owner", "repository_owner_id", "repository_id", "workflow_ref"}
)


def github_subject_is_specific(value: str) -> bool:
    """subject_is_specific, and the subject starts with a claim only the owner's repositories carry."""
    if not subject_is_specific(value):
        return False
    first_claim = value.split(":", 1)[0]
    # subject_is_specific has made sure the claim is closed by a separator before any wildcard.
    return first_claim.lower() in GITHUB_OWNER_CLAIMS


def _literal_subject_is_specific(value: str) -> bool:
    claim, separator, rest = value.partition(":")
    if separator and not rest.strip(SUBJECT_SEPARATORS):
        return False
    if claim.lower() == "repo":
        owner = rest.split("/", 1)[0].split(":", 1)[0]
        return bool(owner)
    if value.startswith(SERVICE_ACCOUNT_PREFIX):
        namespace = value[len(SERVICE_ACCOUNT_PREFIX):].split(":", 1)[0]
        return bool(namespace)
    return True


def _literal_head(pattern: str) -> str:
    """The text before the first wildcard or policy variable: every subject the pattern matches starts with it."""
    variable = pattern.find(POLICY_VARIABLE)
    return literal_head(pattern[:variable] if variable >= 0 else pattern)


def _head_pins_workload(head: str) -> bool:
    # Only components closed by a separator are pinned: an open one (`repo:acme`) still matches
    # longer names. Two closed components are claim and owner (`repo:acme/`) or, without a claim,
    # `org/<id>/`; a Kubernetes subject pins its workload only once the namespace is closed too.
    # A subject that starts with a UUID (Bitbucket's `{repository UUID}:{step UUID}`) names one
    # workload with its first component, and a URL-like one (Azure DevOps' `sc://<org>/<project>/...`)
    # separates its scheme with `://`, which is one separator, not two around a blank component.
    head = _URL_SCHEME.sub(r"\1:", head, count=1)
    closed = _SUBJECT_SEPARATOR.split(head)[:-1]
    if head.startswith(SERVICE_ACCOUNT_PREFIX):
        needed = SERVICE_ACCOUNT_COMPONENTS
    elif closed and _UUID.fullmatch(closed[0]):
        needed = 1
    else:
        needed = 2
    return len(closed) >= needed and all(component.strip() for component in closed[:needed])


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_UUID = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")
