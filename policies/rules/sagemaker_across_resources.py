"""Rule 2 across resources: no principal in a production stack gets every SageMaker action from
policies that each grant only part of it.

IAM adds up every policy of a principal: a RolePolicy granting `sagemaker:[A-M]*`-style halves, an
attachment of a customer-managed policy for the rest, or a group the user is in. Analyze judges each
resource alone, so the per-resource rule sees halves; this rule sees the stack (AnalyzeStack) and
the principals `principal_links` joins. A resource that already gives a principal everything is left
to the per-resource rule, which reports it, and the principal is judged on its other resources. An
unconditioned Deny of all of SageMaker on `*` in any policy of the principal cancels, as IAM's
explicit Deny would, unless that policy may not apply once the stack is deployed (the stack may
take it away again, `removable_documents`, or it is a group's in an account that may be another).
"""

from typing import NamedTuple

from ..document_sources import DocumentKind, DocumentSource, ReviewParses
from ..findings import Finding
from ..iam.catalog import Action, IamCatalog
from ..iam.documents import may_name_actions_of
from ..principal_links import EVERY_ACCOUNT, AppliedDocument, Principal, is_named
from ..settings import PRODUCTION_SCHEMAS
from .base import RuleMetadata
from .sagemaker_wildcard import SERVICE, cancelled_by_deny, together_grant_all


class SplitGrant(NamedTuple):
    finding: Finding
    # Where to report it: the principal's resource in that account, else the first resource whose
    # documents grant it a SageMaker action.
    urn: str
    # The known documents grant everything, but one unknown during preview might yet deny it.
    undecided: bool = False
    account: str = ""  # the account it was found in; "" for one nobody names


class SageMakerAcrossResourcesRule(RuleMetadata):
    name = "no-sagemaker-star-across-resources"
    description = (
        "Production stacks must not give a role, user, group or permission set every SageMaker action "
        "through policies on several resources that each grant part of it."
    )
    config_properties = PRODUCTION_SCHEMAS
    severity = "high"
    tags = ["iam", "least-privilege", "sagemaker", "production"]
    remediation_steps = (
        "Give the principal only the SageMaker actions its workload calls. Its policies add up: inline "
        "policies, RolePolicy resources, attachments and its groups' policies together must not cover the "
        "whole service. Outside production stacks this rule does not run."
    )

    def judge(
        self, principal: Principal, documents: list[AppliedDocument], catalog: IamCatalog,
        unplaced: list[AppliedDocument] = (), parses: ReviewParses | None = None,
    ) -> list[SplitGrant]:
        """The principal's split grant in each account where its policies add up to all of SageMaker.

        IAM names are unique per account, so a principal is judged within each account it may be
        in (`_blocking_worlds`). `unplaced` are documents whose principal is not known yet (during
        preview); one that may name SageMaker leaves a would-be finding undecided. `parses` is the
        review's, shared by its principals; without one, each document is parsed once for this one."""
        parses = parses or ReviewParses()
        all_actions = catalog.service(SERVICE).actions
        # Most documents of a stack cannot name a SageMaker action at all, which their text shows
        # without parsing them; a principal needs two resources that may grant some.
        documents = [document for document in documents if _may_name_sagemaker(document.source)]
        if not all_actions or len({document.home_urn for document in documents}) < 2:
            return []
        def judge_in(world: list[AppliedDocument], account: str) -> SplitGrant | None:
            return self._judge_in(principal, world, account, catalog, len(all_actions), parses)

        verdicts: list[SplitGrant] = []
        for world in _blocking_worlds(documents, catalog, judge_in, parses):
            undecided = (
                any(_unknown(document, parses) for document in world.documents)
                or any(_may_deny_sagemaker(document.source, parses) for document in unplaced)
                # Blocked if the documents not known to apply yet do, not if they turn out otherwise.
                or any(document.uncertain for document in world.documents)
                and judge_in(_as_it_may_turn_out(world.documents, parses), world.verdict.account) is None
            )
            verdicts.append(world.verdict._replace(undecided=undecided))
        return verdicts

    def _judge_in(
        self, principal: Principal, documents: list[AppliedDocument], account: str, catalog: IamCatalog,
        action_count: int, parses: ReviewParses,
    ) -> SplitGrant | None:
        if len({document.home_urn for document in documents}) < 2:
            return None
        own_urns = {urn for urn, _ in principal.resources.values()}
        # Kept by identity, as in the per-resource rule: statements sharing an Action element share
        # its answer. A unit is what one verdict stands for: a resource, or a group a user is in.
        grants_by_unit: dict[object, dict[int, frozenset[Action]]] = {}
        contributors: list[tuple[object, str]] = []
        elsewhere: set[tuple] = set()
        for document, parsed in _parsed_with_echoes_last(own_urns, documents, parses):
            if not (document.may_not_apply or document.uncertain) and cancelled_by_deny(parsed, catalog):
                return None
            if document.home_urn not in own_urns:
                # A principal's outputs echo only what was given to the principal itself, never its groups'.
                if document.group is None:
                    elsewhere.add(parsed.statements)
            elif parsed.statements in elsewhere:
                # Read from outputs (a principal Analyze did not see): a role's outputs list every
                # inline policy and attachment it has, also those that RolePolicy and attachment
                # resources gave it, the same document twice.
                continue
            unit = document.group or document.home_urn
            for statement in parsed.statements:
                if not statement.is_allow:
                    continue
                granted = statement.action_element.granted_in(catalog, SERVICE)
                if granted:
                    grants_by_unit.setdefault(unit, {})[id(granted)] = granted
                    route = f" (through group {document.group[1]})" if document.group else ""
                    contributors.append((unit, f"{document.via} {statement.ref}{route}"))
        # A group that gets everything is that group's finding (or exemption), and a resource that
        # grants everything the per-resource rule's; the principal is judged on the rest. An
        # exemption of that one resource (a conditioned grant on one endpoint) must not also
        # excuse a split among the others.
        for unit, grants in list(grants_by_unit.items()):
            if together_grant_all(grants.values(), action_count):
                del grants_by_unit[unit]
        every_grant = {key: grant for grants in grants_by_unit.values() for key, grant in grants.items()}
        if not together_grant_all(every_grant.values(), action_count):
            return None
        # Reported on its resource in that account, else on the first resource that grants it SageMaker:
        # never on (nor exempted by) its resource in another named account.
        candidates = principal.resources_in(account)
        resource = candidates[0] if candidates else None
        first_grant = next(document.home_urn for document in documents
                           if (document.group or document.home_urn) in grants_by_unit)
        where = f" in account {account}" if is_named(account) else ""
        finding = Finding(
            self.name, resource[1] if resource else principal.name,
            f"every policy of the {principal.kind.value}{where}", None,
            "policies on separate resources together grant every SageMaker action: "
            + "; ".join(dict.fromkeys(text for unit, text in contributors if unit in grants_by_unit)),
            f"Give the {principal.kind.value} only the SageMaker actions its workload calls; its policies add up, "
            "so a grant split across resources is a grant of sagemaker:*.",
        )
        return SplitGrant(finding, resource[0] if resource else first_grant, account=account)


