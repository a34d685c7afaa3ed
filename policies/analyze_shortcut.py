"""Analyze skips the policies that read nothing of a resource's type.

Each of the pack's resource policies judges only the kinds of IAM document it reads (a rule's
`reads`) and returns at once for a type that has none of them. Before it can, pulumi-policy converts
the request's properties and builds the policy's arguments. So for a type no policy reads (in a
real stack most resources: buckets, endpoints, functions) Analyze answers at once, with no
diagnostics; and for the others the SDK passes over each rule that reads none of the type's kinds
(the trust rule for an attachment) as it passes over a disabled policy.
"""

from functools import lru_cache

from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel

from .analyze_calls import current_request
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind
from .servicer_hooks import hook_servicer_method

# The kinds of document each rule's policy reads; a policy not listed (the advisories policy) reads all.
_READS: dict[str, frozenset[DocumentKind]] = {}


def register_reads(policy_name: str, kinds: frozenset[DocumentKind]) -> None:
    _READS[policy_name] = kinds
    _reads_nothing_of.cache_clear()


def answer_types_nothing_reads(servicer_class=None) -> bool:
    """Have the SDK's Analyze handler answer at once for types no policy reads; True once installed."""
    return hook_servicer_method("Analyze", _answering_at_once, servicer_class)


def _answering_at_once(handler):
    def analyze(self, request, context):
        if request.type not in DOCUMENT_LOCATIONS:
            return proto.AnalyzeResponse()
        return handler(self, request, context)

    return analyze


def skip_policies_that_read_nothing_of_the_type(servicer_class=None) -> bool:
    """Have the SDK pass over, within an Analyze call, a policy that reads nothing of the request's
    type; True once installed. Elsewhere (AnalyzeStack, the policy's info) its level is untouched."""
    return hook_servicer_method("_get_enforcement_level", _skipping, servicer_class)


def _skipping(enforcement_level_of):
    def enforcement_level(self, policy):
        request = current_request()
        if request is not None and _reads_nothing_of(policy.name, request.type):
            return EnforcementLevel.DISABLED
        return enforcement_level_of(self, policy)

    return enforcement_level


@lru_cache(maxsize=512)
def _reads_nothing_of(policy_name: str, resource_type: str) -> bool:
    reads = _READS.get(policy_name)
    kinds = {location.kind for location in DOCUMENT_LOCATIONS.get(resource_type, ())}
    return reads is not None and reads.isdisjoint(kinds)
