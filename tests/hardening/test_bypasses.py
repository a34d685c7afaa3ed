"""The bypass catalogue: one test per way of walking around a rule, each proving the pack blocks it.

docs/bypasses.md lists these classes (and the ones that remain open), naming the test for each.
Every case goes over the Analyzer protocol to the pack started as the CLI starts it, on a
production stack unless it says otherwise; most also show the compliant twin passing, so that
a test cannot pass by the pack blocking everything.
"""

import json

import pytest

from stackcheck.values import secret, unknown

from .protocol import ADVISORIES, PREVIEW_MARKER, SAGEMAKER, SCOPED, TRUST, judge, messages, verdict
from .strategies import ACCOUNT, ENDPOINT_ARN, GITHUB, GITHUB_PROVIDER, OTHER_ACCOUNT, REGION

POLICY = "aws:iam/policy:Policy"
ROLE = "aws:iam/role:Role"
NATIVE_ROLE = "aws-native:iam:Role"

EXTERNAL_ID = {"StringEquals": {"sts:ExternalId": "a1b2c3-shared-secret"}}
SOURCE_ACCOUNT = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
SAGEMAKER_SERVICE = {"Service": "sagemaker.amazonaws.com"}
CROSS_ACCOUNT = {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}
SCOPED_INVOKE = {"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "Resource": ENDPOINT_ARN}
SAGEMAKER_STAR = {"Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINT_ARN}
FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
READ_ONLY = "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"


def doc(*statements, as_text: bool = True):
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return json.dumps(document) if as_text else document


def allow(actions, resources=ENDPOINT_ARN, **extra) -> dict:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def assume(principal, condition=None, action="sts:AssumeRole", **extra) -> dict:
    statement = {"Effect": "Allow", "Principal": principal, "Action": action, **extra}
    if condition is not None:
        statement["Condition"] = condition
    return statement


def permissions(pack, *statements, stack: str = "prod", resource_type: str = POLICY) -> frozenset[str]:
    return verdict(judge(pack, resource_type, {"policy": doc(*statements)}, stack=stack))


def trust(pack, *statements, stack: str = "prod") -> frozenset[str]:
    return verdict(judge(pack, ROLE, {"assumeRolePolicy": doc(*statements)}, stack=stack))


def text_permissions(pack, text: str) -> frozenset[str]:
    return verdict(judge(pack, POLICY, {"policy": text}))


def text_trust(pack, text: str) -> frozenset[str]:
    return verdict(judge(pack, ROLE, {"assumeRolePolicy": text}))


# --- The classes the issue names -------------------------------------------------------------


def test_not_action(policy_pack):
    """NotAction grants everything it does not list: all of SageMaker unless SageMaker is listed."""
    not_iam = {"Effect": "Allow", "NotAction": "iam:*", "Resource": ENDPOINT_ARN}
    assert permissions(policy_pack, not_iam) == {SAGEMAKER}
    assert permissions(policy_pack, {**not_iam, "Resource": "*"}) == {SAGEMAKER, SCOPED}
    # Leaving out one SageMaker action is "all but one", which rule 2 only notes (docs/bypasses.md, open).
    result = judge(policy_pack, POLICY, {"policy": doc({**not_iam, "NotAction": ["sagemaker:CreateModel", "iam:*"]})})
    assert verdict(result) == set()
    assert any("NotAction grants" in d.message for d in result.advisory), messages(result)
    # In a trust policy NotAction leaves sts:AssumeRole in.
    assert trust(policy_pack, {"Effect": "Allow", "Principal": CROSS_ACCOUNT, "NotAction": "s3:*"}) == {TRUST}
    assert trust(policy_pack, {"Effect": "Allow", "Principal": SAGEMAKER_SERVICE,
                               "NotAction": "sts:AssumeRole"}) == {TRUST}
    # The twin: a NotAction that excludes SageMaker does not grant it.
    assert permissions(policy_pack, {**not_iam, "NotAction": ["sagemaker:*", "iam:*"]}) == set()


def test_not_resource(policy_pack):
    """NotResource grants the actions on every other resource in AWS."""
    for stack in ("prod", "dev"):
        assert permissions(policy_pack, {"Effect": "Allow", "Action": "s3:GetObject",
                                         "NotResource": "arn:aws:s3:::secret/*"}, stack=stack) == {SCOPED}
        assert permissions(policy_pack, {"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint",
                                         "NotResource": [ENDPOINT_ARN]}, stack=stack) == {SCOPED}
    assert permissions(policy_pack, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}) \
        == set()


@pytest.mark.parametrize("pattern", ["sage*:*", "s?gemaker:*", "*maker:*", "SaGe*:*", "s*:*", "sagemaker*:*",
                                     "sagemaker:?*", "sagemaker:**"])
def test_wildcards_in_the_service_prefix(policy_pack, pattern):
    """A wildcard anywhere in the pattern, the service prefix included, is matched as IAM matches it."""
    assert permissions(policy_pack, allow(pattern)) == {SAGEMAKER}
    assert permissions(policy_pack, allow(pattern), stack="dev") == set()


def test_star_colon_star(policy_pack):
    for pattern in ("*:*", "*", "*:**", ["s3:GetObject", "*:*"]):
        assert permissions(policy_pack, allow(pattern)) == {SAGEMAKER}
        assert permissions(policy_pack, allow(pattern, "*")) == {SAGEMAKER, SCOPED}
    assert trust(policy_pack, assume(CROSS_ACCOUNT, action="*:*")) == {TRUST}
    assert trust(policy_pack, assume(CROSS_ACCOUNT, EXTERNAL_ID, action="*:*")) == set()


@pytest.mark.parametrize("condition", [
    {"StringEqualsIfExists": {"sts:ExternalId": "a1b2c3-shared-secret"}},
    {"StringLikeIfExists": {"sts:ExternalId": "a1b2c3-shared-secret"}},
    {"Null": {"sts:ExternalId": "false"}},
    {"ForAllValues:StringEquals": {"sts:ExternalId": "a1b2c3-shared-secret"}},
    {"StringNotEquals": {"sts:ExternalId": "wrong"}},
], ids=["StringEqualsIfExists", "StringLikeIfExists", "Null", "ForAllValues", "StringNotEquals"])
def test_if_exists_and_null_conditions(policy_pack, condition):
    """Each passes when the caller sends no ExternalId at all (or any other value), so none pins it."""
    assert trust(policy_pack, assume(CROSS_ACCOUNT, condition)) == {TRUST}
    # The same operators on the confused-deputy keys of a service principal.
    key, value = ("aws:SourceAccount", ACCOUNT) if "Null" not in condition else ("aws:SourceAccount", "false")
    operator = next(iter(condition))
    assert trust(policy_pack, assume(SAGEMAKER_SERVICE, {operator: {key: value}})) == {TRUST}
    # And on an OIDC provider's aud and sub.
    oidc = {operator: {f"{GITHUB}:aud": "sts.amazonaws.com", f"{GITHUB}:sub": "repo:acme/models:ref:refs/heads/main"}}
    assert trust(policy_pack, assume({"Federated": GITHUB_PROVIDER}, oidc,
                                     action="sts:AssumeRoleWithWebIdentity")) == {TRUST}
    # The twin: StringEquals with a literal value pins the caller.
    assert trust(policy_pack, assume(CROSS_ACCOUNT, EXTERNAL_ID)) == set()


@pytest.mark.parametrize("value", ["*", "a1b2c3-shared-secret", "a1b2c3-*", "?*"])
def test_external_id_under_string_like(policy_pack, value):
    """StringLike lets a wildcard through, and even a literal under it is not what the rule asks for."""
    assert trust(policy_pack, assume(CROSS_ACCOUNT, {"StringLike": {"sts:ExternalId": value}})) == {TRUST}
    assert trust(policy_pack, assume({"AWS": OTHER_ACCOUNT}, {"ForAnyValue:StringLike": {"sts:ExternalId": value}})) \
        == {TRUST}


DUPLICATES = {
    # Python's json keeps the last copy, a reader that keeps the first sees another document.
    "trust-condition": ("trust", '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "210987654321"}, '
                                 '"Action": "sts:AssumeRole", "Condition": {}, '
                                 '"Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}}'),
    "trust-external-id": ("trust", '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "210987654321"}, '
                                   '"Action": "sts:AssumeRole", "Condition": {"StringEquals": '
                                   '{"sts:ExternalId": "*", "sts:ExternalId": "a1b2c3"}}}}'),
    "trust-principal": ("trust", '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*", '
                                 '"AWS": "210987654321"}, "Action": "sts:AssumeRole", "Condition": '
                                 '{"StringEquals": {"sts:ExternalId": "a1b2c3"}}}}'),
    "action": ("permission", '{"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", '
                             '"Action": "sagemaker:ListModels", "Resource": "*"}]}'),
    "effect": ("permission", '{"Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "sagemaker:*", '
                             '"Resource": "*"}]}'),
    "resource": ("permission", '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", '
                               '"Resource": "arn:aws:s3:::models/*"}]}'),
    "statement": ("permission", '{"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}], '
                                '"Statement": []}'),
    "escaped-key": ("permission", '{"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", '
                                  '"\\u0041ction": "sagemaker:ListModels", "Resource": "*"}]}'),
}


@pytest.mark.parametrize("where", sorted(DUPLICATES))
def test_duplicate_json_keys(policy_pack, where):
    kind, text = DUPLICATES[where]
    if kind == "trust":
        assert text_trust(policy_pack, text) == {TRUST}
    else:
        assert text_permissions(policy_pack, text) == {SAGEMAKER, SCOPED}


WEB_IDENTITY = {"Federated": GITHUB_PROVIDER}
GITHUB_AUDIENCE = {f"{GITHUB}:aud": "sts.amazonaws.com"}
# One operator block naming a key twice in different letter case, and the copy that alone would pin the
# caller. IAM reads key names without regard to case, so this is one key written twice: the strong copy
# must not vouch for the weak one.
CASE_VARIANT_KEYS = {
    "source-account": (SAGEMAKER_SERVICE, "sts:AssumeRole",
                       {"StringLike": {"aws:SourceAccount": ACCOUNT, "AWS:SOURCEACCOUNT": "*"}}, "aws:SourceAccount"),
    "external-id": (CROSS_ACCOUNT, "sts:AssumeRole",
                    {"StringEquals": {"sts:ExternalId": "a1b2c3", "STS:EXTERNALID": "${aws:username}"}},
                    "sts:ExternalId"),
    "weak-copy-first": (CROSS_ACCOUNT, "sts:AssumeRole",
                        {"StringEquals": {"sts:externalid": "*", "sts:ExternalId": "a1b2c3"}}, "sts:ExternalId"),
    "oidc-subject": (WEB_IDENTITY, "sts:AssumeRoleWithWebIdentity",
                     {"StringEquals": GITHUB_AUDIENCE,
                      "StringLike": {f"{GITHUB}:sub": "repo:acme/*", f"{GITHUB.upper()}:SUB": "*"}},
                     f"{GITHUB}:sub"),
}


@pytest.mark.parametrize("where", sorted(CASE_VARIANT_KEYS))
@pytest.mark.parametrize("form", ["text", "object", "aws-native"])
def test_condition_keys_written_twice_in_other_letter_case(policy_pack, where, form):
    principal, action, condition, strong = CASE_VARIANT_KEYS[where]
    statement = assume(principal, condition, action=action)
    if form == "aws-native":
        result = judge(policy_pack, NATIVE_ROLE, {"assumeRolePolicyDocument": doc(statement, as_text=False)})
    else:
        result = judge(policy_pack, ROLE, {"assumeRolePolicy": doc(statement, as_text=form == "text")})
    assert verdict(result) == {TRUST}, messages(result)
    assert "appears more than once in one" in messages(result)
    # The twins: the strong copy alone passes; and so it does beside the weak copy under another
    # operator, which is a second condition that IAM ANDs with the first, not a second copy of it.
    [(operator, block)] = [(operator, block) for operator, block in condition.items() if strong in block]
    alone = {**condition, operator: {strong: block[strong]}}
    assert trust(policy_pack, assume(principal, alone, action=action)) == set()
    [weak] = [key for key in block if key != strong]
    other = "StringEquals" if operator == "StringLike" else "StringLike"
    apart = {**alone, other: {**alone.get(other, {}), weak: block[weak]}}
    assert trust(policy_pack, assume(principal, apart, action=action)) == set()


def test_condition_keys_written_twice_make_any_document_malformed(policy_pack):
    """Every rule reading the document reports it, not just the trust rule."""
    statement = allow("sagemaker:InvokeEndpoint",
                      Condition={"StringEquals": {"aws:SourceVpc": "vpc-1", "AWS:SOURCEVPC": "vpc-2"}})
    result = judge(policy_pack, POLICY, {"policy": doc(statement)})
    assert verdict(result) == {SAGEMAKER, SCOPED}, messages(result)
    assert permissions(policy_pack, allow("sagemaker:InvokeEndpoint",
                                          Condition={"StringEquals": {"aws:SourceVpc": "vpc-1"}})) == set()


@pytest.mark.parametrize(("subject", "expected"), [
    # workflow_ref is the path of the workflow the run started from, in the repository that runs it.
    ("workflow_ref:acme/deploy/.github/workflows/deploy.yml@refs/heads/main", set()),
    ("workflow_ref:acme/*", set()),
    ("workflow_ref:acme/deploy/.github/workflows/*", set()),
    ("workflow_ref:acme*", {TRUST}),
    ("workflow_ref:*", {TRUST}),
    # job_workflow_ref is the called workflow: any repository calling acme's reusable workflow carries it.
    ("job_workflow_ref:acme/deploy/.github/workflows/deploy.yml@refs/heads/main", {TRUST}),
    ("job_workflow_ref:acme/*", {TRUST}),
])
def test_github_subjects_that_start_with_a_workflow_ref(policy_pack, subject, expected):
    condition = {"StringEquals": GITHUB_AUDIENCE, "StringLike": {f"{GITHUB}:sub": subject}}
    assert trust(policy_pack, assume(WEB_IDENTITY, condition, action="sts:AssumeRoleWithWebIdentity")) == expected


@pytest.mark.parametrize("effect", ["allow", "ALLOW", "Allow ", " Allow", "aLLow", "deny", "Permit", ""])
def test_the_effects_case(policy_pack, effect):
    """IAM accepts exactly "Allow" and "Deny"; anything else is a malformed document, not a Deny."""
    assert permissions(policy_pack, {"Effect": effect, "Action": "sagemaker:*", "Resource": "*"}) == {SAGEMAKER, SCOPED}
    assert permissions(policy_pack, {"Effect": effect, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}) \
        == {SAGEMAKER, SCOPED}
    assert trust(policy_pack, {"Effect": effect, "Principal": CROSS_ACCOUNT, "Action": "sts:AssumeRole"}) == {TRUST}


ATTACHMENT_TYPES = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": lambda arn: {"role": "app", "policyArn": arn},
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": lambda arn: {"user": "ci", "policyArn": arn},
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": lambda arn: {"group": "ml", "policyArn": arn},
    "aws:iam/policyAttachment:PolicyAttachment": lambda arn: {"name": "a", "roles": ["app"], "policyArn": arn},
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
        lambda arn: {"roleName": "app", "policyArns": [READ_ONLY, arn]},
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
        lambda arn: {"userName": "ci", "policyArns": [READ_ONLY, arn]},
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive":
        lambda arn: {"groupName": "ml", "policyArns": [READ_ONLY, arn]},
}
BROAD_MANAGED_POLICIES = [
    FULL_ACCESS,
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
    "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
    "arn:aws-cn:iam::aws:policy/AmazonSageMakerFullAccess",
]


