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
from ..principal_links import EVERY_ACCOUNT, AppliedDocument, Principal
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
    ) -> SplitGrant | None:
        """The principal's split grant in the first account where its policies add up to all of SageMaker.

        IAM names are unique per account, so a principal is judged within each account its
        documents' providers name. The documents of providers that name none are in one account
        nobody names, which may be any of those or another: the principal is judged with them, and
        without them, in each named account (their Deny counts only where their grants do), and on
        its own. A permission set's documents apply in every account. `unplaced` are documents whose
        principal is not known yet (during preview); one that may name SageMaker leaves a would-be
        finding undecided."""
        all_actions = catalog.service(SERVICE).actions
        # Most documents of a stack cannot name a SageMaker action at all, which their text shows
        # without parsing them; a principal needs two resources that may grant some.
        documents = [document for document in documents if _may_name_sagemaker(document.source)]
        if not all_actions or len({document.home_urn for document in documents}) < 2:
            return None
        for account, in_account in _possible_accounts(documents):
            verdict = self._judge_in(principal, in_account, account, catalog, len(all_actions))
            if verdict is not None:
                undecided = any(_unknown(document) for document in in_account) or any(
                    _may_name_sagemaker(document.source) for document in unplaced
                )
                return verdict._replace(undecided=undecided)
        return None

    def _judge_in(
        self, principal: Principal, documents: list[AppliedDocument], account: str, catalog: IamCatalog,
        action_count: int,
    ) -> SplitGrant | None:
        if len({document.home_urn for document in documents}) < 2:
            return None
        own_urns = set(principal.urns.values())
        # Kept by identity, as in the per-resource rule: statements sharing an Action element share its answer.
        grants_by_home: dict[str, dict[int, frozenset[Action]]] = {}
        contributors: list[str] = []
        elsewhere: set[tuple] = set()
        for document, parsed in _parsed_with_echoes_last(own_urns, documents):
            if cancelled_by_deny(parsed, catalog):
                return None
            if document.home_urn not in own_urns:
                elsewhere.add(parsed.statements)
            elif parsed.statements in elsewhere:
                # After an update, a role's outputs list every inline policy and attachment it has,
                # also those that RolePolicy and attachment resources gave it: the same document
                # twice, and Analyze judged the role on its inputs, without them.
                continue
            for statement in parsed.statements:
                if not statement.is_allow:
                    continue
                granted = statement.action_element.granted_in(catalog, SERVICE)
                if granted:
                    grants_by_home.setdefault(document.home_urn, {})[id(granted)] = granted
                    contributors.append(f"{document.via} {statement.ref}")
        every_grant = {key: grant for grants in grants_by_home.values() for key, grant in grants.items()}
        if not together_grant_all(every_grant.values(), action_count):
            return None
        if any(together_grant_all(grants.values(), action_count) for grants in grants_by_home.values()):
            return None
        where = f" in account {account}" if account else ""
        finding = Finding(
            self.name, principal.name, f"every policy of the {principal.kind.value}{where}", None,
            "policies on separate resources together grant every SageMaker action: " + "; ".join(contributors),
            f"Give the {principal.kind.value} only the SageMaker actions its workload calls; its policies add up, "
            "so a grant split across resources is a grant of sagemaker:*.",
        )
        return SplitGrant(finding, principal.urn_in(account) or next(iter(grants_by_home)))


def _possible_accounts(documents: list[AppliedDocument]):
    """(account, the documents that apply there) for each way the unnamed account may fall."""
    named = sorted({document.account for document in documents} - {"", EVERY_ACCOUNT})
    unnamed = any(document.account == "" for document in documents)
    if unnamed or not named:
        yield "", [document for document in documents if document.account in ("", EVERY_ACCOUNT)]
    for account in named:
        yield account, [document for document in documents if document.account in (account, EVERY_ACCOUNT)]
        if unnamed:
            yield account, [document for document in documents if document.account in (account, "", EVERY_ACCOUNT)]


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
