"""Engine-shaped property values: how unknowns, secrets and resource references look on the wire.

The constants come from the policy SDK (the side that decodes them), imported lazily so that
`import stackcheck` stays cheap.
"""

from __future__ import annotations

from typing import Any

UNKNOWN_KINDS = ("string", "number", "boolean", "array", "object", "asset", "archive")

# Pulumi's signature for resource references; the policy SDK cannot decode them, and the engine
# downgrades them to plain IDs/URNs before it calls an analyzer.
_RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"


def unknown(kind: str = "string") -> str:
    """The sentinel the engine sends for a value that is not known yet during preview."""
    from pulumi_policy import proxy

    if kind not in UNKNOWN_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(UNKNOWN_KINDS)}")
    return getattr(proxy, f"UNKNOWN_{kind.upper()}_VALUE")


def unknown_sentinels() -> frozenset[str]:
    return frozenset(unknown(kind) for kind in UNKNOWN_KINDS)


def secret(value: Any) -> dict[str, Any]:
    """Wrap a value the way the engine marks a secret property."""
    from pulumi_policy import deserialize

    return {deserialize.SPECIAL_SIG_KEY: deserialize.SPECIAL_SECRET_SIG, "value": value}


def is_secret(value: Any) -> bool:
    from pulumi_policy import deserialize

    return isinstance(value, dict) and value.get(deserialize.SPECIAL_SIG_KEY) == deserialize.SPECIAL_SECRET_SIG


def reveal(value: Any) -> Any:
    """Strip every secret marker, recursively: what a policy sees once the SDK decodes a bag."""
    if is_secret(value):
        return reveal(value.get("value"))
    if isinstance(value, dict):
        return {key: reveal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [reveal(item) for item in value]
    return value


def downgrade_resource_references(value: Any) -> Any:
    """Replace resource references with the resource's ID (custom) or URN (component), as the
    engine does for analyzers; the policy SDK raises on the reference signature otherwise."""
    from pulumi_policy import deserialize

    if isinstance(value, dict):
        if value.get(deserialize.SPECIAL_SIG_KEY) == _RESOURCE_REFERENCE_SIG:
            return value.get("id") or value.get("urn", "")
        return {key: downgrade_resource_references(item) for key, item in value.items()}
    if isinstance(value, list):
        return [downgrade_resource_references(item) for item in value]
    return value
