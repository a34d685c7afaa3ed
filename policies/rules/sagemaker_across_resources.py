"""Rule 2 across resources: no principal in a production stack gets every SageMaker action from
policies that each grant only part of it.

IAM adds up every policy of a principal: a RolePolicy granting `sagemaker:[A-M]*`-style halves, an
attachment of a customer-managed policy for the rest, or a group the user is in. Analyze judges each
resource alone, so the per-resource rule sees halves; this rule sees the stack (AnalyzeStack) and
the principals `principal_links` joins. A principal that one resource already gives everything is
left to the per-resource rule, which reports that resource. An unconditioned Deny of all of
SageMaker on `*` in any policy of the principal cancels, as IAM's explicit Deny would.
"""

from typing import NamedTuple

from ..document_sources import DocumentKind, DocumentSource
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
        unplaced: list[AppliedDocument] = (),
    ) -> list[SplitGrant]:
        """The principal's split grant in each account where its policies add up to all of SageMaker.

        IAM names are unique per account, so a principal is judged within each account it may be
        in (`_possible_accounts`). `unplaced` are documents whose principal is not known yet (during
        preview); one that may name SageMaker leaves a would-be finding undecided."""
        all_actions = catalog.service(SERVICE).actions
        # Most documents of a stack cannot name a SageMaker action at all, which their text shows
        # without parsing them; a principal needs two resources that may grant some.
        documents = [document for document in documents if _may_name_sagemaker(document.source)]
        if not all_actions or len({document.home_urn for document in documents}) < 2:
            return []
        verdicts: list[SplitGrant] = []
        for account, in_account in _possible_accounts(documents, catalog):
            if verdicts and not is_named(verdicts[0].account):
                # Blocked on the grants of providers that name no account alone: each named account
                # adds to the same grants, and one finding is enough.
                break
            verdict = self._judge_in(principal, in_account, account, catalog, len(all_actions))
            if verdict is None:
                continue
            undecided = any(_unknown(document) for document in in_account) or any(
                _may_name_sagemaker(document.source) for document in unplaced
            )
            verdicts.append(verdict._replace(undecided=undecided))
        return verdicts

    def _judge_in(
        self, principal: Principal, documents: list[AppliedDocument], account: str, catalog: IamCatalog,
        action_count: int,
    ) -> SplitGrant | None:
        if len({document.home_urn for document in documents}) < 2:
            return None
        own_urns = {urn for urn, _ in principal.resources.values()}
        # Kept by identity, as in the per-resource rule: statements sharing an Action element share
        # its answer. A unit is what one verdict stands for: a resource, or a group a user is in.
        grants_by_unit: dict[object, dict[int, frozenset[Action]]] = {}
        contributors: list[tuple[object, str]] = []
        elsewhere: set[tuple] = set()
        for document, parsed in _parsed_with_echoes_last(own_urns, documents):
            if cancelled_by_deny(parsed, catalog):
                return None
            if document.home_urn not in own_urns:
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
                    contributors.append((unit, f"{document.via} {statement.ref}"))
        # A group that gets everything is that group's finding (or exemption); its members are
        # judged on the rest. A resource that grants everything is the per-resource rule's.
        for unit, grants in list(grants_by_unit.items()):
            if together_grant_all(grants.values(), action_count):
                if unit not in (document.group for document in documents):
                    return None
                del grants_by_unit[unit]
        every_grant = {key: grant for grants in grants_by_unit.values() for key, grant in grants.items()}
        if not together_grant_all(every_grant.values(), action_count):
            return None
        # Reported on its resource in that account, else on one made where its grants come from.
        resource = principal.resource_in({account}) or principal.resource_in(
            {document.account for document in documents if document.home_urn in grants_by_unit or document.group}
        ) or principal.resource_in({document.account for document in documents} | {EVERY_ACCOUNT})
        where = f" in account {account}" if is_named(account) else ""
        finding = Finding(
            self.name, resource[1] if resource else principal.name,
            f"every policy of the {principal.kind.value}{where}", None,
            "policies on separate resources together grant every SageMaker action: "
            + "; ".join(text for unit, text in contributors if unit in grants_by_unit),
            f"Give the {principal.kind.value} only the SageMaker actions its workload calls; its policies add up, "
            "so a grant split across resources is a grant of sagemaker:*.",
        )
        return SplitGrant(finding, resource[0] if resource else next(iter(grants_by_unit)), account=account)


def _possible_accounts(documents: list[AppliedDocument], catalog: IamCatalog):
    """(account, the documents that apply there) for each account the principal may be blocked in.

    Each provider that names no account is in an account nobody names, which may be any named
    one or another, alike or not. Adding such a provider's documents can only add grants, unless
    one of them denies all of SageMaker: then, wherever they apply, they cancel. So the accounts
    where a block is possible are each named account with every unnamed provider that denies
    nothing, and the unnamed account with those providers alone. A permission set's documents
    apply everywhere."""
    named = sorted({document.account for document in documents if is_named(document.account)})
    unnamed = {document.account for document in documents
               if not is_named(document.account) and document.account != EVERY_ACCOUNT}
    denying = {document.account for document in documents if document.account in unnamed and _denies_all(
        document, catalog)}
    joining = unnamed - denying
    everywhere = [document for document in documents if document.account == EVERY_ACCOUNT]
    from_unnamed = [document for document in documents if document.account in joining]
    if unnamed or not named:
        yield "", from_unnamed + everywhere
    for account in named:
        yield account, [document for document in documents if document.account == account] + from_unnamed + everywhere


def _denies_all(document: AppliedDocument, catalog: IamCatalog) -> bool:
    parsed = document.source.document_unkept()
    return parsed is not None and not parsed.unknown and cancelled_by_deny(parsed, catalog)


def _parsed_with_echoes_last(own_urns: set[str], documents: list[AppliedDocument]):
    """(document, parsed) for the known documents, those of the principal's own resources last."""
    ordered = sorted(documents, key=lambda document: document.home_urn in own_urns)
    for document in ordered:
        parsed = document.source.document_unkept()
        if parsed is not None and not parsed.unknown:
            yield document, parsed


def _may_name_sagemaker(source: DocumentSource) -> bool:
    return not (source.kind is DocumentKind.IDENTITY and isinstance(source.raw, str)) or may_name_actions_of(
        source.raw, SERVICE
    )


def _unknown(document: AppliedDocument) -> bool:
    if document.source.unknown:
        return True
    parsed = document.source.document_unkept()
    return parsed is not None and parsed.unknown
