"""Which IAM principals a stack's documents apply to: the join that only AnalyzeStack can make.

Analyze sees one resource at a time, so a role whose SageMaker grants are split between a
RolePolicy, an attachment of a policy the stack defines and a group it belongs to is judged piece
by piece. Here the pieces are put back together. One row per resource type, as in
`document_sources`:

- a principal (role, user, group, IAM Identity Center permission set) names itself;
- a policy or an attachment names the principals its documents apply to;
- a managed policy the stack defines is found by its ARN, or by the path and name its ARN ends
  with; during preview, when an attachment's ARN is not known yet, by the engine's record of which
  resource that property came from (its property dependencies);
- a membership puts users in groups, whose documents they get.

A reference that is unknown during preview is followed through the property's dependencies too.

IAM names are unique within an account, not across accounts, and a stack can reach several
accounts through several providers. Each document carries the account its resource's provider
says it works in (`provider_accounts`), or the mark of a provider that names none, and the rule
judges a principal within each account it may be in.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from . import analyzed_principals
from .defined_policies import arn_path_and_name, path_and_name
from .document_sources import DOCUMENT_LOCATIONS, DocumentKind, DocumentSource, inline_policy_names, resource_documents
from .engine_run import values_known_to_this_run
from .iam.arns import parse_arn
from .iam.values import UNKNOWN, contains_unknown, path_steps
from .provider_accounts import provider_account
from .removable_documents import (
    ATTACHED,
    EXCLUSIVE_ATTACHMENTS,
    EXCLUSIVE_INLINE,
    INLINE,
    PERMISSION_SET_SLOT,
    REMOVED,
    UNDECIDED,
    Entry,
    Keep,
    removable,
    worst,
)


class PrincipalKind(Enum):
    ROLE = "role"
    USER = "user"
    GROUP = "group"
    PERMISSION_SET = "permission set"


ROLE, USER, GROUP, PERMISSION_SET = PrincipalKind


@dataclass(frozen=True)
class Links:
    own: tuple[PrincipalKind, str] | None = None  # the resource is this principal, named at this path
    applies_to: tuple[tuple[PrincipalKind, str], ...] = ()  # paths naming the principals its documents reach
    arn: str | None = None  # a managed policy: the output an attachment names it by
    membership: tuple[str | None, str] | None = None  # (path of the users, or None for itself; of the groups)
    # Customer-managed policies attached by name and path (`{name, path}` objects at this path), as a
    # permission set attaches them in every account it is assigned to.
    policy_references: str | None = None
    # Its documents apply in every account the principal is assigned to (a permission set's), not in
    # the account of the provider that made it.
    assigned: bool = False


# A policy that names its roles, users and groups in lists of these names.
LISTED_PRINCIPALS = ((ROLE, "roles[]"), (USER, "users[]"), (GROUP, "groups[]"))
# Exclusive for its policy across the account, and for its group's members.
POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"
GROUP_MEMBERSHIP = "aws:iam/groupMembership:GroupMembership"


LINKS: dict[str, Links] = {
    "aws:iam/role:Role": Links(own=(ROLE, "name")),
    "aws:iam/user:User": Links(own=(USER, "name")),
    "aws:iam/group:Group": Links(own=(GROUP, "name")),
    "aws:iam/policy:Policy": Links(arn="arn"),
    "aws:iam/rolePolicy:RolePolicy": Links(applies_to=((ROLE, "role"),)),
    "aws:iam/userPolicy:UserPolicy": Links(applies_to=((USER, "user"),)),
    "aws:iam/groupPolicy:GroupPolicy": Links(applies_to=((GROUP, "group"),)),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": Links(applies_to=((ROLE, "role"),)),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": Links(applies_to=((USER, "user"),)),
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": Links(applies_to=((GROUP, "group"),)),
    POLICY_ATTACHMENT: Links(applies_to=LISTED_PRINCIPALS),
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": Links(applies_to=((ROLE, "roleName"),)),
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": Links(applies_to=((USER, "userName"),)),
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": Links(
        applies_to=((GROUP, "groupName"),)
    ),
    "aws:iam/userGroupMembership:UserGroupMembership": Links(membership=("user", "groups[]")),
    GROUP_MEMBERSHIP: Links(membership=("users[]", "group")),
    "aws:ssoadmin/permissionSet:PermissionSet": Links(own=(PERMISSION_SET, "arn"), assigned=True),
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": Links(
        applies_to=((PERMISSION_SET, "permissionSetArn"),), assigned=True
    ),
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": Links(
        applies_to=((PERMISSION_SET, "permissionSetArn"),), assigned=True
    ),
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": Links(
        applies_to=((PERMISSION_SET, "permissionSetArn"),), assigned=True
    ),
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": Links(
        applies_to=((PERMISSION_SET, "permissionSetArn"),), policy_references="customerManagedPolicyReference",
        assigned=True,
    ),
    "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive": Links(
        applies_to=((PERMISSION_SET, "permissionSetArn"),), policy_references="customerManagedPolicyReferences[]",
        assigned=True,
    ),
    "aws-native:sso:PermissionSet": Links(
        own=(PERMISSION_SET, "permissionSetArn"), policy_references="customerManagedPolicyReferences[]", assigned=True
    ),
    "aws-native:iam:Role": Links(own=(ROLE, "roleName")),
    "aws-native:iam:User": Links(own=(USER, "userName"), membership=(None, "groups[]")),
    "aws-native:iam:Group": Links(own=(GROUP, "groupName")),
    "aws-native:iam:RolePolicy": Links(applies_to=((ROLE, "roleName"),)),
    "aws-native:iam:UserPolicy": Links(applies_to=((USER, "userName"),)),
    "aws-native:iam:GroupPolicy": Links(applies_to=((GROUP, "groupName"),)),
    "aws-native:iam:ManagedPolicy": Links(applies_to=LISTED_PRINCIPALS, arn="policyArn"),
    "aws-native:iam:Policy": Links(applies_to=LISTED_PRINCIPALS),
    "aws-native:iam:UserToGroupAddition": Links(membership=("users[]", "groupName")),
}

PrincipalKey = tuple[PrincipalKind, str]  # (kind, name, or URN while the name is unknown)

# The resource types that are principals with documents of their own (a role's inline policies).
PRINCIPAL_TYPES = frozenset(resource_type for resource_type, links in LINKS.items() if links.own is not None)
# The account of a document that applies in every account its principal is assigned to.
EVERY_ACCOUNT = "*"
# The account of a provider that names none starts with this, then the provider's URN: each such
# provider is an account nobody names, maybe one of the named ones, maybe another.
UNNAMED = "?"


def is_named(account: str) -> bool:
    return account not in ("", EVERY_ACCOUNT) and not account.startswith(UNNAMED)


def may_be_same_account(first: str, second: str) -> bool:
    return first == second or not is_named(first) or not is_named(second)


class AppliedDocument(NamedTuple):
    """A document that applies to a principal, and the resource Analyze judged it on."""

    home_urn: str  # the resource whose own Analyze read this document
    via: str  # how a reader finds it: `ml-policy (policy)`, `attach-ml -> ml-policy (policy)`
    source: DocumentSource
    # The account the resource that applies it works in: named, UNNAMED and its provider, or
    # EVERY_ACCOUNT for a permission set's.
    account: str = UNNAMED
    group: "PrincipalKey | None" = None  # the group a user gets it from
    # Where it sits on the principal (`removable_documents`): an inline policy's name, or the
    # managed policy it is attached as.
    slot: tuple[str, object] | None = None
    # Whether it may not apply to the principal once the stack is deployed: the stack itself may
    # take it away again, or it is a group's from an account that may not be the member's. Its
    # grants count; a Deny in it cannot cancel them.
    may_not_apply: bool = False
    # Whether, during preview, it is not known yet if it applies (a name or a list still unknown):
    # a verdict that holds only if it applies, or only if it does not, waits for the update.
    uncertain: bool = False


@dataclass
class Principal:
    kind: PrincipalKind
    name: str  # its IAM name as first spelled
    resources: dict[str, tuple[str, str]] = field(default_factory=dict)  # account -> its (URN, name) there
    documents: list[AppliedDocument] = field(default_factory=list)
    groups: dict[PrincipalKey, set[str]] = field(default_factory=dict)  # group -> accounts it is in it
    # (group, account) -> REMOVED or UNDECIDED: a membership a GroupMembership of the stack may undo.
    doubtful_memberships: dict[tuple[PrincipalKey, str], str] = field(default_factory=dict)
    spellings: set[str] = field(default_factory=set)  # every IAM name it goes by, for exemptions

    @property
    def urn(self) -> str | None:
        return next((urn for urn, _ in self.resources.values()), None)

    def resources_in(self, account: str) -> list[tuple[str, str]]:
        """Its resources (URN, name) that may be in this account, likeliest first: the one made there,
        those made where no account is named, a permission set's, then (for an account nobody
        names) those of named accounts."""
        def likelihood(other: str) -> int:
            return 0 if other == account else 1 if not is_named(other) and other != EVERY_ACCOUNT else (
                2 if other == EVERY_ACCOUNT else 3)

        return [resource for other, resource in sorted(self.resources.items(), key=lambda item: likelihood(item[0]))
                if may_be_same_account(other, account)]

    def every_document(self, principals: Mapping[PrincipalKey, "Principal"]) -> list[AppliedDocument]:
        """Its own documents and, for a user, those of its groups in the accounts it is in them; each
        once per account and route (a policy attached to the user and to its group is there twice:
        an exemption for the group covers only the copy that comes through the group)."""
        documents = list(self.documents)
        for group, memberships in sorted(self.groups.items(), key=lambda item: item[0][1]):
            if group not in principals:
                continue
            for document in principals[group].documents:
                for membership in sorted(memberships):
                    if may_be_same_account(document.account, membership):
                        # The group's policy reaches the user in the account the user is in the group,
                        # if it is that account's group and membership: its grants count there, its
                        # Deny may not.
                        reached = document._replace(group=group)
                        if is_named(membership) and not is_named(document.account):
                            reached = reached._replace(account=membership, may_not_apply=True)
                        elif membership != document.account:
                            reached = reached._replace(may_not_apply=True)
                        documents.append(_doubted(reached, self.doubtful_memberships.get((group, membership))))
        unique = {(document.home_urn, document.source.location, document.account, document.group): document
                  for document in documents}
        return list(unique.values())


def join_stack(resources: Iterable) -> "_Join":
    """The join of the stack's documents and principals: `principals`, and `unplaced`, the documents
    whose principal is not known yet (during preview) and that may reach any of them.

    `resources` are the SDK's PolicyResource objects (resource_type, name, urn, props, property_dependencies).
    """
    resources = list(resources)
    linked = [(resource, LINKS[resource.resource_type]) for resource in resources if resource.resource_type in LINKS]
    join = _Join()
    for resource, links in linked:
        if links.own is not None:
            join.define_principal(resource, *links.own, assigned=links.assigned)
        if links.arn is not None:
            join.define_managed_policy(resource, links.arn)
    for resource, links in linked:
        targets = [join.principal_of_urn[resource.urn]] if links.own is not None else []
        unplaced = False
        ambiguous = False
        for kind, path in links.applies_to:
            keys, unresolved, several = join.references(resource, kind, path)
            targets.extend(keys)
            unplaced = unplaced or unresolved
            ambiguous = ambiguous or several
        if targets or unplaced:
            # A principal's own documents, names and lists as Analyze saw them (the program's inputs).
            seen = analyzed_principals.seen_sources(resource.urn) if links.own is not None else None
            documents = join.documents_of(resource, links, seen)
            if unplaced:
                # Its principal is not known yet: it may reach any principal, and a Deny in it
                # leaves a verdict to the update.
                join.unplaced.extend(documents)
                documents = [document._replace(may_not_apply=True) for document in documents]
            elif ambiguous:
                # One of a few principals its unknown reference depends on: which, the update tells.
                documents = [document._replace(uncertain=True) for document in documents]
            for key in targets:
                join.principals[key].documents.extend(documents)
            join.note_exclusive_attachments(resource, links, targets, documents, seen)
        if links.membership is not None:
            join.add_membership(resource, *links.membership)
    for resource in resources:
        if resource.resource_type in EXCLUSIVE_INLINE:
            join.note_exclusive_inline(resource, *EXCLUSIVE_INLINE[resource.resource_type])
    join.mark_removable()
    return join


class _Join:
    def __init__(self) -> None:
        self.principals: dict[PrincipalKey, Principal] = {}
        self.unplaced: list[AppliedDocument] = []
        self.principal_of_urn: dict[str, PrincipalKey] = {}
        self._account_of_provider: dict[str, str] = {}
        self.managed_by_urn: dict[str, object] = {}
        self.managed_by_arn: dict[str, object] = {}
        self._managed_by_path_and_name: dict[str, list[object]] | None = None
        self._policy_sources: dict[int, tuple[object, list[DocumentSource]]] = {}
        self._keeps: dict[PrincipalKey, list[Keep]] = {}
        # Managed policy (slot name) -> (account, principals listed, whether the lists are known) of
        # each of the stack's PolicyAttachments of it.
        self._attached_only_to: dict[object, list[tuple[str, frozenset, bool]]] = {}
        # Group -> (account, users listed, whether the list is known) of each GroupMembership of it.
        self._members_only: dict[PrincipalKey, list[tuple[str, frozenset, bool]]] = {}

    def define_principal(self, resource, kind: PrincipalKind, path: str, assigned: bool = False) -> None:
        name = _text_at(resource.props, path)
        # A principal whose name is unknown (during preview) is known by its URN; references to it
        # are unknown then too, and reach it through their dependencies.
        key = (kind, _principal_name(kind, name) if name else resource.urn)
        if key not in self.principals:
            self.principals[key] = Principal(kind, name or resource.name)
        principal = self.principals[key]
        account = EVERY_ACCOUNT if assigned else self.account_of(resource)
        principal.resources.setdefault(account, (resource.urn, resource.name))
        principal.spellings.update([name] if name else [])
        self.principal_of_urn[resource.urn] = key

    def define_managed_policy(self, resource, arn_path: str) -> None:
        self.managed_by_urn[resource.urn] = resource
        arn = _text_at(resource.props, arn_path)
        if arn:
            self.managed_by_arn[arn] = resource

    def managed_by_path_and_name(self, policy_arn: str):
        """The managed policy of the stack that `policy_arn` names by path and name (its ARN output is
        absent before it is created), in the ARN's account where the policy's provider says one."""
        # Never for AWS's own policies: they are judged from their documents, whatever the stack names its own.
        candidates = self._policies_by_path_and_name().get(arn_path_and_name(policy_arn) or "", [])
        arn = parse_arn(policy_arn)
        account = arn.account if arn is not None else ""
        # One made in the ARN's very account before one whose provider names no account.
        possible = [policy for policy in candidates if may_be_same_account(self.account_of(policy), account)]
        return next((policy for policy in possible if self.account_of(policy) == account), None) or next(
            iter(possible), None)

    def _policies_by_path_and_name(self) -> dict[str, list[object]]:
        if self._managed_by_path_and_name is None:
            self._managed_by_path_and_name = {}
            for resource in self.managed_by_urn.values():
                key = path_and_name(resource.resource_type, resource.props)
                if key:
                    self._managed_by_path_and_name.setdefault(key, []).append(resource)
        return self._managed_by_path_and_name

    def references(self, resource, kind: PrincipalKind, path: str) -> tuple[list[PrincipalKey], bool, bool]:
        """The principals a property names; whether one of its values is unknown and no dependency
        tells which principal it will be; and whether one is unknown and its dependencies leave
        several to choose from (all of which are among those named)."""
        keys: list[PrincipalKey] = []
        values = _values_at(resource.props, path)
        unknowns = [location for location, value in values if value is UNKNOWN]
        for _, value in values:
            if isinstance(value, str) and value:
                keys.append(self._named(kind, value))
        if not unknowns:
            return keys, False, False
        found = list(dict.fromkeys(
            key for key in map(self.principal_of_urn.get, _dependency_urns(resource, path))
            if key is not None and key[0] is kind))
        keys.extend(found)
        return keys, not found, _more_than_named(path, unknowns, len(found))

    def _named(self, kind: PrincipalKind, reference: str) -> PrincipalKey:
        key = (kind, _principal_name(kind, reference))
        if key not in self.principals:
            # A principal made elsewhere still gets every document this stack gives it.
            self.principals[key] = Principal(kind, _iam_name(kind, reference))
        self.principals[key].spellings.add(_iam_name(kind, reference))
        return key

    def account_of(self, resource) -> str:
        """The account a resource works in, as its provider tells it; else UNNAMED and the provider."""
        provider = getattr(resource, "provider", None)
        if provider is None:
            return UNNAMED
        urn = getattr(provider, "urn", "")
        if urn not in self._account_of_provider:
            self._account_of_provider[urn] = provider_account(getattr(provider, "props", None)) or UNNAMED + urn
        return self._account_of_provider[urn]

    def documents_of(self, resource, links: Links, seen=None) -> list[AppliedDocument]:
        """`seen` is `analyzed_principals.seen_sources` of a principal's own resource."""
        if seen is not None:
            sources, names, _ = seen
        else:
            sources = resource_documents(resource.resource_type, resource.props).sources
            # Read from the same outputs as the documents, so the locations agree.
            names = inline_policy_names(resource.resource_type, resource.props)
        account = EVERY_ACCOUNT if links.assigned else self.account_of(resource)
        documents: list[AppliedDocument] = []
        unknown_items = Counter(_top(source.location) for source in sources
                                if source.kind is DocumentKind.ATTACHMENT and source.unknown)
        for source in sources:
            if source.kind is DocumentKind.IDENTITY:
                if _unknown_echo(resource, source):
                    continue
                documents.append(AppliedDocument(resource.urn, f"{resource.name} ({source.location})", source, account,
                                                 slot=self._slot_of(resource, links, source, names)))
            elif source.kind is DocumentKind.ATTACHMENT:
                documents.extend(self._attached(resource, source, account, unknown_items[_top(source.location)]))
        if links.policy_references is not None:
            documents.extend(self._referenced(resource, links.policy_references))
        return documents

    def _attached(self, resource, source: DocumentSource, account: str, unknowns: int = 1) -> list[AppliedDocument]:
        """The documents an attachment's ARN (or list of ARNs) reaches; `unknowns` is how many ARNs
        of its property are not known yet."""
        if source.unknown:
            dependencies = _dependency_urns(resource, source.location)
            policies = [self.managed_by_urn[urn] for urn in dependencies if urn in self.managed_by_urn]
            if not policies:
                # A policy the program takes from elsewhere, not known yet, may deny what the others
                # grant; an unknown with no source in the program is the provider's echo (below).
                return [AppliedDocument(
                    resource.urn, f"{resource.name} ({source.location})", source, account, slot=(ATTACHED, UNKNOWN)
                )] if dependencies else []
            if _more_than_named(_path_of(resource, source.location), [source.location] * unknowns, len(policies)):
                # One ARN built from several of the stack's policies (`Output.all(a.arn, b.arn).apply(pick)`,
                # a component's output): which one, the update tells.
                return [document._replace(slot=(ATTACHED, document.home_urn), uncertain=True)
                        for document in self._documents_of_policies(resource, policies, account)]
        elif isinstance(source.raw, str):
            policy = self.managed_by_arn.get(source.raw) or self.managed_by_path_and_name(source.raw)
            if policy is None:
                # An AWS managed policy (judged from the snapshot), or one defined elsewhere (unknowable).
                return [AppliedDocument(resource.urn, f"{resource.name} ({source.raw})", source, account,
                                        slot=(ATTACHED, source.raw))]
            policies = [policy]
        else:
            return []
        return [document._replace(slot=(ATTACHED, document.home_urn))
                for document in self._documents_of_policies(resource, policies, account)]

    def _referenced(self, resource, path: str) -> list[AppliedDocument]:
        policies = []
        for _, reference in _values_at(resource.props, path):
            name = reference.get("name") if isinstance(reference, dict) else reference
            policy_path = reference.get("path") if isinstance(reference, dict) else None
            if name is UNKNOWN or policy_path is UNKNOWN:
                policies.extend(self.managed_by_urn[urn] for urn in _dependency_urns(resource, path)
                                if urn in self.managed_by_urn)
            elif isinstance(name, str) and isinstance(policy_path or "/", str):
                policies.extend(self._policies_by_path_and_name().get((policy_path or "/") + name, []))
        # A permission set attaches it in every account it is assigned to: each account's own policy
        # of that name, which is in the account of the provider that made it.
        return [document._replace(slot=(ATTACHED, document.home_urn)) for policy in policies
                for document in self._documents_of_policies(resource, [policy], self.account_of(policy))]

    def _documents_of_policies(self, resource, policies, account: str) -> list[AppliedDocument]:
        return [
            AppliedDocument(policy.urn, f"{resource.name} -> {policy.name} ({policy_source.location})", policy_source,
                            account)
            for policy in policies
            for policy_source in self._identity_sources(policy)
        ]

    def _identity_sources(self, policy) -> list[DocumentSource]:
        # One set of sources per policy, however many principals it is attached to, so that the
        # review parses each once (document_sources.ReviewParses).
        known = self._policy_sources.get(id(policy))
        if known is None:
            # Held beside its sources, so that its id is not reused while it is a key.
            known = self._policy_sources[id(policy)] = (policy, [
                source for source in resource_documents(policy.resource_type, policy.props).sources
                if source.kind is DocumentKind.IDENTITY
            ])
        return known[1]

    def _slot_of(self, resource, links: Links, source: DocumentSource, names: Mapping[str, object]):
        """Where a document of this resource sits on the principals it reaches (`removable_documents`):
        `names` are its inline policies' names, by their documents' locations."""
        if links.arn is not None:
            # A managed policy that names its own principals (aws-native), attached as itself.
            return (ATTACHED, resource.urn)
        if links.assigned:
            return (INLINE, PERMISSION_SET_SLOT)
        name = names.get(source.location)
        if name is None and links.own is None:
            # The provider makes up a name of its own: no other policy has it.
            return (INLINE, ("named by the provider", resource.urn, source.location))
        return (INLINE, name if isinstance(name, str) or name is UNKNOWN else None)

    def note_exclusive_attachments(self, resource, links: Links, targets: list[PrincipalKey], documents,
                                   seen=None) -> None:
        """Note what a resource that makes a principal's attachments exclusive lets it keep: an
        exclusive attachment set, a role that sets its own `inlinePolicies` or `managedPolicyArns`
        (as the program wrote it: `seen`, Analyze's), or a PolicyAttachment, exclusive for its policy."""
        owned = seen[2] if seen is not None else frozenset()
        if resource.resource_type not in EXCLUSIVE_ATTACHMENTS and resource.resource_type != POLICY_ATTACHMENT and (
                not owned):
            return
        account = self.account_of(resource)
        # A role's own list as the program wrote it (Analyze's); its outputs are unknown in a preview.
        sources = seen[0] if seen is not None else resource_documents(resource.resource_type, resource.props).sources
        attachments = [document for document in documents if document.slot is not None and document.slot[0] == ATTACHED]
        kept = {document.slot[1] for document in attachments} | (
            {UNKNOWN} if _lists_unknown(sources, DocumentKind.ATTACHMENT) else set())
        if resource.resource_type in EXCLUSIVE_ATTACHMENTS:
            for key in targets:
                self._keeps.setdefault(key, []).append(Keep(account, ATTACHED, frozenset(kept)))
        elif resource.resource_type == POLICY_ATTACHMENT:
            for name in {document.slot[1] for document in attachments}:
                self._attached_only_to.setdefault(name, []).append(
                    (account, frozenset(targets), UNKNOWN not in kept and not _names_unknown(resource)))
        else:
            key = self.principal_of_urn[resource.urn]
            if ATTACHED in owned:
                self._keeps.setdefault(key, []).append(Keep(account, ATTACHED, frozenset(kept)))
            if INLINE in owned:
                own_names = frozenset(map(_as_listed, seen[1].values()))
                self._keeps.setdefault(key, []).append(Keep(account, INLINE, own_names))

    def note_exclusive_inline(self, resource, kind: str, principal_path: str, kept_path: str) -> None:
        keys, _, _ = self.references(resource, PrincipalKind(kind), principal_path)
        found = _values_at(resource.props, kept_path)
        kept = frozenset(_as_listed(value) for _, value in found)
        for key in keys:
            self._keeps.setdefault(key, []).append(Keep(self.account_of(resource), INLINE, kept))

    def mark_removable(self) -> None:
        for key, principal in self.principals.items():
            def attached_only_to(name, account: str, key=key):
                return _left_out(key, account, self._attached_only_to.get(name, ()))

            entries = [Entry((document.home_urn, document.source.location), document.account, document.slot)
                       for document in principal.documents]
            answers = removable(entries, self._keeps.get(key, ()), may_be_same_account, attached_only_to)
            principal.documents = [_doubted(document, answer)
                                   for document, answer in zip(principal.documents, answers, strict=True)]
            for group, accounts in principal.groups.items():
                for account in accounts:
                    doubt = _left_out(key, account, self._members_only.get(group, ()))
                    if doubt == REMOVED:
                        principal.doubtful_memberships[(group, account)] = REMOVED
                    elif doubt == UNDECIDED:
                        principal.doubtful_memberships.setdefault((group, account), UNDECIDED)

    def add_membership(self, resource, users_path: str | None, groups_path: str) -> None:
        groups, _, several_groups = self.references(resource, GROUP, groups_path)
        if users_path is None:
            users, unresolved, several = [self.principal_of_urn[resource.urn]], False, False
        else:
            users, unresolved, several = self.references(resource, USER, users_path)
        account = self.account_of(resource)
        for user in users:
            for group in groups:
                self.principals[user].groups.setdefault(group, set()).add(account)
                if several or several_groups:
                    # Which of the users or groups its unknown names are, the update tells.
                    self.principals[user].doubtful_memberships.setdefault((group, account), UNDECIDED)
        if resource.resource_type == GROUP_MEMBERSHIP:
            # Exclusive for its group: a user some other resource puts in it is taken out again.
            for group in groups:
                self._members_only.setdefault(group, []).append(
                    (account, frozenset(users), not unresolved and not several))


