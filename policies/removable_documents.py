"""Which of a principal's documents the stack itself may take away again, so that a Deny in one of
them cannot be trusted to cancel what the principal's other policies grant.

IAM keeps one inline policy per principal and name: a RolePolicy named like another inline policy
of the same role replaces it (PutRolePolicy adds or replaces), whichever resource wrote it. And
pulumi-aws makes some sets exclusive: RolePoliciesExclusive deletes every inline policy of the role
it does not list, RolePolicyAttachmentsExclusive detaches every managed policy it does not list, a
Role that sets `inlinePolicies` or `managedPolicyArns` does the same, and a PolicyAttachment
detaches its policy from every principal in the account it does not list. A Deny of all of
SageMaker in such a document may be gone once the stack is deployed; the grants beside it still
count, which can only make the verdict stricter.

All of this is within one account: names and exclusive sets of another account touch nothing here.
During preview a name or a list may not be known yet: then a document is only perhaps taken away,
and the verdict that rests on it is left to the update (UNDECIDED).

A document's slot says where it sits: an inline policy and its name (None when no name can be
read), or the managed policy it is attached as (its ARN, or the URN of the stack's policy).
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from .engine_run import values_known_to_this_run
from .iam.values import UNKNOWN, path_steps

INLINE = "inline"
ATTACHED = "attached"
# A permission set has one inline policy: any two that write it replace each other.
PERMISSION_SET_SLOT = ""
# Answers of `removable`, besides False.
REMOVED = "removed"
UNDECIDED = "undecided"

# Exclusive resources: (principal kind, path of its name, path of what it keeps), by type.
EXCLUSIVE_INLINE = {
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": ("role", "roleName", "policyNames[]"),
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": ("user", "userName", "policyNames[]"),
    "aws:iam/groupPoliciesExclusive:GroupPoliciesExclusive": ("group", "groupName", "policyNames[]"),
}
# A principal's own resource that, setting these, makes its inline policies or attachments
# exclusive. pulumi-aws: with no `inlinePolicies` blocks it manages none (`[]` is none), one empty
# block (`[{}]`) removes every inline policy the role did not get from it; `managedPolicyArns: []`
# detaches every managed policy.
OWN_EXCLUSIVE_LISTS = {"aws:iam/role:Role": (("inlinePolicies", INLINE, 1), ("managedPolicyArns", ATTACHED, 0))}
# Their attachments are the documents they produce, so only the types are listed.
EXCLUSIVE_ATTACHMENTS = frozenset({
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive",
    "aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive",
})


class Keep(NamedTuple):
    """What one exclusive set lets a principal keep in one account: the inline policy names or the
    attachments' slot names it lists (UNKNOWN among them while the list is not known yet)."""

    account: str
    kind: str  # INLINE or ATTACHED
    kept: frozenset


class Entry(NamedTuple):
    """One document of a principal, as far as its removal goes."""

    key: object  # tells two documents apart
    account: str
    slot: tuple | None


def owned_lists(resource_type: str, props) -> frozenset[str]:
    """INLINE and/or ATTACHED: which of its sets a principal's own resource makes exclusive, as the
    program wrote it (a role's outputs always hold both lists)."""
    return frozenset(kind for key, kind, fewest in OWN_EXCLUSIVE_LISTS.get(resource_type, ())
                     if any(value is UNKNOWN or isinstance(value, list) and len(value) >= fewest
                            for _, value in values_known_to_this_run(props, path_steps(key))))


def removable(entries: list[Entry], keeps: Iterable[Keep], same_account: Callable[[str, str], bool],
              attached_only_to: Callable[[object, str], object] = lambda slot_name, account: False) -> list:
    """For each entry, False, REMOVED (the stack may take it away) or UNDECIDED (perhaps, once the
    preview's unknowns are known). `attached_only_to(name, account)` answers the same for a managed
    policy attached in that account, as the stack's PolicyAttachments of it decide."""
    keeps = list(keeps)
    inline_by_name: dict[object, list[Entry]] = {}
    for entry in entries:
        slot = entry[2]
        if slot is not None and slot[0] == INLINE:
            inline_by_name.setdefault(_folded(slot[1]), []).append(entry)
    unnamed = inline_by_name.get(None, []) + inline_by_name.get(UNKNOWN, [])
    answers = []
    for key, account, slot in entries:
        if slot is None:
            answers.append(False)
            continue
        kind, name = slot
        found = [attached_only_to(name, account)] if kind == ATTACHED else []
        if kind == INLINE:
            rivals = (sum(inline_by_name.values(), []) if not _is_known(name)
                      else inline_by_name.get(_folded(name), []) + unnamed)
            for other_key, other_account, other_slot in rivals:
                if other_key != key and same_account(account, other_account):
                    found.append(UNDECIDED if UNKNOWN in (name, other_slot[1]) else REMOVED)
        for keep_account, keep_kind, kept in keeps:
            if keep_kind == kind and same_account(account, keep_account):
                found.append(_not_kept(name, kept))
        answers.append(worst(found))
    return answers


def worst(answers: Iterable) -> object:
    """REMOVED if any answer is, else UNDECIDED if any is, else False."""
    answers = set(answers)
    return REMOVED if REMOVED in answers else UNDECIDED if UNDECIDED in answers else False


def _not_kept(name, kept: frozenset):
    if _is_known(name) and name in kept:
        return False
    return UNDECIDED if name is UNKNOWN or UNKNOWN in kept else REMOVED


def _is_known(name) -> bool:
    return name is not None and name is not UNKNOWN


def _folded(name):
    # Whether IAM tells inline policy names apart by case is not documented: assume it may not.
    return name.lower() if isinstance(name, str) else name
