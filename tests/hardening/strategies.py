"""Hypothesis strategies: hostile property bags, and realistic valid IAM documents.

Hostile values are what the engine can send: anything a protobuf Struct carries (strings of any
length and script, numbers, booleans, nulls, lists, maps, nested up to the depth the SDK can
decode), secret-wrapped values and unknown sentinels anywhere, plus JSON text of any shape,
truncated or not, where a document is expected. NaN and infinities are left out: the policy SDK
rejects them before the pack is called (see docs/bypasses.md).

Valid documents are trust and permission documents as people write them: every principal kind,
the conditions the trust rule reads (sts:ExternalId, aws:SourceAccount, aws:SourceArn, OIDC aud
and sub, ...) under the operators that do and do not count, actions from a realistic set
including wildcards and NotAction, resources as ARNs or "*".
"""

import json
import random

from hypothesis import strategies as st

from policies.document_sources import DOCUMENT_LOCATIONS, DocumentKind
from stackcheck.values import UNKNOWN_KINDS, is_secret, secret, unknown

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
REGION = "us-west-2"
ENDPOINT_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/churn"
GITHUB = "token.actions.githubusercontent.com"
EKS = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
GITHUB_PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"
EKS_PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{EKS}"
SAML_PROVIDER = f"arn:aws:iam::{ACCOUNT}:saml-provider/okta"

UNKNOWNS = tuple(unknown(kind) for kind in UNKNOWN_KINDS)

MANAGED_POLICY_ARNS = (
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
    "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",
    "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/service-role/AmazonSageMakerServiceCatalogProductsUseRole",
    "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere",
    f"arn:aws:iam::{ACCOUNT}:policy/team-policy",
    "arn:aws:iam::aws:policy/",
    "arn:aws:iam::aws:policy",
)

# ---------------------------------------------------------------------------------------------
# Hostile values
# ---------------------------------------------------------------------------------------------

IAM_WORDS = (
    "Allow", "Deny", "allow", "ALLOW", "Allow ", "*", "*:*", "sagemaker:*", "sts:AssumeRole", "s3:GetObject",
    "arn:aws:s3:::*", "arn:*:*:*:*:*", ENDPOINT_ARN, ACCOUNT, "2012-10-17", "${aws:username}", "?", "", " ",
    "repo:*", "o-a1b2c3d4e5", "sagemaker.amazonaws.com", GITHUB_PROVIDER, "arn:", "arn:aws:iam::aws:policy/",
)
KEYS = (
    "Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
    "Resource", "NotResource", "Condition", "AWS", "Service", "Federated", "CanonicalUser", "StringEquals",
    "StringLike", "StringEqualsIfExists", "Null", "ForAnyValue:StringLike", "sts:ExternalId",
    "aws:SourceAccount", "aws:SourceArn", f"{GITHUB}:sub", "statement", "action", "",
)


def long_strings() -> st.SearchStrategy[str]:
    """Strings up to a few hundred thousand characters, built cheaply from a repeated unit.

    (A long run of bare "*" is left to test_bounded_cost.py: as an action it is a cost problem.)
    """
    return st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["a", "a*", "?", "sagemaker:*", "arn:aws:s3:::b/", "é", "𝔘", "\\", '"', "{["]),
        st.integers(min_value=1_000, max_value=300_000),
    )


LONE_SURROGATES = ("\ud800", "\udfff", "sagemaker:\udc00*", "Allow\ud83d")


def hostile_strings(with_surrogates: bool = False) -> st.SearchStrategy[str]:
    # Lone surrogates cannot travel in a protobuf string, but a JSON *text* can spell them as
    # \ud800 escapes, which the pack then decodes; only text-form documents get them.
    # (st.characters() includes surrogates unless told the codec, and rarely draws them.)
    alphabet = st.characters() if with_surrogates else st.characters(codec="utf-8")
    strings = st.one_of(
        st.sampled_from(IAM_WORDS),
        st.text(alphabet=alphabet, max_size=40),
        long_strings(),
    )
    return (strings | st.sampled_from(LONE_SURROGATES)) if with_surrogates else strings


