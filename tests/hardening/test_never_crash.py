"""Never crash, never hang: any property bag the engine can send gets an answer.

"An answer" means: the Analyze call returns (no gRPC error), no diagnostic says the pack hit an
internal error (the pack reports its own exceptions that way instead of raising into the SDK),
and the pack process is still alive afterwards. Where the input is not a readable document, the
answer must also block: a malformed document is a mandatory finding, never a silent allow.
"""

import json

import pytest
from google.protobuf import struct_pb2
from hypothesis import given
from hypothesis import strategies as st

from policies.document_sources import DOCUMENT_LOCATIONS, DocumentKind
from stackcheck.resources import make_urn
from stackcheck.values import secret
from stackcheck.wire import proto

from .protocol import (
    PREVIEW_MARKER,
    PROJECT,
    SAGEMAKER,
    SCOPED,
    STACKS,
    TRUST,
    hardening,
    judge,
    judge_request,
    messages,
    verdict,
)
from .strategies import (
    MAX_STRUCT_DEPTH,
    UNKNOWNS,
    document_values,
    hostile_numbers,
    hostile_property_bags,
    hostile_strings,
    object_documents,
    planted,
    text_documents,
    valid_documents,
)

RESOURCE_TYPES = sorted(DOCUMENT_LOCATIONS)
# Every place a trust or permission document lives: (resource type, Location).
DOCUMENT_PLACES = [
    (resource_type, location)
    for resource_type, locations in sorted(DOCUMENT_LOCATIONS.items())
    for location in locations
    if location.kind is not DocumentKind.ATTACHMENT
]


def place_ids(place) -> str:
    resource_type, location = place
    return f"{resource_type}:{location.path}"


def put(path: str, value) -> dict:
    """The property bag holding `value` at `path` (`a`, `a[]` or `a[].b`)."""
    step, _, rest = path.partition(".")
    inner = put(rest, value) if rest else value
    return {step.removesuffix("[]"): [inner] if step.endswith("[]") else inner}


def rules_reading(kind: DocumentKind, stack: str) -> frozenset[str]:
    """The policies that must block a malformed document of this kind on this stack."""
    if kind is DocumentKind.TRUST:
        return frozenset({TRUST})
    return frozenset({SAGEMAKER, SCOPED}) if stack == "prod" else frozenset({SCOPED})


# --- Hostile property bags, over every resource type the pack reads --------------------------


@pytest.mark.parametrize("resource_type", RESOURCE_TYPES)
@hardening(max_examples=12)
@given(data=st.data())
def test_hostile_property_bags_get_an_answer(policy_pack, resource_type, data):
    props = data.draw(hostile_property_bags(resource_type), label="props")
    stack = data.draw(st.sampled_from(STACKS), label="stack")
    judge(policy_pack, resource_type, props, stack=stack)


@hardening(max_examples=80)
@given(place=st.sampled_from(DOCUMENT_PLACES), document=text_documents(), stack=st.sampled_from(STACKS))
def test_hostile_json_text_gets_an_answer(policy_pack, place, document, stack):
    resource_type, location = place
    judge(policy_pack, resource_type, put(location.path, document), stack=stack)


@hardening(max_examples=60)
@given(place=st.sampled_from(DOCUMENT_PLACES), document=object_documents(), stack=st.sampled_from(STACKS))
def test_hostile_document_objects_get_an_answer(policy_pack, place, document, stack):
    resource_type, location = place
    judge(policy_pack, resource_type, put(location.path, document), stack=stack)


@hardening(max_examples=30)
@given(place=st.sampled_from(DOCUMENT_PLACES), document=document_values())
def test_secret_wrapped_hostile_documents_get_an_answer(policy_pack, place, document):
    resource_type, location = place
    judge(policy_pack, resource_type, put(location.path, secret(document)))


# --- Inputs that crashed or could crash a recursive or numeric reader ------------------------


