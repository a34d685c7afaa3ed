"""Splitting a grant across resources does not change what the pack blocks (property, over the protocol).

A role's Allow statements, written as one document on one resource, are blocked by
`no-sagemaker-star-in-production` exactly when, spread over several resources that all reach the
role (RolePolicy, the role's inline policy, an attached policy of the stack, an aws-native managed
policy naming the role), the per-resource rule blocks one of them or the stack policy blocks the role.
"""

import json
import string

from hypothesis import given
from hypothesis import strategies as st

from stackcheck import RecordedResource

from .protocol import PROJECT, SAGEMAKER, crash_messages, hardening, verdict

ACROSS = "no-sagemaker-star-across-resources"
ACCOUNT = "123456789012"
ENDPOINTS = f"arn:aws:sagemaker:us-west-2:{ACCOUNT}:endpoint/*"
LETTERS = [f"sagemaker:{letter}*" for letter in string.ascii_uppercase]
OTHER_PATTERNS = (
    "sagemaker:*", "SageMaker:create*", "sagemaker:*Model*", "sagemaker:ListModels", "sage*:Describe*",
    "s3:GetObject", "sagemaker:??*",
)
PLACES = ("role-policy", "inline", "attached", "native-managed")


@st.composite
def split_grants(draw) -> list[list[dict]]:
    """Allow statements in 2-4 pieces: often every letter of SageMaker's actions, sometimes one or two short."""
    left_out = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(LETTERS), min_size=1, max_size=2)))
    patterns = [pattern for pattern in LETTERS if pattern not in left_out]
    patterns += draw(st.lists(st.sampled_from(OTHER_PATTERNS), max_size=2))
    pieces = draw(st.integers(2, 4))
    statements: list[list[dict]] = [[] for _ in range(pieces)]
    # Each pattern goes to one statement of one piece; a piece may hold several statements.
    for pattern in draw(st.permutations(patterns)):
        piece = statements[draw(st.integers(0, pieces - 1))]
        if not piece or draw(st.booleans()):
            piece.append({"Effect": "Allow", "Action": [], "Resource": ENDPOINTS})
        piece[-1]["Action"].append(pattern)
    return [piece for piece in statements if piece]


def document(statements: list[dict]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def stack_of(pieces: list[list[dict]], places: list[str]) -> list[RecordedResource]:
    def new(type_, name, props):
        return RecordedResource.new(type_, name, props, stack="prod", project=PROJECT)

    inline = [{"name": f"inline-{index}", "policy": document(piece)}
              for index, (piece, place) in enumerate(zip(pieces, places, strict=True)) if place == "inline"]
    resources = [new("aws:iam/role:Role", "ml-role", {"name": "ml-role", "inlinePolicies": inline})]
    for index, (piece, place) in enumerate(zip(pieces, places, strict=True)):
        if place == "role-policy":
            resources.append(new("aws:iam/rolePolicy:RolePolicy", f"piece-{index}",
                                 {"role": "ml-role", "policy": document(piece)}))
        elif place == "attached":
            arn = f"arn:aws:iam::{ACCOUNT}:policy/piece-{index}"
            resources.append(new("aws:iam/policy:Policy", f"piece-{index}",
                                 {"name": f"piece-{index}", "arn": arn, "policy": document(piece)}))
            resources.append(new("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f"attach-{index}",
                                 {"role": "ml-role", "policyArn": arn}))
        elif place == "native-managed":
            resources.append(new("aws-native:iam:ManagedPolicy", f"piece-{index}",
                                 {"roles": ["ml-role"], "policyDocument": json.loads(document(piece))}))
    return resources


@hardening(max_examples=30)
@given(pieces=split_grants(), data=st.data())
def test_a_grant_split_across_resources_is_blocked_exactly_when_the_whole_would_be(policy_pack, pieces, data):
    places = [data.draw(st.sampled_from(PLACES)) for _ in pieces]
    resources = stack_of(pieces, places)
    policy_pack.configure_stack("prod", PROJECT)

    whole = policy_pack.analyze("aws:iam/policy:Policy", {"policy": document([s for p in pieces for s in p])})
    expected = SAGEMAKER in verdict(whole)

    per_resource = [policy_pack.analyze_resource(resource) for resource in resources]
    stack = policy_pack.analyze_stack(resources)
    for result in [*per_resource, stack]:
        assert not crash_messages(result)
    blocked_alone = any(SAGEMAKER in verdict(result) for result in per_resource)
    blocked_together = ACROSS in verdict(stack)
    assert (blocked_alone or blocked_together) == expected, (places, pieces)
    # The stack policy only speaks when no resource is blocked on its own.
    assert not (blocked_alone and blocked_together), (places, pieces)