def hostile_numbers(text_form: bool) -> st.SearchStrategy:
    numbers = st.one_of(
        st.integers(min_value=-(2**53), max_value=2**53),
        st.floats(allow_nan=False, allow_infinity=False),
        st.just(int(ACCOUNT)),
    )
    if text_form:
        # JSON text may spell integers far past a double's range (and below Python's 4,300-digit
        # limit for int <-> str). A Struct cannot: its numbers are doubles.
        numbers = numbers | st.integers(min_value=10**300, max_value=10**2000) | st.integers(
            min_value=-(10**2000), max_value=-(10**300)
        )
    return numbers


def hostile_values(text_form: bool, max_leaves: int = 24) -> st.SearchStrategy:
    """Any JSON-shaped value; for the Struct form also secrets and unknown sentinels at any depth."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        hostile_numbers(text_form),
        hostile_strings(with_surrogates=text_form),
    )
    if not text_form:
        leaves = leaves | st.sampled_from(UNKNOWNS)

    def extend(children):
        lists = st.lists(children, max_size=4)
        maps = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), children, max_size=4)
        if text_form:
            return lists | maps
        # One branch in five marks the value secret (st.one_of weighs branches equally).
        return st.one_of(lists, maps, lists, maps, children.map(secret))

    return st.recursive(leaves, extend, max_leaves=max_leaves)


def _maybe(valid: st.SearchStrategy, hostile: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(valid, valid, hostile)


def iam_shaped_documents(text_form: bool) -> st.SearchStrategy:
    """Documents with IAM's element names and a wrong type (or a right one) at every level."""
    junk = hostile_values(text_form, max_leaves=8)
    # Condition values are where numbers are legal and get turned into text, so they get many.
    numbers = hostile_numbers(text_form)
    strings_or_lists = lambda words: st.one_of(  # noqa: E731
        st.sampled_from(words), st.lists(st.sampled_from(words), max_size=3)
    )
    actions = strings_or_lists(["sagemaker:*", "s3:GetObject", "sts:AssumeRole", "*", "*:*", "sage*:*", "iam:*"])
    resources = strings_or_lists(["*", ENDPOINT_ARN, "arn:aws:s3:::models/*", "arn:aws:s3:::*", "not-an-arn"])
    principal_values = st.one_of(
        st.just("*"),
        st.dictionaries(
            st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser", "aws", "Group"]),
            _maybe(strings_or_lists([OTHER_ACCOUNT, "*", "sagemaker.amazonaws.com", GITHUB_PROVIDER]), junk),
            max_size=3,
        ),
    )
    conditions = st.dictionaries(
        st.sampled_from(["StringEquals", "StringLike", "StringEqualsIfExists", "Null", "ArnLike", "Bool"]),
        _maybe(
            st.dictionaries(
                st.sampled_from(["sts:ExternalId", "aws:SourceAccount", "aws:SourceArn", f"{GITHUB}:sub"]),
                _maybe(strings_or_lists([ACCOUNT, "secret", "*", ""]) | numbers | st.lists(numbers, max_size=2), junk),
                max_size=3,
            ),
            junk,
        ),
        max_size=3,
    )
    statement = st.fixed_dictionaries(
        {},
        optional={
            "Sid": _maybe(st.text(max_size=10), junk),
            "Effect": _maybe(st.sampled_from(["Allow", "Deny"]), junk),
            "Action": _maybe(actions, junk),
            "NotAction": _maybe(actions, junk),
            "Resource": _maybe(resources, junk),
            "NotResource": _maybe(resources, junk),
            "Principal": _maybe(principal_values, junk),
            "NotPrincipal": _maybe(principal_values, junk),
            "Condition": _maybe(conditions, junk),
        },
    )
    document = st.fixed_dictionaries(
        {},
        optional={
            "Version": _maybe(st.just("2012-10-17"), junk),
            "Id": junk,
            "Statement": _maybe(statement | st.lists(statement, max_size=3), junk),
        },
    )
    return document | junk


