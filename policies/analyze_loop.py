"""The pack's Analyze: pulumi-policy's loop over the resource policies, with a request's common
work done once instead of once per policy.

pulumi-policy's Analyze converts the request's properties (protobuf Struct -> dict -> deserialized
values -> unknown-checking proxy) and reads its resource options and provider again for every
policy, although for one request the answer is the same each time; with the pack's four resource
policies that was a quarter of its time per resource (bench/RESULTS.md). The pack's policies only
read the properties, so one shared copy changes nothing they can see.

So the handler is replaced by this loop. It asks the SDK's own methods for each policy's level,
config and violation reporter, and answers with the SDK's diagnostics in the SDK's order. It
differs in these ways, none of which a resource policy can tell:
- a type no policy reads (`DOCUMENT_LOCATIONS`: most of a real stack) is answered at once, empty,
  even when its properties are ones the SDK's conversion would fail on;
- a policy that reads none of the type's kinds of document (the trust rule for an attachment)
  is passed over like a disabled one;
- the properties, options and provider are converted once, and every policy gets the same objects
  (which is also how `document_sources.resource_documents` knows it is the same request); the
  properties, the provider's too, are read in one pass instead of the SDK's three
  (`request_properties`);
- Pulumi's runtime settings and config are not re-applied from the environment on every call:
  under the CLI's environment (PULUMI_PROJECT, PULUMI_STACK, PULUMI_DRY_RUN, PULUMI_CONFIG) the
  SDK's `_configure_runtime_settings` costs ~40–60 µs a request in-process (it parses the config
  JSON, inspects a signature and builds a Settings each time, into a context gRPC discards after
  the call), and the pack's policies read neither: they read the request and
  the pack's config (tests/policy_layer/test_analyze_loop.py pins that no module of `policies`
  imports Pulumi's runtime);
- a principal's own documents are remembered for the stack policy (`analyzed_principals`) by the
  loop itself, whichever policies run (the stack policy can tell: with the SDK's loop, a principal
  no running rule reads is judged on its outputs).

GUARDRAILS_SDK_ANALYZE=1 keeps the SDK's own loop; tests/pack/test_analyze_loop.py sends every rule
case both ways and demands the same answers. If a pulumi-policy release lacks what the loop calls
(requirements.txt pins the one it was written for), the SDK's loop stays as well.
"""

import asyncio
import os
from functools import lru_cache
from inspect import isawaitable

from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy
from pulumi_policy import policy as sdk_policy
from pulumi_policy.proxy import UnknownValueError

from . import analyzed_principals
from .analyze_calls import numbered_call
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind, resource_documents
from .principal_links import PRINCIPAL_TYPES
from .request_properties import request_properties
from .servicer_hooks import hook_servicer_method

# The kinds of document each rule's policy reads; a policy not listed (the advisories policy) reads all.
_READS: dict[str, frozenset[DocumentKind]] = {}

# What the loop needs of the servicer; its state is private to the SDK's class, hence the mangled names.
_SERVICER_METHODS = ("_get_enforcement_level", "_create_report_violation", "_get_resource_options",
                     "_get_policy_config", "_map_enforcement_level")
_STATE = "_PolicyAnalyzerServicer__"
_MISSING = object()


def register_reads(policy_name: str, kinds: frozenset[DocumentKind]) -> None:
    _READS[policy_name] = kinds
    _reads_nothing_of.cache_clear()


def install(servicer_class=None) -> bool:
    """Replace the SDK's Analyze handler with the pack's loop; True once in place (or deliberately
    left out by GUARDRAILS_SDK_ANALYZE=1), False when the SDK lacks what the loop calls."""
    if os.environ.get("GUARDRAILS_SDK_ANALYZE") == "1":
        return True
    servicer_class = servicer_class or getattr(sdk_policy, "_PolicyAnalyzerServicer", None)
    if not all(callable(getattr(servicer_class, name, None)) for name in _SERVICER_METHODS):
        return False
    if not all(hasattr(sdk_policy, name)
               for name in ("ResourceValidationArgs", "_NotApplicableError", "PolicyProviderResource")):
        return False
    return hook_servicer_method("Analyze", _pack_loop, servicer_class)


