"""Conversions between plain Python values / RecordedResource and the analyzer protobuf messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .resources import RecordedResource
from .values import downgrade_resource_references


def proto():
    """The analyzer protobuf module (imported on first use: it pulls in the Pulumi SDK)."""
    from pulumi.runtime.proto import analyzer_pb2

    return analyzer_pb2


def to_struct(properties: Any):
    """A protobuf Struct from a mapping (an existing Struct is passed through unchanged)."""
    from google.protobuf import struct_pb2

    if isinstance(properties, struct_pb2.Struct):
        return properties
    struct = struct_pb2.Struct()
    if properties:
        struct.update(_plain(properties))
    return struct


def from_struct(struct) -> dict[str, Any]:
    from google.protobuf import json_format

    return json_format.MessageToDict(struct)


def _plain(value: Any) -> Any:
    # Struct.update() rejects tuples nested in dicts and any non-str key; normalise what we can so
    # callers can pass ordinary Python data.
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def options_message(options: Mapping[str, Any] | None):
    """AnalyzerResourceOptions from a dict using the proto's field names."""
    message = proto().AnalyzerResourceOptions()
    options = dict(options or {})
    timeouts = options.pop("customTimeouts", None)
    for key, value in options.items():
        field = message.DESCRIPTOR.fields_by_name.get(key)
        if field is None:
            raise ValueError(f"unknown resource option {key!r}")
        if field.label == field.LABEL_REPEATED:
            getattr(message, key).extend(value or [])
        else:
            setattr(message, key, value)
    if timeouts:
        message.customTimeouts.CopyFrom(proto().AnalyzerResourceOptions.CustomTimeouts(**timeouts))
    return message


def provider_message(provider: RecordedResource | Mapping[str, Any] | None, *, use_outputs: bool = False):
    if provider is None:
        return None
    if isinstance(provider, RecordedResource):
        properties = provider.state if use_outputs else provider.inputs
        return proto().AnalyzerProviderResource(
            type=provider.type,
            properties=to_struct(downgrade_resource_references(properties)),
            urn=provider.urn,
            name=provider.name,
        )
    fields = dict(provider)
    fields["properties"] = to_struct(fields.get("properties"))
    return proto().AnalyzerProviderResource(**fields)


def _resource_options(resource: RecordedResource) -> dict[str, Any]:
    options = dict(resource.options)
    if resource.parent:
        options.setdefault("parent", resource.parent)
    return options


def _identity_fields(resource: RecordedResource, properties: Mapping[str, Any]) -> dict[str, Any]:
    """What AnalyzeRequest and AnalyzerResource both say of a resource."""
    return {
        "type": resource.type,
        "properties": to_struct(downgrade_resource_references(properties)),
        "urn": resource.urn,
        "name": resource.name,
        "options": options_message(_resource_options(resource)),
    }


def analyze_request(resource: RecordedResource, provider: RecordedResource | None = None):
    """The AnalyzeRequest the engine sends for one resource: its inputs."""
    request = proto().AnalyzeRequest(**_identity_fields(resource, resource.inputs))
    if provider is not None:
        request.provider.CopyFrom(provider_message(provider))
    return request


def analyzer_resource(resource: RecordedResource, provider: RecordedResource | None = None):
    """The AnalyzerResource the engine sends in AnalyzeStack: the resource's final state."""
    message = proto().AnalyzerResource(
        **_identity_fields(resource, resource.state),
        parent=resource.parent,
        dependencies=list(resource.dependencies),
    )
    for key, urns in resource.property_dependencies.items():
        message.propertyDependencies[key].urns.extend(urns)
    if provider is not None:
        message.provider.CopyFrom(provider_message(provider, use_outputs=True))
    return message


def enforcement_level_name(value: int) -> str:
    """"mandatory", "advisory", ... from the proto enum value."""
    return proto().EnforcementLevel.Name(value).lower()


def enforcement_level_value(name: str) -> int:
    return proto().EnforcementLevel.Value(name.upper())


def severity_name(value: int) -> str:
    """"low" ... "critical", or "" when the policy did not set one."""
    name = proto().PolicySeverity.Name(value)
    return "" if name.endswith("UNSPECIFIED") else name.removeprefix("POLICY_SEVERITY_").lower()


def policy_type_name(value: int) -> str:
    name = proto().PolicyType.Name(value)
    return "" if name.endswith("UNKNOWN") else name.removeprefix("POLICY_TYPE_").lower()
