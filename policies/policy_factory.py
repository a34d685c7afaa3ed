"""Turns a rule family into a pulumi_policy ResourceValidationPolicy (a DirectValidationPolicy).

Everything the SDK-facing side must get right lives here once: reading the config, finding the
documents, deciding production, routing findings to mandatory, advisory or exempt, turning
unknown values into the SDK's advisory (or a mandatory violation under strictPreview), and
making sure no exception other than UnknownValueError ever reaches the SDK.
"""

import traceback

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, Severity
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from . import advisory_channel, analyze_loop, analyzed_principals, config_check
from .direct_policy import DirectValidationPolicy
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind, resource_documents
from .exemptions import find_exemption, today
from .findings import Finding, render
from .iam.catalog import get_catalog
from .iam.work_budget import DocumentTooComplex, budget
from .principal_links import PRINCIPAL_TYPES
from .production import is_production_stack
from .rules.base import ResourceUnderReview, Rule, RuleMetadata
from .settings import EXEMPTIONS_SCHEMA, STRICT_PREVIEW_SCHEMA, read_settings

DOCS_BASE_URL = "https://github.com/sagemaker-guardrails/sagemaker-guardrails/blob/main/docs/rules"


def rule_url(name: str) -> str:
    return f"{DOCS_BASE_URL}/{name}.md"


def build_policy(rule: Rule, order: int) -> DirectValidationPolicy:
    analyze_loop.register_reads(rule.name, rule.reads)

    def validate(args, report_violation) -> None:
        findings, unknown_locations = review(rule, order, args)
        for finding in findings:
            report_violation(render(finding))
        if unknown_locations:
            raise UnknownValueError(UNKNOWN_STRING_VALUE, [", ".join(unknown_locations)])

    return DirectValidationPolicy(
        check=validate, **policy_metadata(rule, {**rule.config_properties, "strictPreview": STRICT_PREVIEW_SCHEMA})
    )


def policy_metadata(rule: RuleMetadata, config_properties: dict) -> dict:
    """What GetAnalyzerInfo publishes about a rule's policy; every rule takes exemptions."""
    return {
        "name": rule.name,
        "description": rule.description,
        "enforcement_level": EnforcementLevel.MANDATORY,
        "config_schema": PolicyConfigSchema(properties={**config_properties, "exemptions": EXEMPTIONS_SCHEMA}),
        "severity": Severity(rule.severity),
        "tags": list(rule.tags),
        "remediation_steps": rule.remediation_steps + f" See {rule_url(rule.name)}.",
        "url": rule_url(rule.name),
    }


def review(rule: Rule, order: int, args) -> tuple[list[Finding], list[str]]:
    """(mandatory findings to report, locations whose documents are unknown during preview)."""
    if args.resource_type not in DOCUMENT_LOCATIONS:
        return [], []
    mandatory: list[Finding] = []
    advisory: list[Finding] = []
    unknown_locations: list[str] = []
    documents = 0
    try:
        every_document = resource_documents(args.resource_type, args.props)
        documents = every_document.fingerprint
        if args.resource_type in PRINCIPAL_TYPES:
            analyzed_principals.remember(args.urn, args.resource_type, args.props, every_document.sources)
        reads = rule.reads
        sources = tuple([source for source in every_document.sources if source.kind in reads])
        if not sources:
            return [], []
        settings = read_settings(args.get_config())
        resource = ResourceUnderReview(
            type=args.resource_type,
            name=args.name,
            urn=args.urn,
            sources=sources,
            production=is_production_stack(
                args.urn, args.stack_tags, settings.production_patterns, settings.force_production
            ),
            settings=settings,
            catalog=get_catalog(),
        )
        for problem in settings.problems + config_check.key_problems(rule.name):
            advisory.append(
                Finding(rule.name, args.name, "policy config", None, problem, "Correct the pack config.", True)
            )
        for source in sources:
            document = None if source.unknown else source.document()
            if source.unknown or (document is not None and document.unknown):
                # An attachment's ARN is unknown whenever it names a policy created in the same stack,
                # and that policy is judged as its own resource, so strictPreview leaves attachments alone.
                if settings.strict_preview and source.kind is not DocumentKind.ATTACHMENT:
                    # Like any mandatory finding, an exempt resource's is reported as advisory.
                    unjudged = Finding(
                        rule.name, args.name, source.location, None,
                        f"the {source.kind.value} is unknown during preview, so it cannot be checked "
                        "(strictPreview is on)",
                        "Build the document from values known at preview time, or turn strictPreview off.",
                    )
                    _route(rule, resource, [unjudged], mandatory, advisory)
                else:
                    unknown_locations.append(source.location)
        try:
            with budget():
                _route(rule, resource, rule.evaluate(resource), mandatory, advisory)
        except DocumentTooComplex as error:
            blocked = Finding(
                rule.name, args.name, "resource", None, f"the pack cannot judge this resource: {error}",
                "Split the document, or replace patterns whose service part is a wildcard with "
                "`service:Action` patterns.",
            )
            _route(rule, resource, [blocked], mandatory, advisory)
    except Exception:  # noqa: BLE001 - a crash here would fail the user's whole preview
        mandatory.append(
            Finding(
                rule.name, args.name, "resource", None,
                "the pack hit an internal error while checking this resource, so it cannot vouch for it: "
                + traceback.format_exc(limit=3).strip().splitlines()[-1],
                "Report this to the guardrails maintainers with the resource's properties.",
            )
        )
    advisory_channel.post(args.urn, documents, order, advisory)
    return mandatory, unknown_locations


def _route(rule, resource: ResourceUnderReview, findings, mandatory: list, advisory: list) -> None:
    on = None
    for finding in findings:
        if finding.advisory:
            advisory.append(finding)
            continue
        on = on or today()
        verdict = find_exemption(resource.settings.exemptions, resource.urn, resource.name, on)
        if verdict is None:
            mandatory.append(finding)
        elif verdict.expired:
            mandatory.append(finding.with_note(verdict.note()))
        else:
            advisory.append(finding.as_advisory(verdict.note()))
