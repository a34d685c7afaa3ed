"""Which of a principal's documents the stack itself may take away again, so that a Deny in one of
them cannot be trusted to cancel what the principal's other policies grant.

IAM keeps one inline policy per principal and name: a RolePolicy named like another inline policy
of the same role replaces it (PutRolePolicy adds or replaces), whichever resource wrote it. And
pulumi-aws has resources that make a principal's set of policies exclusive: RolePoliciesExclusive
deletes every inline policy it does not list, RolePolicyAttachmentsExclusive detaches every
managed policy it does not list, and a PolicyAttachment detaches its policy from every principal
in the account it does not list. A Deny of all of SageMaker in such a document may be gone once
the stack is deployed; the grants beside it still count, which can only make the verdict stricter.

A document's slot says where it sits: an inline policy and its name (None when the name is not
known: one of the principal's own inline policies, read from outputs whose order need not be the
program's, or a name unknown during preview), or the managed policy ARN it is attached as.
"""

from collections.abc import Mapping

from .iam.values import UNKNOWN

INLINE = "inline"
ATTACHED = "attached"
# A permission set has one inline policy: any two that write it replace each other.
PERMISSION_SET_SLOT = ""

# Exclusive resources: (principal kind, path of its name, path of what it keeps), by type.
EXCLUSIVE_INLINE = {
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": ("role", "roleName", "policyNames[]"),
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": ("user", "userName", "policyNames[]"),
    "aws:iam/groupPoliciesExclusive:GroupPoliciesExclusive": ("group", "groupName", "policyNames[]"),
}
EXCLUSIVE_ATTACHMENTS = {
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ("role", "roleName", "policyArns[]"),
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": ("user", "userName", "policyArns[]"),
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": (
        "group", "groupName", "policyArns[]"),
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": (
        "permission set", "permissionSetArn", "managedPolicyArns[]"),
}


class Keeps:
    """What the stack's exclusive resources let one principal keep: for each such resource, the
    inline policy names or managed policy ARNs it lists (UNKNOWN among them: any)."""

    def __init__(self) -> None:
        self.inline: list[frozenset] = []
        self.attached: list[frozenset] = []


def removable(slots: list[tuple[object, tuple[str, object] | None]], keeps: Keeps | None,
              attached_only_to: Mapping[object, bool]) -> list[bool]:
    """For each of a principal's documents, given as (its resource, its slot), whether it may be
    gone once the stack is deployed. `attached_only_to` tells, for each managed policy a
    PolicyAttachment of the stack attaches, whether that attachment lists this principal."""
    names: dict[str, set] = {}
    any_name: set = set()  # resources with an inline policy whose name may be anything
    for resource, slot in slots:
        if slot is not None and slot[0] == INLINE:
            name = slot[1]
            if _is_known(name):
                names.setdefault(_folded(name), set()).add(resource)
            else:
                any_name.add(resource)
    inline_resources = set().union(any_name, *names.values())
    answers = []
    for resource, slot in slots:
        if slot is None:
            answers.append(False)
            continue
        kind, name = slot
        if kind == INLINE:
            others = inline_resources - {resource} if not _is_known(name) else (
                (names.get(_folded(name), set()) | any_name) - {resource})
            dropped = keeps is not None and any(not _listed(name, kept) for kept in keeps.inline)
            answers.append(bool(others) or dropped)
        else:
            answers.append((keeps is not None and any(not _listed(name, kept) for kept in keeps.attached))
                           or attached_only_to.get(name, True) is False)
    return answers


def _is_known(name) -> bool:
    return name is not None and name is not UNKNOWN


def _folded(name):
    # Whether IAM tells inline policy names apart by case is not documented: assume it may not.
    return name.lower() if isinstance(name, str) else name


def _listed(name, kept: frozenset) -> bool:
    return UNKNOWN in kept or (_is_known(name) and name in kept)