def _doubted(document: AppliedDocument, doubt) -> AppliedDocument:
    """The document as a REMOVED or UNDECIDED answer (`removable_documents`) leaves it: one the stack
    may take away may not apply, one a preview's unknowns may take away is uncertain."""
    if doubt == REMOVED:
        return document._replace(may_not_apply=True)
    if doubt == UNDECIDED:
        return document._replace(uncertain=True)
    return document


def _left_out(key: PrincipalKey, account: str, lists: Iterable[tuple[str, frozenset, bool]]):
    """Whether exclusive lists of this account (a PolicyAttachment's principals, a GroupMembership's
    users: (account, listed, whether known)) leave the principal out: REMOVED, UNDECIDED or False."""
    return worst(False if key in listed else REMOVED if known else UNDECIDED
                 for other, listed, known in lists if may_be_same_account(account, other))


def _as_listed(value):
    # A value that is no name (`true`) keeps no policy: only what is not known yet may keep any.
    return value if isinstance(value, str) or value is UNKNOWN else repr(value)


def _more_than_named(path: str, unknown_locations: list[str], candidates: int) -> bool:
    """Whether a property's unknown values may name fewer of the candidates its dependencies offer
    than there are: one value (`role`, `policyArn`) from several, or fewer list items than
    candidates. A whole list that is unknown is taken to hold them all."""
    whole_list = path.endswith("[]") and unknown_locations == [path[:-2]]
    return not whole_list and candidates > len(unknown_locations)


