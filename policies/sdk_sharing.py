"""One copy of a request's properties for every policy of the pack, instead of one per policy.

pulumi-policy's Analyze loop converts the request's properties (protobuf Struct -> dict ->
deserialized values -> unknown-checking proxy) again for each policy, although the input and
the result are the same each time. With four policies that was a quarter of the pack's time per
resource (bench/RESULTS.md). `share_request_properties()` makes the three conversion steps the
SDK looks up in its module remember their last few calls per thread: called again with the very
same object, each returns its previous result. The policies of this pack only read the properties,
so handing them one shared proxy changes nothing they can see.

The loop also reads the request's resource options and provider again for each policy; those
answers are shared for the length of one Analyze call (`analyze_calls.once_per_call`). And the
SDK asks `inspect.isawaitable` of every policy's result, which for our policies is always None.

It also lets the pack recognise "the same request" cheaply: policies that see the identical
`args.props` object are judging the same request (`document_sources.resource_documents`).

If a future pulumi-policy no longer calls these names, nothing is replaced and the SDK's own
behaviour stays; tests/pack proves the pack gives the same answers either way.
"""

import inspect
import types

from google.protobuf import json_format
from pulumi_policy import policy as sdk_policy

from .analyze_calls import number_analyze_calls, once_per_call
from .recent_calls import remember_recent_calls

_CONVERSIONS = ("deserialize_properties", "unknown_checking_proxy")
_PER_REQUEST_READINGS = ("_get_resource_options", "_get_provider_resource")


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
    if getattr(sdk, "isawaitable", None) is inspect.isawaitable:
        sdk.isawaitable = _isawaitable
    servicer = getattr(sdk, "_PolicyAnalyzerServicer", None)
    if servicer is not None:
        _share_within_each_call(servicer)
    sdk._guardrails_sharing = True
    return True


def _isawaitable(value) -> bool:
    return value is not None and inspect.isawaitable(value)


def _share_within_each_call(servicer) -> None:
    if not all(callable(getattr(servicer, name, None)) for name in _PER_REQUEST_READINGS):
        return
    if not number_analyze_calls(servicer):  # what tells one call from the next
        return
    for name in _PER_REQUEST_READINGS:
        setattr(servicer, name, _read_once_per_call(getattr(servicer, name)))


def _read_once_per_call(reading):
    def shared(self, request):
        return once_per_call(request, reading, reading, self, request)

    shared.__wrapped__ = reading
    return shared
