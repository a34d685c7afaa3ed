"""Hands advisory findings from the rule policies to the advisories policy in the same request.

The SDK fixes one enforcement level per policy, so a mandatory rule cannot itself emit an
advisory diagnostic. Instead each rule leaves its advisory findings here and the advisories
policy, which runs last in every Analyze request, reports them. gRPC runs a request on one
thread from start to end, so the channel is per thread.
"""

import threading

from .findings import Finding

_local = threading.local()


def post(urn: str, order: int, findings: list[Finding]) -> None:
    """Leave findings from the rule at position `order` for resource `urn`.

    A new request starts with a lower (or equal) position than the last one posted, which is
    how stale findings from a request whose advisories policy was disabled get dropped.
    """
    if getattr(_local, "urn", None) != urn or getattr(_local, "order", -1) >= order:
        _local.findings = []
    _local.urn = urn
    _local.order = order
    _local.findings.extend(findings)


def take(urn: str) -> list[Finding]:
    if getattr(_local, "urn", None) != urn:
        return []
    findings = _local.findings
    _local.findings = []
    _local.order = -1
    _local.urn = None
    return findings
