"""The ARN rule remembers ARNs that passed by their shape; an ARN of the same shape must get exactly
the findings it gets when nothing is remembered."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.document_sources import DocumentKind, DocumentSource
from policies.iam.arn_shapes import PLACEHOLDER
from policies.iam.arns import arn_formats_for_service, parse_arn
from policies.iam.catalog import get_catalog
from policies.iam.work_budget import budget
from policies.rules import arn_scoping
from policies.rules.arn_scoping import ArnScopingRule
from policies.rules.base import ResourceUnderReview
from policies.settings import read_settings

CATALOG = get_catalog()
RULE = ArnScopingRule()
ACTIONS = (
    ["sagemaker:InvokeEndpoint"], ["sagemaker:Describe*"], ["s3:GetObject", "s3:PutObject"], ["logs:PutLogEvents"],
    ["ecr:BatchGetImage"], ["sagemaker:ListModels"], ["s3:ListAllMyBuckets"], ["iam:PassRole"], ["*"],
)
ARN_SKELETONS = (
    "arn:{p}:sagemaker:{r}:{a}:endpoint/{n}",
    "arn:{p}:sagemaker:{r}:{a}:model/{n}*",
    "arn:{p}:sagemaker:{r}:{a}:{n}/x",
    "arn:{p}:s3:::{n}/*",
    "arn:{p}:s3:::{n}",
    "arn:{p}:s3:{r}:{a}:{n}/*",
    "arn:{p}:logs:{r}:{a}:log-group:/aws/{n}:*",
    "arn:{p}:ecr:{r}:{a}:repository/{n}",
    "arn:{p}:iam::{a}:role/{n}",
    "arn:{p}:iam::{a}:policy/{n}",
    "arn:{p}:sage*:{r}:{a}:endpoint/{n}",
    "arn:{p}:nosuchservice:{r}:{a}:thing/{n}",
)
names = st.text(alphabet="qz79-_.", min_size=1, max_size=8)


def review(arn_text: str, actions: list[str], production: bool) -> ResourceUnderReview:
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": arn_text}]}
    return ResourceUnderReview(
        type="aws:iam/policy:Policy", name="p", urn="urn:pulumi:prod::p::aws:iam/policy:Policy::p",
        sources=(DocumentSource(DocumentKind.IDENTITY, "policy", document),),
        production=production, settings=read_settings({}), catalog=CATALOG,
    )


def findings(arn_text: str, actions: list[str], production: bool) -> list[str]:
    with budget():
        return [f"{f.message} | {f.advisory}" for f in RULE.evaluate(review(arn_text, actions, production))]


def same_shape(first: str, second: str) -> bool:
    a, b = parse_arn(first), parse_arn(second)
    if a is None or b is None or a[1:5] != b[1:5]:
        return False
    _, formats = arn_formats_for_service(CATALOG, a.service)
    shape = formats.resource_shape(a)
    return shape is not None and shape == formats.resource_shape(b)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    skeleton=st.sampled_from(ARN_SKELETONS), first=names, second=names, actions=st.sampled_from(ACTIONS),
    production=st.booleans(), warm_actions=st.sampled_from(ACTIONS), warm_production=st.booleans(),
    partition=st.sampled_from(["aws", "aws", "*"]), region=st.sampled_from(["us-west-2", "*", ""]),
    account=st.sampled_from(["123456789012", "*", "", "aws"]),
)
def test_an_arn_of_a_remembered_shape_gets_the_findings_it_gets_afresh(
    skeleton, first, second, actions, production, warm_actions, warm_production, partition, region, account
):
    fields = {"p": partition, "r": region, "a": account}
    one, other = skeleton.format(n=first, **fields), skeleton.format(n=second, **fields)
    arn_scoping._PASSED.clear()
    afresh = findings(other, actions, production)
    findings(one, warm_actions, warm_production)  # remembered if it passes, perhaps for other actions or stack
    findings(one, actions, production)
    remembered = findings(other, actions, production)
    assert [text.replace(other, "ARN") for text in remembered] == [text.replace(other, "ARN") for text in afresh]
    if same_shape(one, other) and not findings(one, actions, production):
        assert not remembered  # the memory is consulted at all: a pass for one is a pass for the other


@pytest.mark.parametrize(("passing", "failing"), [
    # Same shape of resource part, but another region or account: production reads those fields.
    ("arn:aws:sagemaker:us-west-2:123456789012:endpoint/a", "arn:aws:sagemaker:*:123456789012:endpoint/b"),
    ("arn:aws:sagemaker:us-west-2:123456789012:endpoint/a", "arn:aws:sagemaker:us-west-2:*:endpoint/b"),
    # Same fields, but the resource part names another type (the word is spelled by a format).
    ("arn:aws:sagemaker:us-west-2:123456789012:endpoint/a", "arn:aws:sagemaker:us-west-2:123456789012:model/a"),
    # Only wildcards left where the placeholder stood for a name.
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::*/*"),
])
def test_what_a_remembered_pass_does_not_cover(passing, failing):
    arn_scoping._PASSED.clear()
    actions = ["sagemaker:InvokeEndpoint"] if ":sagemaker:" in passing else ["s3:GetObject"]
    assert not findings(passing, actions, production=True)
    assert findings(failing, actions, production=True)


def test_the_placeholder_cannot_be_written_into_an_arn_to_borrow_a_pass():
    arn_scoping._PASSED.clear()
    actions = ["sagemaker:InvokeEndpoint"]
    assert not findings(f"arn:aws:sagemaker:us-west-2:123456789012:endpoint/{PLACEHOLDER}", actions, True)
    assert findings("arn:aws:sagemaker:us-west-2:123456789012:*", actions, True)


def test_a_pass_in_development_or_for_other_actions_is_not_a_pass_in_production_or_for_these():
    arn_scoping._PASSED.clear()
    loose = "arn:aws:sagemaker:*:123456789012:endpoint/a"
    assert not findings(loose, ["sagemaker:InvokeEndpoint"], production=False)
    assert findings(loose, ["sagemaker:InvokeEndpoint"], production=True)
    endpoint = "arn:aws:sagemaker:us-west-2:123456789012:endpoint/a"
    assert not findings(endpoint, ["sagemaker:InvokeEndpoint"], production=True)
    assert findings(endpoint, ["s3:GetObject"], production=True)  # a type the actions never act on
