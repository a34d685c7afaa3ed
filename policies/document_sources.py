"""Where IAM documents live in each resource type, and how to pull them out of a resource.

One row per resource type: adding a type is one line. A path is a property name, with `[]`
to step into every element of a list (`inlinePolicies[].policy`).
"""

import json
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .engine_run import values_can_be_unknown, values_known_to_this_run
from .iam.documents import PolicyDocument, not_a_policy_arn, parse_document
from .iam.instance_memo import memoized_property
from .iam.managed_policies import aws_managed_document
from .iam.values import UNKNOWN, contains_unknown, path_steps, values_at
from .recent_calls import remember_recent_calls


class DocumentKind(Enum):
    TRUST = "trust policy"
    IDENTITY = "permission policy"
    ATTACHMENT = "attached managed policy"


@dataclass(frozen=True)
class Location:
    kind: DocumentKind
    path: str
    # pulumi-aws reads an inline policy block with no document as "remove inline policies"; a
    # permission set's empty inline policy is none.
    empty_means_absent: bool = False


def trust(path: str) -> Location:
    return Location(DocumentKind.TRUST, path)


def identity(path: str, empty_means_absent: bool = False) -> Location:
    return Location(DocumentKind.IDENTITY, path, empty_means_absent)


def attachment(path: str) -> Location:
    return Location(DocumentKind.ATTACHMENT, path)


DOCUMENT_LOCATIONS: dict[str, tuple[Location, ...]] = {
    "aws:iam/role:Role": (
        trust("assumeRolePolicy"),
        identity("inlinePolicies[].policy", empty_means_absent=True),
        attachment("managedPolicyArns[]"),
    ),
    "aws:iam/policy:Policy": (identity("policy"),),
    "aws:iam/rolePolicy:RolePolicy": (identity("policy"),),
    "aws:iam/userPolicy:UserPolicy": (identity("policy"),),
    "aws:iam/groupPolicy:GroupPolicy": (identity("policy"),),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (attachment("policyArn"),),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": (attachment("policyArn"),),
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": (attachment("policyArn"),),
    "aws:iam/policyAttachment:PolicyAttachment": (attachment("policyArn"),),
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": (attachment("policyArns[]"),),
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": (attachment("policyArns[]"),),
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": (attachment("policyArns[]"),),
    # IAM Identity Center makes a permission set a role (AWSReservedSSO_*) in every account it is
    # assigned to, with these policies.
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": (identity("inlinePolicy"),),
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": (attachment("managedPolicyArn"),),
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": (
        attachment("managedPolicyArns[]"),
    ),
    "aws-native:sso:PermissionSet": (
        identity("inlinePolicy", empty_means_absent=True),
        attachment("managedPolicies[]"),
    ),
    "aws-native:iam:Role": (
        trust("assumeRolePolicyDocument"),
        identity("policies[].policyDocument"),
        attachment("managedPolicyArns[]"),
    ),
    "aws-native:iam:ManagedPolicy": (identity("policyDocument"),),
    "aws-native:iam:Policy": (identity("policyDocument"),),
    "aws-native:iam:RolePolicy": (identity("policyDocument"),),
    "aws-native:iam:UserPolicy": (identity("policyDocument"),),
    "aws-native:iam:GroupPolicy": (identity("policyDocument"),),
    "aws-native:iam:User": (identity("policies[].policyDocument"), attachment("managedPolicyArns[]")),
    "aws-native:iam:Group": (identity("policies[].policyDocument"), attachment("managedPolicyArns[]")),
}


@dataclass(frozen=True)
class DocumentSource:
    kind: DocumentKind
    location: str
    raw: object

    @property
    def unknown(self) -> bool:
        return self.raw is UNKNOWN

    def document(self) -> PolicyDocument | None:
        """The parsed document; for an attachment, the managed policy's, or None if not an AWS one."""
        return self._parsed

    def document_unkept(self) -> PolicyDocument | None:
        """`document()`, without keeping the parse on the source: the stack policy reads every
        document of a stack, and keeping them all until it is done costs more memory than parsing
        a recurring one again (short ones come from the parse cache)."""
        return self.__dict__["_parsed"] if "_parsed" in self.__dict__ else self._parse()

    def _parse(self) -> PolicyDocument | None:
        if self.kind is DocumentKind.ATTACHMENT:
            if isinstance(self.raw, str):
                return aws_managed_policy(self.raw)
            # The provider refuses a policy ARN that is not text; the pack must not pass it silently.
            return None if self.raw is UNKNOWN or self.raw is None else not_a_policy_arn(self.raw)
        return parse_cached(self.raw)

    # A policy asks for the same document several times while it judges one resource.
    _parsed = memoized_property(_parse)