@st.composite
def planted(draw, container, leaves: st.SearchStrategy):
    """`container` with one node, at a random depth, replaced by a value drawn from `leaves`.
    A secret is one value to the engine, so it is replaced whole, never entered."""
    if isinstance(container, dict) and container and not is_secret(container) and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(container)))
        return {**container, key: draw(planted(container[key], leaves))}
    if isinstance(container, list) and container and draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=len(container) - 1))
        copy = list(container)
        copy[index] = draw(planted(copy[index], leaves))
        return copy
    return draw(leaves)


def nested(depth: int, leaf, as_list: bool):
    value = leaf
    for _ in range(depth):
        value = [value] if as_list else {"Statement": value}
    return value


# The SDK decodes a Struct recursively: maps nest to about 200 levels before its own recursion
# limit answers with a gRPC error instead of calling the pack. 100 levels is what the issue asks.
MAX_STRUCT_DEPTH = 100


def deep_struct_values() -> st.SearchStrategy:
    return st.builds(
        nested,
        st.integers(min_value=1, max_value=MAX_STRUCT_DEPTH),
        st.sampled_from(["x", 1, None, True, "sagemaker:*"] + list(UNKNOWNS[:1])),
        st.booleans(),
    )


def deep_json_text() -> st.SearchStrategy[str]:
    """JSON text nested far deeper than a Struct can carry: it is one string on the wire."""
    return st.builds(
        lambda depth, where, as_list: where.replace("@", "[" * depth + "]" * depth if as_list else
                                                    '{"a":' * depth + "1" + "}" * depth),
        st.integers(min_value=1, max_value=3_000),
        st.sampled_from([
            "@",
            '{"Statement": @}',
            '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k", "Sid": @}]}',
            '{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": @}}}',
            '{"Version": "2012-10-17", "Statement": [], "Id": @}',
        ]),
        st.booleans(),
    )


def to_json_text(value, ensure_ascii: bool) -> str:
    try:
        text = json.dumps(value, ensure_ascii=ensure_ascii)
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)


@st.composite
def text_documents(draw):
    """A document as JSON text: hostile, truncated, deeply nested, or not JSON at all."""
    kind = draw(st.sampled_from(["shaped", "junk", "truncated", "deep", "raw"]))
    if kind == "shaped":
        return to_json_text(draw(iam_shaped_documents(text_form=True)), draw(st.booleans()))
    if kind == "junk":
        return to_json_text(draw(hostile_values(text_form=True)), draw(st.booleans()))
    if kind == "truncated":
        text = to_json_text(draw(iam_shaped_documents(text_form=True) | valid_documents()), True)
        return text[: draw(st.integers(min_value=0, max_value=len(text)))]
    if kind == "deep":
        return draw(deep_json_text())
    return draw(hostile_strings(with_surrogates=False))


@st.composite
def object_documents(draw):
    """A document as an object (a Struct): hostile shapes, deep nesting, secrets and unknowns inside."""
    document = draw(iam_shaped_documents(text_form=False) | valid_documents())
    if draw(st.booleans()):
        document = draw(planted(document, deep_struct_values()))
    if draw(st.booleans()):
        document = draw(planted(document, st.sampled_from(UNKNOWNS)))
    if draw(st.booleans()):
        document = _wrap_somewhere(draw, document)
    return document


def _wrap_somewhere(draw, document):
    """Wrap one node, at a random depth, in a secret."""
    if isinstance(document, dict) and document and not is_secret(document) and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(document)))
        return {**document, key: _wrap_somewhere(draw, document[key])}
    if isinstance(document, list) and document and draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=len(document) - 1))
        copy = list(document)
        copy[index] = _wrap_somewhere(draw, copy[index])
        return copy
    return secret(document)