@pytest.mark.parametrize("resource_type", sorted(ATTACHMENT_TYPES))
def test_managed_policy_attachments(policy_pack, resource_type):
    """Attached AWS managed policies are judged from their real documents, in every partition."""
    props = ATTACHMENT_TYPES[resource_type]
    for arn in BROAD_MANAGED_POLICIES:
        assert verdict(judge(policy_pack, resource_type, props(arn))) == {SAGEMAKER}, arn
        result = judge(policy_pack, resource_type, props(arn), stack="dev")
        assert verdict(result) == set()
        assert any("grants every SageMaker action" in d.message for d in result.advisory), messages(result)
    assert verdict(judge(policy_pack, resource_type, props(READ_ONLY))) == set()


def test_role_managed_policy_arns(policy_pack):
    for resource_type in (ROLE, NATIVE_ROLE, "aws-native:iam:User", "aws-native:iam:Group"):
        props = {"managedPolicyArns": [READ_ONLY, FULL_ACCESS]}
        assert verdict(judge(policy_pack, resource_type, props)) == {SAGEMAKER}, resource_type
        assert verdict(judge(policy_pack, resource_type, {"managedPolicyArns": [READ_ONLY]})) == set()
    # Next to a compliant trust policy, on the same resource.
    props = {"assumeRolePolicy": doc(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
             "managedPolicyArns": ["arn:aws:iam::aws:policy/PowerUserAccess"]}
    assert verdict(judge(policy_pack, ROLE, props)) == {SAGEMAKER}


INLINE_PLACES = {
    "aws:iam/role:Role": lambda d: {"inlinePolicies": [{"name": "ok", "policy": doc(SCOPED_INVOKE)},
                                                        {"name": "broad", "policy": d}]},
    "aws:iam/rolePolicy:RolePolicy": lambda d: {"role": "app", "policy": d},
    "aws:iam/userPolicy:UserPolicy": lambda d: {"user": "ci", "policy": d},
    "aws:iam/groupPolicy:GroupPolicy": lambda d: {"group": "ml", "policy": d},
    "aws-native:iam:RolePolicy": lambda d: {"roleName": "app", "policyName": "p", "policyDocument": d},
    "aws-native:iam:UserPolicy": lambda d: {"userName": "ci", "policyName": "p", "policyDocument": d},
    "aws-native:iam:GroupPolicy": lambda d: {"groupName": "ml", "policyName": "p", "policyDocument": d},
    "aws-native:iam:Role": lambda d: {"policies": [{"policyName": "ok", "policyDocument": doc(SCOPED_INVOKE)},
                                                   {"policyName": "broad", "policyDocument": d}]},
    "aws-native:iam:User": lambda d: {"policies": [{"policyName": "broad", "policyDocument": d}]},
    "aws-native:iam:Group": lambda d: {"policies": [{"policyName": "broad", "policyDocument": d}]},
}


@pytest.mark.parametrize("resource_type", sorted(INLINE_PLACES))
def test_inline_policies(policy_pack, resource_type):
    """Inline policies, in every resource that carries them, as text or as an object."""
    place = INLINE_PLACES[resource_type]
    for as_text in (True, False):
        assert verdict(judge(policy_pack, resource_type, place(doc(SAGEMAKER_STAR, as_text=as_text)))) == {SAGEMAKER}
        assert verdict(judge(policy_pack, resource_type, place(doc(allow("s3:GetObject", "*"), as_text=as_text)))) \
            == {SCOPED}
        assert verdict(judge(policy_pack, resource_type, place(doc(SCOPED_INVOKE, as_text=as_text)))) == set()


def test_aws_native_types(policy_pack):
    """aws-native names its properties differently (assumeRolePolicyDocument, policyDocument, policies)."""
    for as_text in (False, True):
        assert verdict(judge(policy_pack, NATIVE_ROLE, {
            "assumeRolePolicyDocument": doc(assume(SAGEMAKER_SERVICE), as_text=as_text)})) == {TRUST}
        assert verdict(judge(policy_pack, NATIVE_ROLE, {
            "assumeRolePolicyDocument": doc(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT), as_text=as_text)})) == set()
        assert verdict(judge(policy_pack, "aws-native:iam:ManagedPolicy", {
            "policyDocument": doc(allow("sagemaker:*", "*"), as_text=as_text)})) == {SAGEMAKER, SCOPED}
    everything = {
        "assumeRolePolicyDocument": doc(assume({"AWS": "*"}), as_text=False),
        "policies": [{"policyName": "p", "policyDocument": doc(allow("s3:*", "*"), as_text=False)}],
        "managedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
    }
    assert verdict(judge(policy_pack, NATIVE_ROLE, everything)) == {TRUST, SAGEMAKER, SCOPED}