ELEMENT_POSITIONS = ("Sid", "Effect", "Action", "NotAction", "Resource", "Principal.AWS", "Principal.Service",
                     "Principal.Federated", "Condition.operator", "Condition.key", "Condition.value", "element")


def with_value_at(position: str, value) -> dict:
    """A mostly valid statement with `value` at `position` (a string goes wherever a string can)."""
    statement = {"Sid": "S", "Effect": "Allow", "Action": ["sts:AssumeRole", "sagemaker:InvokeEndpoint"],
                 "Resource": "arn:aws:s3:::b/k", "Principal": {"AWS": "210987654321"},
                 "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}
    if position == "NotAction":
        del statement["Action"]
        statement["NotAction"] = value
    elif position.startswith("Principal."):
        statement["Principal"] = {position.split(".")[1]: value}
    elif position == "Condition.operator":
        statement["Condition"] = {value if isinstance(value, str) else "StringEquals": {"sts:ExternalId": value}}
    elif position == "Condition.key":
        statement["Condition"] = {"StringEquals": {value if isinstance(value, str) else "k": "a1b2c3"}}
    elif position == "Condition.value":
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": value, "aws:SourceAccount": [value, value]}}
    elif position == "element":
        statement[value if isinstance(value, str) else "x"] = value
    else:
        statement[position] = value
    return {"Version": "2012-10-17", "Statement": [statement]}


@hardening(max_examples=40)
@given(position=st.sampled_from(ELEMENT_POSITIONS), value=hostile_strings(with_surrogates=True),
       place=st.sampled_from(DOCUMENT_PLACES), stack=st.sampled_from(STACKS))
def test_any_string_in_any_element_of_json_text_gets_an_answer(policy_pack, position, value, place, stack):
    """Every element a finding may quote, holding any Unicode: lone surrogates included, which JSON
    text can spell as escapes although no protobuf string can carry them."""
    resource_type, location = place
    text = json.dumps(with_value_at(position, value), ensure_ascii=True)
    judge(policy_pack, resource_type, put(location.path, text), stack=stack)


@hardening(max_examples=30)
@given(position=st.sampled_from(("Condition.value", "Sid", "Effect", "Action", "Principal.AWS")),
       value=hostile_numbers(text_form=True), place=st.sampled_from(DOCUMENT_PLACES), stack=st.sampled_from(STACKS))
def test_any_number_in_json_text_gets_an_answer(policy_pack, position, value, place, stack):
    """JSON text may spell any number, past a double's range included; condition values are where
    numbers are legal and get turned into text."""
    resource_type, location = place
    text = json.dumps(with_value_at(position, value))
    judge(policy_pack, resource_type, put(location.path, text), stack=stack)


def deep_value(depth: int, as_list: bool) -> struct_pb2.Value:
    """A Struct value nested `depth` levels, built bottom-up as protobuf messages, so that the depth
    sent does not depend on how deep the client's recursive Struct.update can go."""
    value = struct_pb2.Value(string_value="sagemaker:*")
    for _ in range(depth):
        outer = struct_pb2.Value()
        if as_list:
            outer.list_value.values.add().CopyFrom(value)
        else:
            outer.struct_value.fields["Statement"].CopyFrom(value)
        value = outer
    return value


def deep_request(resource_type: str, path: str, value: struct_pb2.Value, stack: str = "prod"):
    request = proto().AnalyzeRequest(type=resource_type, urn=make_urn(stack, PROJECT, resource_type, "deep"),
                                     name="deep")
    steps = path.split(".")
    holder = request.properties
    for index, step in enumerate(steps):
        name = step.removesuffix("[]")
        last = index == len(steps) - 1
        if step.endswith("[]"):
            element = holder.fields[name].list_value.values.add()
            if last:
                element.CopyFrom(value)
            else:
                holder = element.struct_value
        elif last:
            holder.fields[name].CopyFrom(value)
        else:
            holder = holder.fields[name].struct_value
    return request


@pytest.mark.parametrize("as_list", [False, True], ids=["maps", "lists"])
@pytest.mark.parametrize("place", DOCUMENT_PLACES, ids=place_ids)
def test_struct_nesting_as_deep_as_the_wire_carries(policy_pack, place, as_list):
    resource_type, location = place
    for where in ("document", "statement"):
        value = deep_value(MAX_STRUCT_DEPTH, as_list)
        if where == "statement":
            document = struct_pb2.Value()
            document.struct_value.fields["Statement"].CopyFrom(value)
            value = document
        result = judge_request(policy_pack, deep_request(resource_type, location.path, value))
        expected = rules_reading(location.kind, "prod")
        assert expected <= verdict(result), messages(result)


@pytest.mark.parametrize("depth", [1, 100, 300, 325, 400, 600, 900, 970, 1_000, 5_000, 100_000])
@pytest.mark.parametrize("kind", [DocumentKind.TRUST, DocumentKind.IDENTITY], ids=["trust", "permission"])
def test_deeply_nested_json_text_is_a_malformed_document(policy_pack, kind, depth):
    """JSON text is one string on the wire, so its nesting is bounded by nothing but its length.
    Every depth must come back as a malformed document, whichever reader gives up first."""
    nesting = "[" * depth + "]" * depth
    resource_type, props = (
        ("aws:iam/role:Role", {"assumeRolePolicy": '{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", '
                                                   '"Principal": {"Service": ' + nesting + "}}}"})
        if kind is DocumentKind.TRUST
        else ("aws:iam/policy:Policy", {"policy": '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", '
                                                  '"Resource": "arn:aws:s3:::b/k", "Sid": ' + nesting + "}]}"})
    )
    result = judge(policy_pack, resource_type, props)
    assert rules_reading(kind, "prod") <= verdict(result), messages(result)


HUGE_NUMBERS = ["1" + "0" * 309, "-" + "9" * 400, "1" + "0" * 4_000, "1e400", "-1e400", "123456789012.5"]


@pytest.mark.parametrize("number", HUGE_NUMBERS, ids=lambda n: f"{n[:6]}..len{len(n)}")
def test_numbers_past_a_double_in_json_text_get_an_answer(policy_pack, number):
    """JSON text may spell any integer; condition values are where the pack turns numbers into text."""
    trust = (
        '{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": '
        '"sagemaker.amazonaws.com"}, "Condition": {"StringEquals": {"aws:SourceAccount": ' + number + "}}}}"
    )
    permission = (
        '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k", '
        '"Condition": {"NumericLessThan": {"s3:max-keys": [' + number + "]}}}}"
    )
    judge(policy_pack, "aws:iam/role:Role", {"assumeRolePolicy": trust})
    result = judge(policy_pack, "aws:iam/policy:Policy", {"policy": permission})
    assert not verdict(result), messages(result)


SURROGATE_DOCUMENTS = {
    "effect": '{"Statement": {"Effect": "\\ud800", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}}',
    "action": '{"Statement": {"Effect": "Allow", "Action": "sagemaker:\\udfff*", "Resource": "arn:aws:s3:::b/k"}}',
    "resource": '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "\\ud800"}}',
    "element-name": '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k", '
                    '"\\ud83d": 1}}',
    "principal": '{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "\\udc00"}}}',
}


@pytest.mark.parametrize("where", sorted(SURROGATE_DOCUMENTS))
def test_lone_surrogate_escapes_in_json_text_get_an_answer(policy_pack, where):
    """`\\ud800` is legal JSON text and decodes to a string that is not valid Unicode; a finding that
    quotes it back must still be deliverable over gRPC (protobuf strings must be UTF-8)."""
    text = SURROGATE_DOCUMENTS[where]
    judge(policy_pack, "aws:iam/role:Role", {"assumeRolePolicy": text})
    result = judge(policy_pack, "aws:iam/policy:Policy", {"policy": text})
    assert SCOPED in verdict(result), messages(result)


def test_strings_of_every_script_and_length_get_an_answer(policy_pack):
    for text in ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ مرحبا \u200b\u202e", "\x00\x01\x7f", "é" * 200_000, "*" * 300_000, "?" * 5_000):
        # (A long run of "*" as an *action* is a cost problem of its own: test_bounded_cost.py.)
        document = json.dumps({"Statement": {"Sid": text, "Effect": "Allow", "Action": ["s3:GetObject", text[:50]],
                                             "Resource": [text, "arn:aws:s3:::b/" + text]}}, ensure_ascii=False)
        result = judge(policy_pack, "aws:iam/policy:Policy", {"policy": document})
        assert SCOPED in verdict(result), messages(result)


# --- Unreadable input is a mandatory finding, never a silent allow ---------------------------


@hardening(max_examples=40)
@given(place=st.sampled_from(DOCUMENT_PLACES), document=valid_documents(), cut=st.floats(0.0, 0.999),
       stack=st.sampled_from(STACKS))
def test_truncated_json_is_a_mandatory_finding(policy_pack, place, document, cut, stack):
    resource_type, location = place
    text = json.dumps(document)
    truncated = text[: max(1, int(len(text) * cut))]
    result = judge(policy_pack, resource_type, put(location.path, truncated), stack=stack)
    assert rules_reading(location.kind, stack) <= verdict(result), messages(result)


NOT_DOCUMENTS = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.text(min_size=1, max_size=40).filter(lambda t: not t.lstrip().startswith("{")),
    # `{"Statement": []}` is not here: it is a document, one that grants nothing (tests/pack/test_attachment_notes.py).
    st.sampled_from(["[]", "null", "1", '"Statement"', "{}", '{"Statement": null}', '{"Statement": "*"}',
                     '{"statement": {}}']),
)