@st.composite
def with_secret_somewhere(draw, document):
    """`document` with one node, at a random depth (the whole document included), marked secret."""
    return _wrap_somewhere(draw, document)


def document_values() -> st.SearchStrategy:
    """Whatever may arrive where a trust or permission document is expected."""
    return st.one_of(
        text_documents(),
        object_documents(),
        text_documents().map(secret),
        st.sampled_from(UNKNOWNS),
        hostile_values(text_form=False, max_leaves=6),
    )


def policy_arn_values() -> st.SearchStrategy:
    """Whatever may arrive where a managed policy ARN is expected."""
    return st.one_of(
        st.sampled_from(MANAGED_POLICY_ARNS),
        st.sampled_from(MANAGED_POLICY_ARNS).map(secret),
        st.builds(lambda arn, cut: arn[:cut], st.sampled_from(MANAGED_POLICY_ARNS), st.integers(0, 60)),
        st.sampled_from(MANAGED_POLICY_ARNS).map(str.lower),
        st.sampled_from(UNKNOWNS),
        hostile_strings(),
        hostile_values(text_form=False, max_leaves=4),
    )


def _value_at(steps: list[str], leaf: st.SearchStrategy) -> st.SearchStrategy:
    """A value for the property path `steps` (as in DOCUMENT_LOCATIONS), or a wrong type there."""
    if not steps:
        return leaf
    step, rest = steps[0], steps[1:]
    name = step.removesuffix("[]")
    inner = _value_at(rest, leaf)
    wrong = hostile_values(text_form=False, max_leaves=4) | st.sampled_from(UNKNOWNS)
    shaped = st.lists(inner, max_size=3) | inner if step.endswith("[]") else inner
    return st.fixed_dictionaries({name: _maybe(shaped, wrong)}, optional={"name": st.text(max_size=8)})


@st.composite
def hostile_property_bags(draw, resource_type: str):
    """A property bag for `resource_type`, with hostile values at each place the pack reads."""
    props = draw(st.dictionaries(st.sampled_from(["name", "role", "tags", "path", "description"]),
                                 hostile_values(text_form=False, max_leaves=4), max_size=1))
    for location in DOCUMENT_LOCATIONS[resource_type]:
        steps = location.path.split(".")
        leaf = policy_arn_values() if location.kind is DocumentKind.ATTACHMENT else document_values()
        # Paths have the form `a`, `a[]` or `a[].b`; build the value under the top-level name.
        top, rest = steps[0], steps[1:]
        name = top.removesuffix("[]")
        inner = _value_at(rest, leaf) if rest else leaf
        wrong = hostile_values(text_form=False, max_leaves=4) | st.sampled_from(UNKNOWNS)
        if top.endswith("[]"):
            value = _maybe(st.lists(inner, max_size=3), inner | wrong)
        else:
            value = _maybe(inner, wrong)
        if draw(st.integers(min_value=0, max_value=5)):
            props[name] = draw(value)
    return props


# ---------------------------------------------------------------------------------------------
# Valid documents
# ---------------------------------------------------------------------------------------------


