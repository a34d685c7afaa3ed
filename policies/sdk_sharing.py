"""One copy of a request's properties for every policy of the pack, instead of one per policy.

pulumi-policy's Analyze loop converts the request's properties (protobuf Struct -> dict ->
deserialized values -> unknown-checking proxy) again for each policy, although the input and
the result are the same each time. With four policies that was a quarter of the pack's time per
resource (bench/RESULTS.md). `share_request_properties()` makes the three conversion steps the
SDK looks up in its module remember their last few calls per thread: called again with the very
same object, each returns its previous result. The policies of this pack only read the properties,
so handing them one shared proxy changes nothing they can see.

It also lets the pack recognise "the same request" cheaply: policies that see the identical
`args.props` object are judging the same request (`document_sources.resource_documents`).

If a future pulumi-policy no longer calls these names, nothing is replaced and the SDK's own
behaviour stays; tests/pack proves the pack gives the same answers either way.
"""

import types

from google.protobuf import json_format
from pulumi_policy import policy as sdk_policy

from .recent_calls import remember_recent_calls

_CONVERSIONS = ("deserialize_properties", "unknown_checking_proxy")


def share_request_properties(sdk=sdk_policy) -> bool:
    """Install the sharing into the SDK module; True when it is (or already was) in place."""
    if getattr(sdk, "_guardrails_sharing", False):
        return True
    if getattr(sdk, "json_format", None) is not json_format or not all(
        callable(getattr(sdk, name, None)) for name in _CONVERSIONS
    ):
        return False
    # A private copy of json_format for the SDK alone: other users of protobuf keep the original.
    shared_json_format = types.ModuleType(json_format.__name__)
    shared_json_format.__dict__.update(json_format.__dict__)
    shared_json_format.MessageToDict = remember_recent_calls(json_format.MessageToDict)
    sdk.json_format = shared_json_format
    for name in _CONVERSIONS:
        setattr(sdk, name, remember_recent_calls(getattr(sdk, name)))
    sdk._guardrails_sharing = True
    return True