class World(NamedTuple):
    documents: list[AppliedDocument]
    verdict: SplitGrant


def _blocking_worlds(documents: list[AppliedDocument], catalog: IamCatalog, judge, parses: ReviewParses):
    """A World for each account the principal is blocked in, as `judge(documents, account)` finds.

    Each provider that names no account is in an account nobody names, which may be any named
    one or another. Adding such a provider's documents to an account can only add grants, unless
    one of them denies all of SageMaker: then they cancel wherever they apply. So a principal is
    blocked in the unnamed account on those providers' documents that deny nothing; in a named
    account on its own documents, or, if the unnamed account is not blocked already, on its own
    with those. A permission set's documents apply everywhere: a split of theirs alone is one finding."""
    named = sorted({document.account for document in documents if is_named(document.account)})
    unnamed = {document.account for document in documents
               if not is_named(document.account) and document.account != EVERY_ACCOUNT}
    denying = {document.account for document in documents if document.account in unnamed and _denies_all(
        document, catalog, parses)}
    everywhere = [document for document in documents if document.account == EVERY_ACCOUNT]
    from_unnamed = [document for document in documents if document.account in unnamed - denying]
    unnamed_blocked = False
    if unnamed or everywhere or not named:
        world = from_unnamed + everywhere
        verdict = judge(world, "")
        if verdict is not None:
            unnamed_blocked = True
            yield World(world, verdict)
    # Without unnamed providers, the unnamed account's world was the permission set's documents alone.
    everywhere_blocked = bool(everywhere) and (
        unnamed_blocked if not from_unnamed else judge(everywhere, "") is not None
    )
    for account in named:
        own = [document for document in documents if document.account == account]
        verdict = judge(own + everywhere, account)
        if verdict is not None and not everywhere_blocked:
            yield World(own + everywhere, verdict)
        elif verdict is None and from_unnamed and not unnamed_blocked:
            world = own + from_unnamed + everywhere
            verdict = judge(world, account)
            if verdict is not None:
                yield World(world, verdict)


def _denies_all(document: AppliedDocument, catalog: IamCatalog, parses: ReviewParses) -> bool:
    if document.may_not_apply or document.uncertain:
        return False
    parsed = parses.document(document.source)
    return parsed is not None and not parsed.unknown and cancelled_by_deny(parsed, catalog)


def _as_it_may_turn_out(documents: list[AppliedDocument], parses: ReviewParses) -> list[AppliedDocument]:
    """The documents if those not known to apply yet turn out as kindly as they may: one that may
    deny SageMaker applies, one that only grants does not."""
    return [document._replace(uncertain=False) if document.uncertain else document for document in documents
            if not document.uncertain or _may_deny_sagemaker(document.source, parses)]


def _parsed_with_echoes_last(own_urns: set[str], documents: list[AppliedDocument], parses: ReviewParses):
    """(document, parsed) for the known documents, those of the principal's own resources last."""
    ordered = sorted(documents, key=lambda document: document.home_urn in own_urns)
    for document in ordered:
        parsed = parses.document(document.source)
        if parsed is not None and not parsed.unknown:
            yield document, parsed


def _may_name_sagemaker(source: DocumentSource) -> bool:
    return not (source.kind is DocumentKind.IDENTITY and isinstance(source.raw, str)) or may_name_actions_of(
        source.raw, SERVICE
    )


def _may_deny_sagemaker(source: DocumentSource, parses: ReviewParses) -> bool:
    """Whether a document, if it turned out to be the principal's, might take away what its others
    grant. One that only allows can add to a grant, never stop it being whole."""
    if not _may_name_sagemaker(source):
        return False
    parsed = None if source.unknown else parses.document(source)
    if parsed is None or parsed.unknown or parsed.malformed:
        return True
    return any(not statement.is_allow for statement in parsed.statements)


def _unknown(document: AppliedDocument, parses: ReviewParses) -> bool:
    if document.source.unknown:
        return True
    parsed = parses.document(document.source)
    return parsed is not None and parsed.unknown