def one_or_list(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    """A value as IAM lets you write it: a scalar, or a list of them."""
    return strategy | st.lists(strategy, min_size=1, max_size=max_size, unique=True)


AWS_PRINCIPALS = (
    OTHER_ACCOUNT,
    ACCOUNT,
    f"arn:aws:iam::{OTHER_ACCOUNT}:root",
    f"arn:aws:iam::{OTHER_ACCOUNT}:role/deployer",
    f"arn:aws:iam::{OTHER_ACCOUNT}:user/ci",
    f"arn:aws-us-gov:iam::{OTHER_ACCOUNT}:root",
    f"arn:aws-cn:iam::{OTHER_ACCOUNT}:root",
    "*",
)
SERVICE_PRINCIPALS = ("sagemaker.amazonaws.com", "lambda.amazonaws.com", "events.amazonaws.com")
FEDERATED_PRINCIPALS = (GITHUB_PROVIDER, EKS_PROVIDER, "accounts.google.com", SAML_PROVIDER)

CONDITION_VALUES = {
    "sts:ExternalId": ("a1b2c3-shared-secret", "*", "", "abc*", "${aws:PrincipalTag/team}"),
    "aws:SourceAccount": (ACCOUNT, OTHER_ACCOUNT, "*", "12345678901?"),
    "aws:SourceArn": (
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*",
        f"arn:aws:sagemaker:{REGION}:*:*",
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/nightly",
    ),
    "aws:SourceOrgID": ("o-a1b2c3d4e5", "*"),
    "aws:SourceOrgPaths": ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", "*"),
    "aws:PrincipalOrgID": ("o-a1b2c3d4e5",),
    "aws:MultiFactorAuthPresent": ("true",),
    f"{GITHUB}:aud": ("sts.amazonaws.com", "*"),
    f"{GITHUB}:sub": ("repo:acme/models:ref:refs/heads/main", "repo:acme/*", "repo:*", "*"),
    f"{EKS}:aud": ("sts.amazonaws.com",),
    f"{EKS}:sub": ("system:serviceaccount:ml:trainer", "system:serviceaccount:*:*"),
    "accounts.google.com:aud": ("1234.apps.googleusercontent.com",),
    "accounts.google.com:sub": ("110123456789",),
    "SAML:aud": ("https://signin.aws.amazon.com/saml",),
    "aws:RequestedRegion": (REGION,),
    "aws:ResourceTag/team": ("ml",),
}
TRUST_CONDITION_KEYS = {
    "AWS": ("sts:ExternalId", "aws:PrincipalOrgID", "aws:MultiFactorAuthPresent"),
    "Service": ("aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "sts:ExternalId"),
    "Federated": (f"{GITHUB}:aud", f"{GITHUB}:sub", f"{EKS}:aud", f"{EKS}:sub", "accounts.google.com:aud",
                  "accounts.google.com:sub", "SAML:aud"),
}
OPERATORS = (
    "StringEquals", "StringEquals", "StringEquals", "StringLike", "StringLike", "ArnLike", "StringEqualsIfExists",
    "StringLikeIfExists", "StringNotEquals", "StringEqualsIgnoreCase", "Null", "ForAnyValue:StringLike",
    "ForAllValues:StringEquals", "ArnEquals", "Bool",
)
TRUST_ACTIONS = (
    "sts:AssumeRole", "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML",
    "sts:TagSession", "sts:SetSourceIdentity", "sts:*", "*", "sts:AssumeRole*",
)
PERMISSION_ACTIONS = (
    "sagemaker:InvokeEndpoint", "sagemaker:CreateModel", "sagemaker:DeleteEndpoint", "sagemaker:DescribeModel",
    "sagemaker:ListModels", "sagemaker:Describe*", "sagemaker:Create*", "sagemaker:*", "s3:GetObject",
    "s3:PutObject", "s3:ListBucket", "s3:ListAllMyBuckets", "s3:*", "iam:PassRole", "logs:PutLogEvents",
    "ecr:GetAuthorizationToken", "ec2:Describe*", "*", "*:*", "sage*:*", "s?gemaker:*",
)
PERMISSION_RESOURCES = (
    "*", "*", ENDPOINT_ARN, f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/*",
    f"arn:aws:sagemaker:{REGION}:*:endpoint/churn", f"arn:aws:sagemaker:*:{ACCOUNT}:endpoint/churn",
    "arn:aws:s3:::models/*", "arn:aws:s3:::models", "arn:aws:s3:::*", f"arn:aws:iam::{ACCOUNT}:role/sagemaker-exec",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/*", "arn:*:*:*:*:*", "models/*",
)


# Conditions that pin the caller for each kind of principal (as the trust rule asks), so that a fair
# share of generated trust statements pass and monotonicity has something to lose.
PINNING_CONDITIONS = {
    "AWS": ({"StringEquals": {"sts:ExternalId": "a1b2c3-shared-secret"}},),
    "Service": (
        {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"}},
        {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}},
    ),
    GITHUB_PROVIDER: ({"StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
                       "StringLike": {f"{GITHUB}:sub": "repo:acme/models:ref:refs/heads/main"}},),
    EKS_PROVIDER: ({"StringEquals": {f"{EKS}:aud": "sts.amazonaws.com",
                                     f"{EKS}:sub": "system:serviceaccount:ml:trainer"}},),
    "accounts.google.com": ({"StringEquals": {"accounts.google.com:aud": "1234.apps.googleusercontent.com",
                                              "accounts.google.com:sub": "110123456789"}},),
    SAML_PROVIDER: ({"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},),
}
# Actions with resources of the right type: most of them pass rule 3.
SCOPED_GRANTS = (
    ("sagemaker:InvokeEndpoint", ENDPOINT_ARN),
    ("sagemaker:DescribeEndpoint", ENDPOINT_ARN),
    ("sagemaker:CreateModel", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/churn-*"),
    ("sagemaker:ListModels", "*"),
    ("s3:GetObject", "arn:aws:s3:::models/*"),
    ("s3:ListBucket", "arn:aws:s3:::models"),
    ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/sagemaker-exec"),
    ("ecr:GetAuthorizationToken", "*"),
)


@st.composite
def conditions(draw, keys: tuple[str, ...]) -> dict:
    """A Condition block over `keys` (and a few others), keys unique ignoring case."""
    block: dict[str, dict] = {}
    pool = tuple(keys) + ("aws:MultiFactorAuthPresent", "aws:SourceAccount", "sts:ExternalId")
    for key in draw(st.lists(st.sampled_from(pool), max_size=3, unique_by=str.lower)):
        operator = draw(st.sampled_from(OPERATORS))
        if operator == "Null":
            values = draw(one_or_list(st.sampled_from(["false", "true"]), 1))
        else:
            values = draw(one_or_list(st.sampled_from(CONDITION_VALUES[key]), 2))
        block.setdefault(operator, {})[key] = values
    return block


@st.composite
def trust_statements(draw, effect: str | None = None) -> dict:
    kind = draw(st.sampled_from(["AWS", "Service", "Federated", "Service", "AWS", "everyone"]))
    if kind == "everyone":
        principal = "*"
        keys = TRUST_CONDITION_KEYS["AWS"]
    else:
        values = {"AWS": AWS_PRINCIPALS, "Service": SERVICE_PRINCIPALS, "Federated": FEDERATED_PRINCIPALS}[kind]
        principal = {kind: draw(one_or_list(st.sampled_from(values), 2))}
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            other = draw(st.sampled_from(sorted({"AWS", "Service"} - {kind})))
            principal[other] = draw(st.sampled_from(AWS_PRINCIPALS if other == "AWS" else SERVICE_PRINCIPALS))
        keys = TRUST_CONDITION_KEYS[kind]
    if kind == "Federated":
        actions = draw(one_or_list(st.sampled_from(
            ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:TagSession"]), 2))
    else:
        actions = draw(one_or_list(st.sampled_from(TRUST_ACTIONS), 2))
    statement = {
        "Effect": effect or draw(st.sampled_from(["Allow", "Allow", "Allow", "Deny"])),
        "Principal": principal,
    }
    if draw(st.integers(min_value=0, max_value=7)) == 0:
        statement["NotAction"] = draw(one_or_list(st.sampled_from(["s3:*", "sts:TagSession", "iam:*"]), 2))
    else:
        statement["Action"] = actions
    block = {}
    if kind != "everyone" and draw(st.integers(min_value=0, max_value=2)):
        pinned_by = kind if kind != "Federated" else principal["Federated"]
        pinned_by = pinned_by[0] if isinstance(pinned_by, list) else pinned_by
        for operator, entries in draw(st.sampled_from(PINNING_CONDITIONS[pinned_by])).items():
            block.setdefault(operator, {}).update(entries)
    for operator, entries in draw(conditions(keys)).items():
        block.setdefault(operator, {}).update(entries)
    if block:
        statement["Condition"] = block
    if draw(st.booleans()):
        statement["Sid"] = draw(st.sampled_from(["Trust", "AllowSageMaker", "CrossAccount", "GitHubActions"]))
    return statement


@st.composite
def permission_statements(draw, effect: str | None = None) -> dict:
    statement = {"Effect": effect or draw(st.sampled_from(["Allow", "Allow", "Allow", "Deny"]))}
    if draw(st.booleans()):
        grants = draw(st.lists(st.sampled_from(SCOPED_GRANTS), min_size=1, max_size=2, unique=True))
        statement["Action"] = [action for action, _ in grants] if len(grants) > 1 or draw(st.booleans()) \
            else grants[0][0]
        statement["Resource"] = sorted({resource for _, resource in grants})
        return statement
    actions = draw(one_or_list(st.sampled_from(PERMISSION_ACTIONS), 3))
    if draw(st.integers(min_value=0, max_value=7)) == 0:
        statement["NotAction"] = draw(one_or_list(st.sampled_from(["iam:*", "sagemaker:*", "s3:*", "sts:*"]), 2))
    else:
        statement["Action"] = actions
    resources = draw(one_or_list(st.sampled_from(PERMISSION_RESOURCES), 2))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        statement["NotResource"] = resources
    else:
        statement["Resource"] = resources
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        statement["Condition"] = draw(conditions(("aws:RequestedRegion", "aws:ResourceTag/team")))
    if draw(st.booleans()):
        statement["Sid"] = draw(st.sampled_from(["Invoke", "ReadModels", "Logs", "Broad"]))
    return statement


def _document(statements: list[dict], single_as_object: bool) -> dict:
    body = statements[0] if single_as_object and len(statements) == 1 else statements
    return {"Version": "2012-10-17", "Statement": body}


def trust_documents() -> st.SearchStrategy[dict]:
    return st.builds(_document, st.lists(trust_statements(), min_size=1, max_size=3), st.booleans())


def permission_documents() -> st.SearchStrategy[dict]:
    return st.builds(_document, st.lists(permission_statements(), min_size=1, max_size=4), st.booleans())


def valid_documents() -> st.SearchStrategy[dict]:
    return trust_documents() | permission_documents()


# Where each kind of document is placed in a resource, as the engine would send it.
TRUST_PLACES = (
    ("aws:iam/role:Role", lambda doc: {"assumeRolePolicy": doc}),
    ("aws-native:iam:Role", lambda doc: {"assumeRolePolicyDocument": doc}),
)
PERMISSION_PLACES = (
    ("aws:iam/policy:Policy", lambda doc: {"policy": doc}),
    ("aws:iam/rolePolicy:RolePolicy", lambda doc: {"role": "app-role", "policy": doc}),
    ("aws:iam/role:Role", lambda doc: {"inlinePolicies": [{"name": "inline", "policy": doc}]}),
    ("aws-native:iam:ManagedPolicy", lambda doc: {"policyDocument": doc}),
    ("aws-native:iam:Role", lambda doc: {"policies": [{"policyName": "inline", "policyDocument": doc}]}),
)


@st.composite
def placed_documents(draw, kinds=("trust", "permission")):
    """(kind, resource type, place, document): a valid document and where it lives."""
    kind = draw(st.sampled_from(kinds))
    document = draw(trust_documents() if kind == "trust" else permission_documents())
    resource_type, place = draw(st.sampled_from(TRUST_PLACES if kind == "trust" else PERMISSION_PLACES))
    return kind, resource_type, place, document


# ---------------------------------------------------------------------------------------------
# Transformations that must not change a verdict
# ---------------------------------------------------------------------------------------------


def statements_of(document: dict) -> list[dict]:
    body = document["Statement"]
    return [body] if isinstance(body, dict) else list(body)


def with_statements(document: dict, statements: list[dict]) -> dict:
    return {**document, "Statement": statements}


def _toggle(value, rnd: random.Random):
    """A scalar becomes a one-element list, a one-element list a scalar, each with even odds."""
    if isinstance(value, list) and len(value) == 1 and rnd.random() < 0.5:
        return value[0]
    if not isinstance(value, list) and rnd.random() < 0.5:
        return [value]
    return value


def toggle_shapes(document: dict, rnd: random.Random) -> dict:
    """Flip scalar <-> one-element list for Action, Resource, principal values, condition values
    and Statement, each position independently."""
    statements = []
    for statement in statements_of(document):
        statement = dict(statement)
        for element in ("Action", "NotAction", "Resource", "NotResource"):
            if element in statement:
                statement[element] = _toggle(statement[element], rnd)
        for element in ("Principal", "NotPrincipal"):
            if isinstance(statement.get(element), dict):
                statement[element] = {kind: _toggle(v, rnd) for kind, v in statement[element].items()}
        if "Condition" in statement:
            statement["Condition"] = {
                operator: {key: _toggle(v, rnd) for key, v in block.items()}
                for operator, block in statement["Condition"].items()
            }
        statements.append(statement)
    body = statements if len(statements) != 1 else _toggle(statements, rnd)
    return {**document, "Statement": body}


def _recase(text: str, rnd: random.Random) -> str:
    return "".join(ch.upper() if rnd.random() < 0.5 else ch.lower() for ch in text)


def recase(document: dict, rnd: random.Random) -> dict:
    """Change the letter case of action names, service prefixes and condition keys (not operators,
    element names, principal types or values, which IAM reads case-sensitively)."""
    statements = []
    for statement in statements_of(document):
        statement = dict(statement)
        for element in ("Action", "NotAction"):
            if element in statement:
                value = statement[element]
                statement[element] = [_recase(v, rnd) for v in value] if isinstance(value, list) else \
                    _recase(value, rnd)
        if "Condition" in statement:
            statement["Condition"] = {
                operator: {_recase(key, rnd): v for key, v in block.items()}
                for operator, block in statement["Condition"].items()
            }
        statements.append(statement)
    return with_statements(document, statements) if isinstance(document["Statement"], list) else \
        {**document, "Statement": statements[0]}


# Statements no rule reads, or reads and finds compliant in every stack. "Unrelated" is per rule:
# - a Deny is ignored by the trust and ARN-scoping rules, but an unconditioned Deny of all of
#   SageMaker on "*" cancels a SageMaker grant in rule 2, by design (IAM: an explicit Deny wins),
#   so unrelated Denies here never cover all of SageMaker unconditionally on "*";
# - an Allow is read by rule 3 for its resources, so an unrelated Allow must itself be scoped:
#   an action with resource-level support on a literal ARN of the right type, or an action with
#   no resource-level support on "*"; and it must grant no SageMaker action (rule 2) and, in a
#   trust policy, no sts:AssumeRole* (rule 1).
UNRELATED_PERMISSION_STATEMENTS = (
    {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "sagemaker:DeleteEndpoint", "Resource": "*"},
    {"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Effect": "Deny", "Action": "sagemaker:*", "Resource": ENDPOINT_ARN},
    {"Effect": "Deny", "NotAction": "sagemaker:*", "Resource": "*"},
    {"Sid": "Reports", "Effect": "Allow", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::unrelated-bucket/report.csv"},
    {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": "*"},
    {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
    {"Effect": "Allow", "Action": "dynamodb:GetItem",
     "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/features"},
    {"Effect": "Allow", "Action": "logs:PutLogEvents",
     "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:app:log-stream:main"},
)
UNRELATED_TRUST_STATEMENTS = (
    {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:*"},
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:TagSession"},
    {"Effect": "Allow", "Principal": {"AWS": OTHER_ACCOUNT}, "Action": ["sts:SetSourceIdentity"]},
)
