"""Hands advisory findings from the rule policies to the advisories policy in the same request.

The SDK fixes one enforcement level per policy, so a mandatory rule cannot itself emit an
advisory diagnostic. Instead each rule leaves its advisory findings here and the advisories
policy, which runs last in every Analyze request, reports them. gRPC runs a request on one
thread from start to end, so the channel is per thread.
"""

import threading

from .analyze_calls import current_call
from .findings import Finding

_local = threading.local()


def post(urn: str, documents: int, order: int, findings: list[Finding]) -> None:
    """Leave findings from the rule at position `order` for resource `urn`, whose documents have
    the fingerprint `documents`.

    Findings left by a request whose advisories policy did not run must not leak into the next
    one. A new request is recognised by the number of the Analyze call (`analyze_calls`), by another
    resource or other documents, or by a position that is not past the last one posted (policies
    run in pack order within a request).
    """
    request = (current_call(), urn, documents)
    if getattr(_local, "request", None) != request or getattr(_local, "order", -1) >= order:
        _local.findings = []
    _local.request = request
    _local.order = order
    _local.findings.extend(findings)


def take(urn: str, documents: int) -> list[Finding]:
    if getattr(_local, "request", None) != (current_call(), urn, documents):
        return []
    findings = _local.findings
    _local.findings = []
    _local.order = -1
    _local.request = None
    return findings