def _pack_loop(handler):
    def analyze(self, request, context):
        if request.type not in DOCUMENT_LOCATIONS:
            return proto.AnalyzeResponse()
        state = [getattr(self, _STATE + name, _MISSING)
                 for name in ("policies", "policy_pack_name", "policy_pack_version", "stack_tags")]
        if _MISSING in state:
            return handler(self, request, context)
        with numbered_call():
            return _analyze(self, request, *state)

    return analyze


def _analyze(servicer, request, policies, pack_name: str, pack_version: str, stack_tags):
    response = proto.AnalyzeResponse()
    shared = None
    if request.type in PRINCIPAL_TYPES:
        # The stack policy reads a principal's own documents as Analyze saw them, whichever of the
        # rules run; the SDK's loop leaves that to the rules (policy_factory.review), and with the
        # rules that read identity documents disabled the trust rule alone is not called here.
        shared = _convert(servicer, request)
        _remember_principal(request, shared[0])
    for policy in policies:
        if not isinstance(policy, ResourceValidationPolicy) or _reads_nothing_of(policy.name, request.type):
            continue
        level = servicer._get_enforcement_level(policy)
        if level == EnforcementLevel.DISABLED:
            continue
        if not policy.has_validation():
            response.not_applicable.append(
                proto.PolicyNotApplicable(policy_name=policy.name, reason="Policy does not implement validate"))
            continue
        if level == EnforcementLevel.REMEDIATE:
            # As the SDK does: a violation left after a remediation is reported as mandatory.
            level = EnforcementLevel.MANDATORY
        if shared is None:
            shared = _convert(servicer, request)
        props, opts, provider = shared
        report_violation = servicer._create_report_violation(
            response, policy.name, policy.description, level, policy.severity)
        args = sdk_policy.ResourceValidationArgs(
            request.type, props, request.urn, request.name, opts, provider,
            servicer._get_policy_config(policy.name), stack_tags)
        try:
            result = policy.validate(args, report_violation)
            if result is not None and isawaitable(result):
                loop = asyncio.new_event_loop()
                loop.run_until_complete(asyncio.Task(result, loop=loop))
                loop.close()
        except UnknownValueError as error:
            response.diagnostics.append(proto.AnalyzeDiagnostic(
                policyName=policy.name,
                policyPackName=pack_name,
                policyPackVersion=pack_version,
                message=(f"can't run policy '{policy.name}' from policy pack "
                         f"'{pack_name}@v{pack_version}' during preview: {error.message}"),
                urn="",
                description=policy.description,
                enforcementLevel=servicer._map_enforcement_level(EnforcementLevel.ADVISORY),
            ))
        except sdk_policy._NotApplicableError as error:
            response.not_applicable.append(
                proto.PolicyNotApplicable(policy_name=policy.name, reason=error.reason or ""))
    return response


def _convert(servicer, request) -> tuple:
    """(properties, resource options, provider) of the request, as the SDK builds them for a policy."""
    provider = None
    if request.HasField("provider"):
        given = request.provider
        provider = sdk_policy.PolicyProviderResource(given.type, request_properties(given.properties), given.urn,
                                                     given.name)
    return request_properties(request.properties), servicer._get_resource_options(request), provider


def _remember_principal(request, props) -> None:
    try:
        analyzed_principals.remember(request.urn, request.type, props, resource_documents(request.type, props).sources)
    except Exception:  # noqa: BLE001 - each rule reads the same documents and reports what fails
        pass


@lru_cache(maxsize=512)
def _reads_nothing_of(policy_name: str, resource_type: str) -> bool:
    reads = _READS.get(policy_name)
    kinds = {location.kind for location in DOCUMENT_LOCATIONS.get(resource_type, ())}
    return reads is not None and reads.isdisjoint(kinds)
