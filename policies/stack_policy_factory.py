"""Turns a rule that judges the whole stack into a pulumi_policy StackValidationPolicy.

The SDK deserializes every resource of the stack once per stack policy, so the pack has one.
Like the resource policies it never lets an exception other than the SDK's reach the engine, and
it reads around values unknown during preview: a principal is judged on its known documents, and
only when those grant everything while an unknown one might yet deny it does the policy give the
SDK's advisory for unknown values (after reporting every other principal, which the SDK keeps).
"""

import traceback

from pulumi_policy import StackValidationPolicy
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from . import config_check
from .document_sources import ReviewParses
from .exemptions import find_exemption, today
from .findings import Finding, render
from .iam.catalog import get_catalog
from .iam.work_budget import DocumentTooComplex, budget
from .policy_factory import policy_metadata
from .principal_links import Principal, join_stack
from .production import is_production_stack
from .rules.sagemaker_across_resources import SageMakerAcrossResourcesRule, SplitGrant
from .settings import read_settings


def build_stack_policy(rule: SageMakerAcrossResourcesRule) -> StackValidationPolicy:
    def validate(args, report_violation) -> None:
        reported, undecided = review_stack(rule, args)
        for urn, finding in reported:
            report_violation(render(finding), urn)
        if undecided:
            # Reported after the others, so the SDK keeps them and adds its advisory for these.
            raise UnknownValueError(
                UNKNOWN_STRING_VALUE,
                [", ".join(undecided) + " (a policy that may deny what its other policies grant)"],
            )

    return StackValidationPolicy(validate=validate, **policy_metadata(rule, rule.config_properties))


def review_stack(rule: SageMakerAcrossResourcesRule, args) -> tuple[list[tuple[str | None, Finding]], list[str]]:
    """(URN to report on, mandatory finding) for each principal the rule blocks, and the principals it
    would block but for a document unknown during preview."""
    resources = args.resources
    if not resources:
        return [], []
    reported: list[tuple[str | None, Finding]] = []
    undecided: list[str] = []
    try:
        settings = read_settings(args.get_config())
        # A stack policy has no advisory channel: what is wrong with its config goes with its findings.
        config_problems = settings.problems + config_check.key_problems(rule.name)
        if not is_production_stack(
            resources[0].urn, args.stack_tags, settings.production_patterns, settings.force_production
        ):
            return [], []
        catalog = get_catalog()
        join = join_stack(resources)
        principals = join.principals
        parses = ReviewParses()
        for principal in principals.values():
            documents = principal.every_document(principals)
            parses.next_principal()
            try:
                with budget():
                    verdicts = rule.judge(principal, documents, catalog, join.unplaced, parses)
            except DocumentTooComplex as error:
                verdicts = [SplitGrant(Finding(
                    rule.name, principal.name, f"every policy of the {principal.kind.value}", None,
                    f"the pack cannot judge this principal: {error}",
                    "Split the documents, or replace patterns whose service part is a wildcard with "
                    "`service:Action` patterns.",
                ), principal.urn or (documents[0].home_urn if documents else ""))]
            for verdict in verdicts:
                finding = _unless_exempt(settings, principal, verdict)
                if finding is None:
                    continue
                if config_problems:
                    finding = finding.with_note("the policy's config: " + "; ".join(config_problems))
                if verdict.undecided:
                    undecided.append(finding.resource)
                else:
                    reported.append((verdict.urn if isinstance(verdict.urn, str) and verdict.urn else None, finding))
    except Exception:  # noqa: BLE001 - a crash here would fail the user's whole preview
        reported.append((None, Finding(
            rule.name, "stack", "every resource", None,
            "the pack hit an internal error while checking the stack, so it cannot vouch for it: "
            + traceback.format_exc(limit=3).strip().splitlines()[-1],
            "Report this to the guardrails maintainers with the stack's IAM resources.",
        )))
    return reported, undecided


def _unless_exempt(settings, principal: Principal, verdict: SplitGrant) -> Finding | None:
    """The finding, unless an exemption names what it is reported on (by resource name or URN), or
    any spelling of the principal's IAM name."""
    finding = verdict.finding
    exemption = find_exemption(
        settings.exemptions, verdict.urn or "", finding.resource, today(), aliases=sorted(principal.spellings)
    )
    if exemption is None:
        return finding
    return finding.with_note(exemption.note()) if exemption.expired else None