# --- Further classes the pack defends against --------------------------------------------------


def test_grants_split_across_statements_or_documents(policy_pack):
    """Statements that only together cover SageMaker, in one document or across one resource's documents."""
    first = [f"sagemaker:{letter}*" for letter in "abcdefghijklm"]
    second = [f"sagemaker:{letter}*" for letter in "nopqrstuvwxyz"]
    assert permissions(policy_pack, allow(first), allow(second)) == {SAGEMAKER}
    props = {"inlinePolicies": [{"name": "a", "policy": doc(allow(first))},
                                {"name": "b", "policy": doc(allow(second))}]}
    assert verdict(judge(policy_pack, ROLE, props)) == {SAGEMAKER}
    assert permissions(policy_pack, allow(first)) == set()


def test_a_deny_cancels_a_grant_only_when_it_denies_everything_unconditionally(policy_pack):
    """An unconditioned Deny of all of SageMaker on "*" really does cancel the grant (IAM: explicit
    Deny wins); any Deny that leaves some request allowed must not."""
    not_cancelling = [
        {"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
        {"Effect": "Deny", "Action": "sagemaker:*", "Resource": ENDPOINT_ARN},
        {"Effect": "Deny", "Action": "sagemaker:*", "NotResource": ENDPOINT_ARN},
        {"Effect": "Deny", "Action": "sagemaker:Delete*", "Resource": "*"},
        {"Effect": "Deny", "NotAction": "sagemaker:*", "Resource": "*"},
    ]
    for deny in not_cancelling:
        assert permissions(policy_pack, SAGEMAKER_STAR, deny) == {SAGEMAKER}, deny
    assert permissions(policy_pack, SAGEMAKER_STAR, {"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*"}) \
        == set()
    # Only a Deny in the same document is read as cancelling (issue 2); one in a sibling document is not.
    deny_elsewhere = {"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*"}
    assert verdict(judge(policy_pack, ROLE, {"inlinePolicies": [
        {"name": "grant", "policy": doc(SAGEMAKER_STAR)}, {"name": "deny", "policy": doc(deny_elsewhere)}]})) \
        == {SAGEMAKER}


@pytest.mark.parametrize("principal", [
    "*", {"AWS": "*"}, {"AWS": ["210987654321", "*"]}, {"AWS": "arn:aws:iam::*:root"},
    {"AWS": "arn:aws:iam::210987654321:role/*"}, {"Service": "*"}, {"Federated": "*"}, {"CanonicalUser": "*"},
], ids=str)
def test_wildcard_principals(policy_pack, principal):
    """No condition makes a wildcard principal safe, not even a literal ExternalId."""
    assert trust(policy_pack, assume(principal, EXTERNAL_ID)) == {TRUST}
    assert trust(policy_pack, assume(principal, {**EXTERNAL_ID, **SOURCE_ACCOUNT})) == {TRUST}


def test_not_principal(policy_pack):
    not_principal = {"Effect": "Allow", "NotPrincipal": CROSS_ACCOUNT, "Action": "sts:AssumeRole",
                     "Condition": EXTERNAL_ID}
    assert trust(policy_pack, not_principal) == {TRUST}


@pytest.mark.parametrize("condition", [
    {"StringEquals": {"sts:ExternalId": "${aws:PrincipalTag/external-id}"}},
    {"StringEquals": {"sts:ExternalId": ""}},
    {"StringEquals": {"sts:ExternalId": "   "}},
    {"StringEquals": {"sts:ExternalId": ["a1b2c3", "*"]}},
    {"StringEquals": {"sts:ExternalId": "a1b2c?"}},
    {"StringEqualsIgnoreCase": {"sts:ExternalId": "a1b2c3"}},
    {"StringEquals": {"sts:ExternalIdentifier": "a1b2c3"}},
    {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
], ids=["policy-variable", "empty", "blank", "list-with-star", "question-mark", "ignore-case", "wrong-key",
        "principal-org-id-by-default"])
def test_external_ids_that_look_literal_but_are_not(policy_pack, condition):
    assert trust(policy_pack, assume(CROSS_ACCOUNT, condition)) == {TRUST}


@pytest.mark.parametrize("condition", [
    {"StringLike": {"aws:SourceAccount": "*"}},
    {"StringEquals": {"aws:SourceAccount": "12345678901?"}},
    {"ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:*:*"}},
    {"ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:1234567890*:*"}},
    {"ArnLike": {"aws:SourceArn": "*"}},
    {"StringEquals": {"aws:SourceOrgID": "o-*"}},
    {"ForAnyValue:StringLike": {"aws:SourceOrgPaths": "*"}},
    {"StringEquals": {"aws:SourceIp": "10.0.0.1"}},
], ids=["account-star", "account-question-mark", "arn-star-account", "arn-partial-account", "arn-star",
        "org-star", "org-paths-star", "unrelated-key"])