def _top(location: str) -> str:
    return location.split(".", 1)[0].split("[", 1)[0]


def _path_of(resource, location: str) -> str:
    """The path in DOCUMENT_LOCATIONS that a document location of this resource comes from."""
    top = _top(location)
    return next((known.path for known in DOCUMENT_LOCATIONS.get(resource.resource_type, ())
                 if _top(known.path) == top), location)


def _lists_unknown(sources: Iterable[DocumentSource], kind: DocumentKind) -> bool:
    """Whether the documents of this kind among a resource's are not all known yet."""
    return any(source.kind is kind and (source.unknown or contains_unknown(source.raw)) for source in sources)


def _names_unknown(resource) -> bool:
    return any(value is UNKNOWN for _, path in LISTED_PRINCIPALS for _, value in _values_at(resource.props, path))


def _unknown_echo(resource, source: DocumentSource) -> bool:
    """Whether a document is unknown during preview only because the provider computes it.

    A value the program sets from another resource's output has that resource among the
    property's dependencies. A role's `inlinePolicies` and `managedPolicyArns` that the program
    leaves out are computed (the provider reads back what the role ends up with), unknown in every
    preview of a new role, and hold nothing but what other resources give it."""
    unknown = source.unknown or contains_unknown(source.raw)
    return unknown and not _dependency_urns(resource, source.location)


