"""Rule 2: no identity policy in a production stack grants every SageMaker action.

`sagemaker:*`, `*`, `*:*`, `sage*:*`, a NotAction that leaves SageMaker in, statements that only
together cover the service, and attached AWS managed policies that do the same (judged from
their real documents). An unconditioned Deny of all of SageMaker on exactly `*`, naming no
Principal, in the same document cancels the grant. Outside production the same findings are advisory.
"""

from collections.abc import Iterable

from ..document_sources import DocumentKind, DocumentSource
from ..findings import Finding, quote_patterns
from ..iam.catalog import Action
from ..iam.documents import PolicyDocument, Statement, StatementRef
from ..iam.wildcards import collapse_stars
from ..settings import PRODUCTION_SCHEMAS
from .base import ResourceUnderReview, Rule

SERVICE = "sagemaker"
FIX = (
    "List the SageMaker actions the workload needs (for example sagemaker:CreateEndpoint, "
    "sagemaker:InvokeEndpoint) instead of a pattern that covers the whole service, and scope them to ARNs."
)


class SageMakerWildcardRule(Rule):
    name = "no-sagemaker-star-in-production"
    description = (
        "Production stacks must not grant every SageMaker action (sagemaker:*, *, service-wide patterns, "
        "NotAction, or managed policies such as AmazonSageMakerFullAccess)."
    )
    reads = frozenset({DocumentKind.IDENTITY, DocumentKind.ATTACHMENT})
    config_properties = PRODUCTION_SCHEMAS
    severity = "high"
    tags = ["iam", "least-privilege", "sagemaker", "production"]
    remediation_steps = (
        "Replace the service-wide grant with the specific SageMaker actions the workload calls, or detach the "
        "managed policy (AmazonSageMakerFullAccess, AdministratorAccess, PowerUserAccess) and attach a "
        "customer-managed policy listing those actions. Outside production stacks this rule is advisory."
    )

    def evaluate(self, resource: ResourceUnderReview) -> Iterable[Finding]:
        advisory = not resource.production
        catalog = resource.catalog
        all_actions = catalog.service(SERVICE).actions
        # Each distinct grant once: statements that share an Action element share its answer object,
        # and a long document repeats a handful of elements. Kept by identity, which the values pin.
        grants_by_identity: dict[int, frozenset[Action]] = {}
        contributors: list[tuple[str, StatementRef]] = []
        reported_whole = False

        for source in resource.sources:
            document = source.document()
            if document is None or document.unknown:
                continue
            yield from self.malformed_findings(resource, source, document, advisory)
            if cancelled_by_deny(document, catalog):
                continue
            # An attached managed policy is one thing to fix, however many of its statements are broad.
            once_per_document = source.kind is DocumentKind.ATTACHMENT
            reported_here = False
            for statement in document.statements:
                if once_per_document and reported_here:
                    break
                if not statement.is_allow:
                    continue
                element = statement.action_element
                granted = element.granted_in(catalog, SERVICE)
                if not granted:
                    continue
                if len(granted) == len(all_actions):
                    reported_whole = reported_here = True
                    yield self.finding(
                        resource, source, statement.ref,
                        _whole_service_message(source, statement), FIX, advisory,
                    )
                    continue
                grants_by_identity[id(granted)] = granted
                contributors.append((source.location, statement.ref))
                wildcards = element.wildcard_patterns_in(catalog, SERVICE)
                if wildcards or statement.actions_negated:
                    how = "NotAction" if statement.actions_negated else ", ".join(wildcards)
                    yield self.finding(
                        resource, source, statement.ref,
                        f"{how} grants {len(granted)} of the {len(all_actions)} SageMaker actions; check that the "
                        "workload needs every one",
                        "List the actions explicitly so new SageMaker actions are not granted automatically.",
                        advisory=True,
                    )

        if not reported_whole and all_actions and together_grant_all(grants_by_identity.values(), len(all_actions)):
            first = resource.sources[0]
            yield Finding(
                self.name, resource.name, first.location if len(resource.sources) == 1 else "all documents",
                None,
                "these statements together grant every SageMaker action: "
                + "; ".join(f"{location} {ref}" for location, ref in contributors),
                FIX, advisory,
            )


def together_grant_all(grants, action_count: int) -> bool:
    # Grants that add up to fewer actions than the service has cannot cover it: no union needed.
    if sum(map(len, grants)) < action_count:
        return False
    return len(frozenset().union(*grants)) == action_count


def _whole_service_message(source: DocumentSource, statement: Statement) -> str:
    if source.kind is DocumentKind.ATTACHMENT:
        return f"the attached AWS managed policy {source.raw} grants every SageMaker action"
    patterns = quote_patterns(statement.actions)
    if statement.actions_negated:
        return f"NotAction {patterns} does not exclude SageMaker, so it grants every SageMaker action"
    return f"Action {patterns} grants every SageMaker action"


def cancelled_by_deny(document: PolicyDocument, catalog) -> bool:
    return any(_denies_all_of_sagemaker_everywhere(statement, catalog) for statement in document.statements)


def _denies_all_of_sagemaker_everywhere(statement: Statement, catalog) -> bool:
    # Only a Deny that leaves no SageMaker request allowed may excuse the grant. `?` matches exactly
    # one character, so `?`, `??` and `*?` are read as naming only some resources; a run of `*` alone
    # names them all. Identity policies cannot carry Principal or NotPrincipal, so a Deny that names
    # one is not a Deny IAM applies to this identity.
    return (
        not statement.is_allow
        and not statement.conditions
        and statement.principals is None
        and not statement.resources_negated
        and statement.resources is not None
        and any(collapse_stars(resource) == "*" for resource in statement.resources)
        # Every name, not every name the catalog knows: the grant also reaches actions added later.
        and statement.action_element.covers_every_name_of(catalog, SERVICE)
    )