def test_confused_deputy_conditions_that_pin_nothing(policy_pack, condition):
    assert trust(policy_pack, assume(SAGEMAKER_SERVICE, condition)) == {TRUST}


@pytest.mark.parametrize("subject", ["*", "repo:*", "repo:*/*", "repo:*:*", "repo:acme*/models:*", "**", "?*"])
def test_oidc_subjects_that_match_everyone(policy_pack, subject):
    condition = {"StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GITHUB}:sub": subject}}
    assert trust(policy_pack, assume({"Federated": GITHUB_PROVIDER}, condition,
                                     action="sts:AssumeRoleWithWebIdentity")) == {TRUST}
    # Conditions on another provider's claims pin nothing for this one.
    other = {"StringEquals": {"accounts.google.com:aud": "x", "accounts.google.com:sub": "110123456789"}}
    assert trust(policy_pack, assume({"Federated": GITHUB_PROVIDER}, other,
                                     action="sts:AssumeRoleWithWebIdentity")) == {TRUST}


@pytest.mark.parametrize("resource", [
    "arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:*:*:*:*:*", "arn:aws:*:*:*:*", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*",
    f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*/*", "arn:aws:s3:::??*", "**", "*?", "bucket/*", "arn:aws:s3",
])
def test_resources_that_name_everything_or_nothing(policy_pack, resource):
    # An action of the service the ARN names, so that the ARN reaches what it grants.
    action = "sagemaker:DescribeModel" if ":sagemaker:" in resource else "s3:GetObject"
    for stack in ("prod", "dev"):
        assert permissions(policy_pack, allow(action, resource), stack=stack) == {SCOPED}


@pytest.mark.parametrize("resource", [f"arn:aws:sagemaker:*:{ACCOUNT}:endpoint/churn",
                                      f"arn:aws:sagemaker:{REGION}:*:endpoint/churn",
                                      f"arn:aws:sagemaker:{REGION}:${{aws:PrincipalAccount}}:endpoint/churn",
                                      "arn:aws:iam::*:role/sagemaker-exec"])
def test_wildcard_region_or_account_in_production(policy_pack, resource):
    action = "iam:PassRole" if ":iam:" in resource else "sagemaker:InvokeEndpoint"
    assert permissions(policy_pack, allow(action, resource)) == {SCOPED}
    assert permissions(policy_pack, allow(action, resource), stack="dev") == set()


def test_json_escapes(policy_pack):
    """Escapes are decoded before judging, as IAM decodes them."""
    assert text_permissions(policy_pack, '{"Statement": {"Effect": "Allow", "Action": "sagemaker:\\u002a", '
                                         f'"Resource": "{ENDPOINT_ARN}"}}}}') == {SAGEMAKER}
    assert text_permissions(policy_pack, '{"Statement": {"Effect": "\\u0041llow", "Action": "\\u0073agemaker:*", '
                                         f'"Resource": "{ENDPOINT_ARN}"}}}}') == {SAGEMAKER}
    assert text_trust(policy_pack, '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "\\u002a"}, '
                                   '"Action": "sts:AssumeRole", "Condition": {"StringEquals": '
                                   '{"sts:ExternalId": "a1b2c3"}}}}') == {TRUST}


def test_letter_case_of_actions_and_services(policy_pack):
    for pattern in ("SageMaker:*", "SAGEMAKER:*", "sAgEmAkEr:*", "SAGE*:*"):
        assert permissions(policy_pack, allow(pattern)) == {SAGEMAKER}
    assert permissions(policy_pack, allow("S3:GETOBJECT", "*")) == {SCOPED}
    assert trust(policy_pack, assume(CROSS_ACCOUNT, action="STS:assumerole")) == {TRUST}
    # Condition keys are case-insensitive too: a pinning key in another case still pins.
    assert trust(policy_pack, assume(CROSS_ACCOUNT, {"StringEquals": {"STS:EXTERNALID": "a1b2c3"}})) == set()


def test_secret_wrapped_documents(policy_pack):
    """A secret is still read: wrapping a document (or part of it) hides nothing from the pack."""
    assert verdict(judge(policy_pack, POLICY, {"policy": secret(doc(SAGEMAKER_STAR))})) == {SAGEMAKER}
    statement = {**SAGEMAKER_STAR, "Action": secret("sagemaker:*")}
    assert verdict(judge(policy_pack, POLICY, {"policy": doc(statement, as_text=False)})) == {SAGEMAKER}
    assert verdict(judge(policy_pack, ROLE, {"assumeRolePolicy": secret(doc(assume(SAGEMAKER_SERVICE)))})) == {TRUST}
    attachment = {"role": "app", "policyArn": secret(FULL_ACCESS)}
    assert verdict(judge(policy_pack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", attachment)) == {SAGEMAKER}
    assert verdict(judge(policy_pack, ROLE, {"managedPolicyArns": secret([FULL_ACCESS])})) == {SAGEMAKER}


def test_misspelled_elements_and_wrong_shapes(policy_pack):
    """A reader that skipped what it does not understand would see a harmless document."""
    for statement in (
        {"Effect": "Allow", "Actions": "sagemaker:*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
        {"Effect": "Allow", "action": "sagemaker:*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
        {"Effect": "Allow", "Action": [], "Resource": "arn:aws:s3:::a/*"},
        {"Effect": "Allow", "Action": ["s3:GetObject", ["sagemaker:*"]], "Resource": "arn:aws:s3:::a/*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*", "Condition": "none"},
    ):
        assert permissions(policy_pack, statement) == {SAGEMAKER, SCOPED}, statement
    for principal in ({"aws": OTHER_ACCOUNT}, {"AWS": []}, {"AWS": int(OTHER_ACCOUNT)}, {}, ["*"]):
        assert trust(policy_pack, assume(principal, EXTERNAL_ID)) == {TRUST}, principal
    assert text_permissions(policy_pack, '{"Statement": "sagemaker:*"}') == {SAGEMAKER, SCOPED}


def test_unknown_documents_under_strict_preview(policy_pack):
    """During preview an unknown document gets the SDK's advisory; strictPreview makes it block."""
    trust_document = doc(assume(SAGEMAKER_SERVICE, {"StringEquals": {"aws:SourceAccount": unknown("string")}}),
                         as_text=False)
    inline = {"assumeRolePolicy": trust_document, "inlinePolicies": [{"name": "later", "policy": unknown("string")}]}
    result = judge(policy_pack, ROLE, inline, preview=True)
    assert verdict(result) == set()
    noted = {d.policy_name for d in result.advisory if PREVIEW_MARKER in d.message}
    assert noted == {TRUST, SAGEMAKER, SCOPED}, messages(result)
    policy_pack.configure({rule: {"strictPreview": True} for rule in (TRUST, SAGEMAKER, SCOPED)})
    try:
        assert verdict(judge(policy_pack, ROLE, inline, preview=True)) == {TRUST, SAGEMAKER, SCOPED}
    finally:
        policy_pack.configure(None)


def test_production_is_recognised_by_tag_and_config_as_well_as_by_name(policy_pack):
    """Renaming a stack does not move it out of production when its tags or the pack config say so."""
    props = {"policy": doc(SAGEMAKER_STAR)}
    policy_pack.configure_stack("eu-live", "ml-platform", tags={"environment": "Production"})
    assert verdict(policy_pack.analyze(POLICY, props)) == {SAGEMAKER}
    policy_pack.configure_stack("eu-live", "ml-platform", tags={"env": "prod"})
    assert verdict(policy_pack.analyze(POLICY, props)) == {SAGEMAKER}
    policy_pack.configure_stack("eu-live", "ml-platform", tags={"Environment": " PRD "})
    assert verdict(policy_pack.analyze(POLICY, props)) == {SAGEMAKER}
    policy_pack.configure({SAGEMAKER: {"production": True}})
    try:
        policy_pack.configure_stack("eu-live", "ml-platform")
        assert verdict(policy_pack.analyze(POLICY, props)) == {SAGEMAKER}
    finally:
        policy_pack.configure(None)
        policy_pack.configure_stack("prod", "ml-platform")
    for name in ("production", "prd", "ml-prod", "ml_prod", "ml.prod", "ml-production", "PROD"):
        assert verdict(judge(policy_pack, POLICY, props, stack=name)) == {SAGEMAKER}, name


def test_aws_managed_policies_the_pack_cannot_judge_are_never_silent(policy_pack):
    """An AWS managed ARN the snapshot does not have (newer, or in another letter case) gets a note."""
    for arn in ("arn:aws:iam::aws:policy/AmazonSageMakerFullAccessV9",
                "arn:aws:iam::aws:policy/amazonsagemakerfullaccess"):
        result = judge(policy_pack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                       {"role": "a", "policyArn": arn})
        notes = [d for d in result.advisory if d.policy_name == ADVISORIES and "cannot be judged" in d.message]
        assert notes, messages(result)