@hardening(max_examples=40)
@given(place=st.sampled_from(DOCUMENT_PLACES), value=NOT_DOCUMENTS, stack=st.sampled_from(STACKS))
def test_a_value_that_is_not_a_document_is_a_mandatory_finding(policy_pack, place, value, stack):
    resource_type, location = place
    result = judge(policy_pack, resource_type, put(location.path, value), stack=stack)
    assert rules_reading(location.kind, stack) <= verdict(result), messages(result)


def _preview_notes(result, policy: str) -> list[str]:
    return [d.message for d in result.advisory if d.policy_name == policy and PREVIEW_MARKER in d.message]


@hardening(max_examples=30)
@given(place=st.sampled_from(DOCUMENT_PLACES), data=st.data(), stack=st.sampled_from(STACKS))
def test_an_unknown_anywhere_in_a_document_is_never_silent(policy_pack, place, data, stack):
    """During preview a document with an unknown inside cannot be judged: each rule that reads it says
    so (the SDK's advisory), and judges it once `pulumi up` knows the value."""
    resource_type, location = place
    document = data.draw(valid_documents(), label="document")
    document = data.draw(planted(document, st.sampled_from(UNKNOWNS)), label="with unknown")
    result = judge(policy_pack, resource_type, put(location.path, document), stack=stack, preview=True)
    for policy in rules_reading(location.kind, "prod"):
        assert _preview_notes(result, policy) or policy in verdict(result), messages(result)


@hardening(max_examples=20)
@given(place=st.sampled_from(DOCUMENT_PLACES), data=st.data())
def test_an_unknown_anywhere_is_mandatory_under_strict_preview(policy_pack, place, data):
    resource_type, location = place
    document = data.draw(valid_documents(), label="document")
    document = data.draw(planted(document, st.sampled_from(UNKNOWNS)), label="with unknown")
    policy_pack.configure({rule: {"strictPreview": True} for rule in (TRUST, SAGEMAKER, SCOPED)})
    try:
        for stack in STACKS:
            result = judge(policy_pack, resource_type, put(location.path, document), stack=stack, preview=True)
            assert rules_reading(location.kind, "prod") <= verdict(result), messages(result)
    finally:
        policy_pack.configure(None)
