"""The pack's one-pass reading of a request's properties builds what the SDK's three passes build:
the same proxies over the same values, with the same paths, and the same errors."""

import math

from google.protobuf import struct_pb2
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_policy.deserialize import (
    SPECIAL_ARCHIVE_SIG,
    SPECIAL_ASSET_SIG,
    SPECIAL_SECRET_SIG,
    SPECIAL_SIG_KEY,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, _DictProxy, _ListProxy

from policies.request_properties import DEEPEST_READ_IN_ONE_PASS, request_properties, sdk_request_properties

UNKNOWN_MARKERS = [UNKNOWN_STRING_VALUE, "04da6b54-80e4-46f7-96ec-b56ff0331ba9"]

texts = st.one_of(st.text(max_size=8), st.sampled_from(["", "policy", "0", *UNKNOWN_MARKERS, SPECIAL_SIG_KEY]))
scalars = st.one_of(
    st.none(), st.booleans(), texts,
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**53), 2**53).map(float),
)


def _signed(children):
    """Values under the signature key: assets, archives, secrets and a signature no one knows."""
    return st.one_of(
        st.builds(lambda text: {SPECIAL_SIG_KEY: SPECIAL_ASSET_SIG, "text": text}, texts),
        st.builds(lambda path: {SPECIAL_SIG_KEY: SPECIAL_ARCHIVE_SIG, "path": path}, texts),
        st.builds(lambda value: {SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG, "value": value}, children),
        st.just({SPECIAL_SIG_KEY: "not-a-signature"}),
    )


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(texts, children, max_size=4),
        _signed(children),
    ),
    max_leaves=20,
)


def struct_of(properties: dict) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(properties)
    return struct


def exposed(value):
    """A proxy tree as plain data: each container's kind, its path and its contents."""
    if isinstance(value, _DictProxy):
        return ("dict", list(value._DictProxy__props_acc),
                [(key, exposed(item)) for key, item in value._DictProxy__target.items()])
    if isinstance(value, _ListProxy):
        return ("list", list(value._ListProxy__props_acc), [exposed(item) for item in value._ListProxy__target])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    if hasattr(value, "__dict__"):
        return (type(value).__name__, sorted((key, repr(item)) for key, item in vars(value).items()))
    return (type(value).__name__, value)


def outcome(read, struct):
    try:
        return ("built", exposed(read(struct)))
    except Exception as error:  # noqa: BLE001 - the two readings must fail alike too
        return ("failed", type(error).__name__, str(error))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(texts, values, max_size=5))
def test_one_pass_builds_what_the_sdks_three_passes_build(properties):
    struct = struct_of(properties)
    assert outcome(request_properties, struct) == outcome(sdk_request_properties, struct)


def test_a_role_is_read_in_one_pass_with_the_sdks_paths():
    struct = struct_of({"name": "r", "inlinePolicies": [{"name": "p", "policy": UNKNOWN_STRING_VALUE}],
                        "maxSessionDuration": 3600.0, "forceDetachPolicies": False, "tags": None})
    props = request_properties(struct)
    assert exposed(props) == exposed(sdk_request_properties(struct))
    assert props["maxSessionDuration"] == 3600.0 and props["forceDetachPolicies"] is False
    try:
        props["inlinePolicies"][0]["policy"]
    except UnknownValueError as error:
        assert error.props == ["inlinePolicies", "0", "policy"]
    else:
        raise AssertionError("an unknown value was read without UnknownValueError")


def test_values_the_sdk_turns_into_objects_or_refuses_are_left_to_it():
    asset = struct_of({"policy": {SPECIAL_SIG_KEY: SPECIAL_ASSET_SIG, "text": "{}"}})
    assert type(request_properties(asset)["policy"]).__name__ == "StringAsset"
    infinite = struct_of({"count": math.inf})
    assert outcome(request_properties, infinite)[:2] == ("failed", "ValueError")


def nested_struct(depth: int, in_list: bool) -> struct_pb2.Struct:
    """{"name": "r", "tags": {"k": {"k": ... "x"}}} (or [[... "x"]]), built level by level:
    Struct.update would itself recurse in Python."""
    value = struct_pb2.Value(string_value="x")
    for _ in range(depth):
        outer = struct_pb2.Value()
        if in_list:
            outer.list_value.values.add().CopyFrom(value)
        else:
            outer.struct_value.fields["k"].CopyFrom(value)
        value = outer
    struct = struct_pb2.Struct()
    struct.fields["name"].string_value = "r"
    struct.fields["tags"].CopyFrom(value)
    return struct


def test_values_nested_too_deeply_for_the_sdk_fail_as_they_do_there():
    # The SDK's readers give up near 200 levels; what they cannot read must not be judged here either.
    for depth, in_list in [(DEEPEST_READ_IN_ONE_PASS + 5, False), (150, True), (250, False), (400, True)]:
        struct = nested_struct(depth, in_list)
        ours, sdks = outcome(request_properties, struct), outcome(sdk_request_properties, struct)
        assert ours[:2] == sdks[:2], (depth, in_list)
        if depth < 190:
            assert ours == sdks and ours[0] == "built"
        else:
            assert ours[:2] == ("failed", "RecursionError")
