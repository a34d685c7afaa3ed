"""A request's properties as pulumi-policy hands them to a policy, built in one pass.

The SDK builds them in three: `json_format.MessageToDict` (a generic protobuf printer that asks
each value's descriptor what it is), `deserialize_properties` (a copy that turns assets, archives
and secrets into Python objects) and `unknown_checking_proxy` (a third copy, wrapped in proxies
that raise UnknownValueError). For a role that was a tenth of the pack's time per request.

`request_properties` walks the Struct once and builds the same proxies over the same values. It
takes the common case only: a value the SDK's deserializer would turn into an object (anything
under the signature key), that its printer refuses (an infinite or NaN number) or that is nested
deeper than DEEPEST_READ_IN_ONE_PASS sends the whole request through the SDK's three steps
instead, so those answer exactly as they always have, errors included.
tests/policy_layer/test_request_properties.py compares the two on generated Structs.
"""

import math

from google.protobuf import json_format
from pulumi_policy.deserialize import SPECIAL_SIG_KEY, deserialize_properties
from pulumi_policy.proxy import _DictProxy, _ListProxy, unknown_checking_proxy

# The SDK's readers recurse four or five frames per level and give up (RecursionError) near 200
# levels; values nested deeper than this go through them, so they fail, or not, as they always have.
DEEPEST_READ_IN_ONE_PASS = 64


class _LeftToTheSdk(Exception):
    """A value the one-pass reading does not take."""


def request_properties(struct):
    """What `unknown_checking_proxy(deserialize_properties(MessageToDict(struct)))` returns."""
    try:
        return _proxied_struct(struct, [])
    except _LeftToTheSdk:
        return sdk_request_properties(struct)


def sdk_request_properties(struct):
    return unknown_checking_proxy(deserialize_properties(json_format.MessageToDict(struct)))


def _proxied_struct(struct, path: list) -> _DictProxy:
    fields = struct.fields
    if SPECIAL_SIG_KEY in fields:
        raise _LeftToTheSdk
    target = {}
    for key in fields:
        target[key] = _proxied_value(fields[key], path, key)
    return _DictProxy(target, path)


def _proxied_value(value, path: list, step):
    # Each container's proxy keeps its own path, as the SDK's does: its UnknownValueError names it.
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if len(path) >= DEEPEST_READ_IN_ONE_PASS:
        raise _LeftToTheSdk
    if kind == "struct_value":
        return _proxied_struct(value.struct_value, [*path, str(step)])
    if kind == "list_value":
        inner = [*path, str(step)]
        return _ListProxy([_proxied_value(item, inner, index) for index, item in enumerate(value.list_value.values)],
                          inner)
    if kind == "bool_value":
        return value.bool_value
    if kind == "number_value":
        number = value.number_value
        if not math.isfinite(number):
            raise _LeftToTheSdk
        return number
    return None