def _values_at(props, path: str) -> list:
    # During an update nothing is unknown: a name that is the engine's unknown marker is a name the
    # stack wrote (a valid IAM role name, too), and must not hide its principal from the join.
    return values_known_to_this_run(props, path_steps(path))


def _text_at(props, path: str) -> str | None:
    found = _values_at(props, path)
    value = found[0][1] if found else None
    return value if isinstance(value, str) and value else None


def _iam_name(kind: PrincipalKind, reference: str) -> str:
    # Roles, users and groups are referred to by name, or now and then by ARN. A permission set is
    # referred to by its ARN.
    if kind is not PERMISSION_SET and reference.startswith("arn:"):
        return reference.rsplit("/", 1)[-1]
    return reference


def _principal_name(kind: PrincipalKind, reference: str) -> str:
    # IAM keeps the names of roles, users and groups unique regardless of case.
    name = _iam_name(kind, reference)
    return name if kind is PERMISSION_SET else name.lower()


def _dependency_urns(resource, path: str) -> list[str]:
    # The engine records dependencies per top-level property: `managedPolicyArns`, not `managedPolicyArns[0]`.
    dependencies = getattr(resource, "property_dependencies", None) or {}
    return [getattr(dependency, "urn", dependency) for dependency in dependencies.get(_top(path), ())]