class ReviewParses:
    """Parses of a stack's documents for one review of its principals.

    A principal's documents are read several times while it is judged, and a document that reaches
    many principals (a managed policy attached to each role, one whose principal is not known yet)
    once per principal: parsing each read again made a stack of a thousand roles and a dozen 6 KB
    policies take seconds. So a document is parsed once per principal, and kept for the rest of the
    review once a second principal reads it. The documents of one principal alone are let go with
    it, which keeps a big stack's memory down (bench/RESULTS.md).
    """

    def __init__(self) -> None:
        # Sources are held so that their ids stay unique for as long as the ids are keys.
        self._read_before: dict[int, DocumentSource] = {}
        self._kept: dict[int, PolicyDocument | None] = {}
        self._this_principal: dict[int, PolicyDocument | None] = {}

    def next_principal(self) -> None:
        self._this_principal = {}

    def document(self, source: DocumentSource) -> PolicyDocument | None:
        """`source.document()`, parsed at most once per principal and once for all of them."""
        key = id(source)
        for parses in (self._this_principal, self._kept):
            if key in parses:
                return parses[key]
        parsed = source.document_unkept()
        if key in self._read_before:
            self._kept[key] = parsed
        else:
            self._read_before[key] = source
            self._this_principal[key] = parsed
        return parsed


_LOCATION_STEPS = {
    resource_type: tuple(
        (location, path_steps(location.path))
        for location in locations
    )
    for resource_type, locations in DOCUMENT_LOCATIONS.items()
}

@dataclass(frozen=True)
class ResourceDocuments:
    """The documents of one resource, and a fingerprint that tells them from another resource's."""

    sources: tuple[DocumentSource, ...]
    fingerprint: int


def resource_documents(resource_type: str, props) -> ResourceDocuments:
    """The documents of a resource; `props` may be the SDK's read-only proxy or a plain dict.

    Every policy of the pack asks this of the same request. When they get one shared
    proxy (the pack's Analyze, `analyze_loop`), they get one shared answer, so each document is also parsed once.
    A plain dict can be changed between calls, so it is read afresh each time.
    """
    if isinstance(props, dict):
        return _read_documents(props, resource_type)
    return _read_documents_shared(props, resource_type)


def _read_documents(props, resource_type: str) -> ResourceDocuments:
    sources = []
    for location, steps in _LOCATION_STEPS.get(resource_type, ()):
        literal_values = None
        for path, value in values_at(props, steps):
            if value is None or (location.empty_means_absent and value == ""):
                continue
            if type(value) in (dict, list) and contains_unknown(value) and not values_can_be_unknown():
                # An update has no unknown values: a sentinel inside a document is text the stack wrote.
                if literal_values is None:
                    literal_values = dict(values_at(props, steps, markers_are_unknown=False))
                value = literal_values.get(path, value)
            sources.append(DocumentSource(location.kind, path, value))
    return ResourceDocuments(tuple(sources), _fingerprint(sources))


_read_documents_shared = remember_recent_calls(_read_documents)


def _fingerprint(sources: list[DocumentSource]) -> int:
    # A string keeps its hash once computed, so a long text document is hashed once, not copied
    # on every request; other values (object documents, UNKNOWN) are told apart by their text.
    return hash(tuple(
        (source.location, source.raw) if type(source.raw) is str else (source.location, _text_of(source.raw), None)
        for source in sources
    ))


def _text_of(value) -> str:
    """The same text for equal values, also when the SDK converted them twice (for each policy,
    in its own loop): the default repr of its assets and archives shows their address."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(_without_addresses(value))


def _without_addresses(value):
    if isinstance(value, dict):
        return {key: _without_addresses(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_addresses(item) for item in value]
    if value is None or value is UNKNOWN or isinstance(value, str | int | float | bool):
        return value
    return (type(value).__qualname__, _without_addresses(getattr(value, "__dict__", None)))


# The key beside an inline policy's document that holds its name (`inlinePolicies[].name`).
_NAME_BESIDE = {"policy": "name", "policyDocument": "policyName"}


def inline_policy_names(resource_type: str, props) -> dict[str, object]:
    """The names the inline policies of a resource are written under, by the location of their
    documents (`inlinePolicies[0].policy` -> its `inlinePolicies[0].name`, a RolePolicy's `policy`
    -> its `name`); UNKNOWN where not known yet, nothing where the resource gives none."""
    names: dict[str, object] = {}
    for location in DOCUMENT_LOCATIONS.get(resource_type, ()):
        head, _, last = location.path.rpartition(".")
        if location.kind is not DocumentKind.IDENTITY or last not in _NAME_BESIDE:
            continue
        name_path = f"{head}.{_NAME_BESIDE[last]}" if head else _NAME_BESIDE[last]
        # During an update a name spelled like the unknown marker is a name (a valid one, too).
        for path, name in values_known_to_this_run(props, path_steps(name_path)):
            beside = path.rpartition(".")[0]
            names[f"{beside}.{last}" if beside else last] = name
    return names


def parse_cached(raw) -> PolicyDocument:
    """Parse through the parser's cache of recurring documents.

    Object-form documents (aws-native) are keyed by their JSON text, as text documents are: a
    document recurs across resources, and, when the SDK's own Analyze gives each policy its own
    copy of a request's properties (GUARDRAILS_SDK_ANALYZE=1), across the policies of one request.
    """
    if isinstance(raw, dict) and not contains_unknown(raw):
        try:
            return parse_document(json.dumps(raw))
        except (TypeError, ValueError, RecursionError):
            pass
    return parse_document(raw)


@lru_cache(maxsize=512)
def aws_managed_policy(arn: str) -> PolicyDocument | None:
    raw = aws_managed_document(arn)
    return parse_document(raw) if raw is not None else None
