"""Turns a rule that judges the whole stack into a pulumi_policy StackValidationPolicy.

The SDK deserializes every resource of the stack once per stack policy, so the pack has one.
Like the resource policies it never lets an exception other than the SDK's reach the engine, and
it reads nothing it cannot: a document unknown during preview is left out, and the principal it
belongs to is judged on the rest (its own resource's Analyze already says it is unknown).
"""

import traceback
from dataclasses import replace

from pulumi_policy import StackValidationPolicy

from .exemptions import find_exemption, today
from .findings import Finding, render
from .iam.catalog import get_catalog
from .iam.work_budget import DocumentTooComplex, budget
from .policy_factory import policy_metadata
from .principal_links import principals_of_stack
from .production import is_production_stack
from .rules.sagemaker_across_resources import SageMakerAcrossResourcesRule
from .settings import read_settings


def build_stack_policy(rule: SageMakerAcrossResourcesRule) -> StackValidationPolicy:
    def validate(args, report_violation) -> None:
        for urn, finding in review_stack(rule, args):
            report_violation(render(finding), urn)

    return StackValidationPolicy(validate=validate, **policy_metadata(rule, rule.config_properties))


def review_stack(rule: SageMakerAcrossResourcesRule, args) -> list[tuple[str | None, Finding]]:
    """(URN to report on, mandatory finding) for each principal the rule blocks."""
    resources = args.resources
    if not resources:
        return []
    reported: list[tuple[str | None, Finding]] = []
    try:
        settings = read_settings(args.get_config())
        if not is_production_stack(
            resources[0].urn, args.stack_tags, settings.production_patterns, settings.force_production
        ):
            return []
        catalog = get_catalog()
        principals = principals_of_stack(resources)
        for principal in principals.values():
            documents = principal.every_document(principals)
            urn = principal.urn or (documents[0].home_urn if documents else None)
            try:
                with budget():
                    finding = rule.judge(principal, documents, catalog)
            except DocumentTooComplex as error:
                finding = Finding(
                    rule.name, principal.name, f"every policy of the {principal.kind.value}", None,
                    f"the pack cannot judge this principal: {error}",
                    "Split the documents, or replace patterns whose service part is a wildcard with "
                    "`service:Action` patterns.",
                )
            if finding is None:
                continue
            verdict = find_exemption(settings.exemptions, urn or "", principal.name, today())
            if verdict is None:
                reported.append((urn, finding))
            elif verdict.expired:
                reported.append((urn, replace(finding, message=f"{finding.message} ({verdict.note()})")))
    except Exception:  # noqa: BLE001 - a crash here would fail the user's whole preview
        reported.append((None, Finding(
            rule.name, "stack", "every resource", None,
            "the pack hit an internal error while checking the stack, so it cannot vouch for it: "
            + traceback.format_exc(limit=3).strip().splitlines()[-1],
            "Report this to the guardrails maintainers with the stack's IAM resources.",
        )))
    return reported
