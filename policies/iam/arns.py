"""ARNs, parsed and checked against the ARN formats in the IAM catalog.

`arn:partition:service:region:account:resource`, where the resource part may itself contain
colons and slashes. Policy ARNs may carry IAM wildcards in any field.
"""

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from itertools import chain
from operator import methodcaller
from typing import NamedTuple

from .arn_shapes import ResourceShapes
from .bounded_cache import cached_when
from .catalog import IamCatalog
from .wildcards import glob_matches, globs_overlap, has_wildcard, is_only_wildcards, literal_head
from .work_budget import spend

# Partitions are named aws, aws-cn, aws-us-gov, aws-iso-b, ...: a pattern, not a list to keep.
PARTITION = re.compile(r"^aws(-[a-z]+)*$")
# us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1: a pattern, not a list of regions. AWS
# Health names events that concern no one region `global` (`arn:aws:health:global::event/IAM/...`).
REGION = re.compile(r"^([a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}|global)\Z")
ACCOUNT = re.compile(r"^([0-9]{12}|aws)\Z")
# IAM rejects longer ARNs; the bound also keeps pattern matching cheap.
MAX_ARN_LENGTH = 2048
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


class Arn(NamedTuple):
    # A NamedTuple, not a frozen dataclass: documents hold an ARN per statement, and building a
    # tuple costs a fraction of a frozen dataclass's field-by-field __init__.
    text: str
    partition: str
    service: str
    region: str
    account: str
    resource: str

    @property
    def is_effectively_everything(self) -> bool:
        """`arn:*:*:*:*:*`, `arn:aws:s3:::*`, `arn:aws:sagemaker:us-west-2:123456789012:*/*`.

        Once the resource part is nothing but wildcards (and the separators between them), the
        ARN names every resource of its service wherever the other fields point.
        """
        return is_only_wildcards(self.resource.replace("/", "").replace(":", ""))

    @property
    def region_is_literal(self) -> bool:
        return _is_literal_field(self.region)

    @property
    def account_is_literal(self) -> bool:
        return _is_literal_field(self.account)


def _is_literal_field(value: str) -> bool:
    # An empty field is not a literal: where the ARN format has the field, it names nothing.
    return bool(value) and not has_wildcard(value) and "${" not in value


def parse_arn(text: str) -> Arn | None:
    """The ARN's fields, or None when `text` is not shaped like an ARN at all."""
    return None if len(text) > MAX_ARN_LENGTH else _parse_arn(text)


def _parse_arn(text: str) -> Arn | None:
    parts = _split_fields(text) if POLICY_VARIABLE_START in text else text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2] or not parts[5]:
        return None
    return Arn(text, parts[1], parts[2], parts[3], parts[4], parts[5])


POLICY_VARIABLE_START = "${"
# A policy variable is `${` up to the next `}`; its name may hold a colon (`${aws:PrincipalAccount}`).
_FIELD_OR_VARIABLE = re.compile(r"\$\{[^}]*\}|:")


def _split_fields(text: str) -> list[str]:
    """text.split(":", 5), except that a colon inside a policy variable does not end a field."""
    parts, start = [], 0
    for match in _FIELD_OR_VARIABLE.finditer(text):
        if match.group() != ":":
            continue
        parts.append(text[start:match.start()])
        start = match.end()
        if len(parts) == 5:
            break
    parts.append(text[start:])
    return parts


def arn_field_problems(arn: Arn) -> tuple[str, ...]:
    """What is wrong with the fields themselves, whatever the service."""
    return _field_problems(arn.partition, arn.region, arn.account)


# A stack's ARNs share a handful of partition, region and account triples.
@lru_cache(maxsize=1024)
def _field_problems(partition: str, region: str, account: str) -> tuple[str, ...]:
    problems = []
    if not has_wildcard(partition) and not PARTITION.match(partition):
        problems.append(f'partition "{partition}" is not an AWS partition')
    if region and not has_wildcard(region) and "${" not in region and not REGION.match(region):
        problems.append(f'region "{region}" is not a region name')
    if account and not has_wildcard(account) and "${" not in account and not ACCOUNT.match(account):
        problems.append(f'account "{account}" is not a 12-digit account ID')
    return tuple(problems)


def format_as_glob(arn_format: str) -> str:
    """`arn:${Partition}:s3:::${BucketName}/${ObjectName}` -> `arn:*:s3:::*/*`."""
    return PLACEHOLDER.sub("*", arn_format)


def format_as_fields(arn_format: str) -> tuple[str, ...]:
    """The six fields of a catalog ARN format, as globs."""
    fields = format_as_glob(arn_format).split(":", 5)
    return tuple(fields + [""] * (6 - len(fields)))


def _literal_matcher(glob: str) -> Callable[[str], bool]:
    """A test equal to `glob_matches(glob, value)` for values without wildcards, cheap for the common globs."""
    if not has_wildcard(glob):
        return glob.__eq__
    if glob.endswith("*") and not has_wildcard(glob[:-1]):
        return methodcaller("startswith", glob[:-1])  # `endpoint/*`, the commonest shape of a resource part
    # Compiled on first use and through the shared cache, as glob_matches always has been.
    return partial(glob_matches, glob)


class _IndexedFormat:
    """One catalog ARN format, with what comparing an ARN with it needs worked out once."""

    __slots__ = (
        "text", "service", "resource", "resource_prefix", "has_region", "has_account", "presences",
        "literal_fields", "_service_matches", "_resource_matches", "_literal_field_matchers",
    )

    def __init__(self, text: str) -> None:
        fields = format_as_fields(text)
        written = text.split(":", 5) + [""] * 6
        self.text = text
        self.service = fields[2]  # a glob, in practice the literal service prefix
        self.resource = fields[5]  # a glob over the resource part
        self.resource_prefix = literal_head(fields[5])  # the literal start of the resource part (`endpoint/`)
        # Whether the resources have a region, an account that an ARN in production must write out: a
        # placeholder names one; a field the catalog itself writes as `*` in a format that names its
        # resource type (Braket's `device/`, Health's `event/`) is any region or none
        # (`arn:aws:braket:::device/quantum-simulator/amazon/sv1`). One that names no type (Backup's
        # `${ResourceType}:${RecoveryPointId}`) would vouch for any text, so its `*` is read as a placeholder.
        optional = ("", "*") if self.resource_prefix else ("",)
        self.has_region, self.has_account = (written[index] not in optional for index in (3, 4))
        # The (has region, has account) groups of ARNs this format can match.
        self.presences = tuple(
            (region, account)
            for region in _presences(written[3], may_be_absent=written[3] in optional)
            for account in _presences(written[4], may_be_absent=written[4] in optional)
        )
        # Region and account fields that are more than a placeholder (`aws`, `us-west-2`), as (index, glob).
        self.literal_fields = tuple((index, fields[index]) for index in (3, 4) if fields[index] not in ("", "*"))
        self._service_matches = _literal_matcher(self.service)
        self._resource_matches = _literal_matcher(self.resource)
        self._literal_field_matchers = tuple(
            (index - 3, glob, _literal_matcher(glob)) for index, glob in self.literal_fields
        )

    def can_match(self, arn: Arn, service_is_literal: bool, resource_is_literal: bool) -> bool:
        """Whether the ARN can name a resource of this format, whose region and account it has or lacks alike.

        Field by field this is `globs_overlap(value, glob)`, which for a value without wildcards is
        `glob_matches(glob, value)`: that case, the common one, uses the test compiled for the format.
        """
        if service_is_literal:
            if not self._service_matches(arn.service):
                return False
        elif not globs_overlap(arn.service, self.service):
            return False
        if resource_is_literal:
            if not self._resource_matches(arn.resource):
                return False
        elif not globs_overlap(arn.resource, self.resource):
            return False
        return not self._literal_field_matchers or self._literal_fields_can_match(arn)

    def _literal_fields_can_match(self, arn: Arn) -> bool:
        for which, glob, matches_literal in self._literal_field_matchers:
            value = (arn.region, arn.account)[which]
            if not (globs_overlap(value, glob) if has_wildcard(value) else matches_literal(value)):
                return False
        return True


# A resource part up to its first separator after the first character: `endpoint/`, `log-group:`,
# `/restapis/`. The run and the separator exclude each other, so matching cannot backtrack.
_FIRST_SEGMENT = re.compile(r".[^/:]*[/:]", re.DOTALL)


class _FormatGroup:
    """The formats that agree on whether they have a region and an account, indexed by the literal start
    (prefix) of their resource part.

    An ARN can only match a format whose prefix starts the literal head of its resource part or,
    when the ARN has a wildcard there, one whose prefix that head starts. Where the head has a first
    segment, the prefixes that agree with it have the same one, so they are found by segment; where
    it has none, the prefixes that it starts sit together in sorted order. Prefixes without a
    segment (mostly the empty prefix of `${BucketName}`) are few, and found by length.
    """

    def __init__(self, entries: list[_IndexedFormat]) -> None:
        by_prefix: dict[str, list[_IndexedFormat]] = {}
        for entry in entries:
            by_prefix.setdefault(entry.resource_prefix, []).append(entry)
        self._by_prefix = {prefix: tuple(bucket) for prefix, bucket in by_prefix.items()}
        self._sorted_prefixes = sorted(by_prefix)
        by_segment: dict[str, list[tuple[str, tuple[_IndexedFormat, ...]]]] = {}
        unsegmented_lengths = set()
        for prefix in self._sorted_prefixes:
            segment = _FIRST_SEGMENT.match(prefix)
            if segment:
                by_segment.setdefault(segment.group(), []).append((prefix, self._by_prefix[prefix]))
            else:
                unsegmented_lengths.add(len(prefix))
        self._by_first_segment = {segment: tuple(buckets) for segment, buckets in by_segment.items()}
        self._unsegmented_lengths = tuple(sorted(unsegmented_lengths))

    def candidates(self, head: str, head_is_whole_resource: bool) -> Sequence[_IndexedFormat]:
        """The formats whose prefix starts `head` or, unless `head` is the whole resource part (so the
        format must end within it), starts with `head`."""
        segment = _FIRST_SEGMENT.match(head)
        buckets = self._unsegmented_starting(head[: segment.end() - 1] if segment else head)
        if segment:
            # A prefix that `head` starts, or that starts `head`, has the same first segment as `head`.
            for prefix, bucket in self._by_first_segment.get(segment.group(), ()):
                if head.startswith(prefix) or (not head_is_whole_resource and prefix.startswith(head)):
                    buckets.append(bucket)
        elif not head_is_whole_resource:
            buckets += self._longer_prefixes_starting_with(head)
        return buckets[0] if len(buckets) == 1 else tuple(chain.from_iterable(buckets))

    def _unsegmented_starting(self, before_separator: str) -> list[tuple[_IndexedFormat, ...]]:
        """The formats whose prefix, free of separators past its first character, starts the head's first token."""
        buckets = []
        for length in self._unsegmented_lengths:
            if length > len(before_separator):
                break
            bucket = self._by_prefix.get(before_separator[:length])
            if bucket:
                buckets.append(bucket)
        return buckets

    def _longer_prefixes_starting_with(self, head: str) -> list[tuple[_IndexedFormat, ...]]:
        buckets = []
        prefixes = self._sorted_prefixes
        for index in range(bisect_right(prefixes, head), len(prefixes)):
            if not prefixes[index].startswith(head):
                break
            buckets.append(self._by_prefix[prefixes[index]])
        return buckets


# `matching`'s default: the caller has no resource shape at hand (None would mean "has none").
_NOT_WORKED_OUT = object()


class ArnFormats:
    """The ARN formats of some services, indexed so that an ARN pattern is only compared with the
    few formats it can match.

    The pack compares the six colon-separated fields of an ARN separately. (IAM lets a `*` that
    ends a field run on past its colon; that reaches only resources whose names themselves hold
    colons and the rest of an ARN, and the production check wants such fields written out anyway.)
    A format's region or account placeholder names a non-empty value, and an empty field in
    the format means the resource has none, so those two fields must be present or absent together
    (a field of only `*`, in the ARN or as the catalog writes a format, is both: it matches an
    empty field too), with one exception the catalog does not spell: resources AWS itself owns have no account in
    their ARN even where the format has one (`arn:aws:ssm:us-west-2::parameter/aws/service/...`,
    `arn:aws:ssm:us-west-2::document/AWS-RunShellScript`), so an ARN without an account that
    matches no format without one is compared with the formats that have one and whose resource
    part starts with literal text (the resource type).
    Formats are grouped by which of the two they can have, then indexed by the literal start of their
    resource part (see _FormatGroup); those that start with a placeholder are candidates for any ARN.
    """

    def __init__(self, formats: tuple[str, ...]) -> None:
        self.formats = formats
        entries = [_IndexedFormat(text) for text in formats]
        self._by_text = {entry.text: entry for entry in entries}
        by_presence: dict[tuple[bool, bool], list[_IndexedFormat]] = {}
        for entry in entries:
            for presence in entry.presences:
                by_presence.setdefault(presence, []).append(entry)
        self._groups = {present: _FormatGroup(group) for present, group in by_presence.items()}
        self._matches: dict[str, tuple[str, ...]] = {}
        self._shapes = ResourceShapes.for_globs(entry.resource for entry in entries)
        self._matches_by_shape: dict[tuple[str, str, str, str], tuple[str, ...]] = {}
        self._needs_of_any = _needs(entries)
        self._needs_by_match: dict[tuple[str, ...], tuple[bool, bool]] = {}

    def matching(self, arn: Arn, shape: str | None | object = _NOT_WORKED_OUT) -> tuple[str, ...]:
        """The formats this ARN pattern can name a resource of. A caller that already has the ARN's
        `resource_shape` passes it, so it is not worked out twice."""
        # Keyed by the text, whose hash Python keeps, rather than by the Arn, whose hash it recomputes.
        matched = self._matches.get(arn.text)
        if matched is None:
            matched = self._match_by_shape(arn, self.resource_shape(arn) if shape is _NOT_WORKED_OUT else shape)
            if len(self._matches) > 4096:
                self._matches.clear()
            self._matches[arn.text] = matched
        return matched

    def resource_shape(self, arn: Arn) -> str | None:
        """The ARN's resource part with what these formats cannot tell apart blurred (arn_shapes): ARNs
        equal in every other field and in this shape match the same formats. None when it has no shape."""
        return None if self._shapes is None else self._shapes.shape(arn.resource)

    def _match_by_shape(self, arn: Arn, shape: str | None) -> tuple[str, ...]:
        # A stack's ARNs of one kind differ in names no format spells, so they share a shape (arn_shapes).
        if shape is None:
            return self._match(arn)
        key = (arn.service, arn.region, arn.account, shape)
        matched = self._matches_by_shape.get(key)
        if matched is None:
            matched = self._match(arn)
            if len(self._matches_by_shape) > 4096:
                self._matches_by_shape.clear()
            self._matches_by_shape[key] = matched
        return matched

    def need_region_and_account(self, matched: tuple[str, ...]) -> tuple[bool, bool]:
        """Whether the formats an ARN matched (or, if none, any format at all) have a region, an account."""
        if not matched:
            return self._needs_of_any
        # ARNs match the same format or two over and over, so each combination is worked out once.
        needs = self._needs_by_match.get(matched)
        if needs is None:
            if len(self._needs_by_match) > 4096:
                self._needs_by_match.clear()
            needs = self._needs_by_match[matched] = _needs([self._by_text[text] for text in matched])
        return needs

    def _match(self, arn: Arn) -> tuple[str, ...]:
        regions, accounts = _arn_field_presences(arn.region), _arn_field_presences(arn.account)
        matched: tuple[str, ...] = ()
        for has_region in regions:
            for has_account in accounts:
                found = self._match_in(self._groups.get((has_region, has_account)), arn)
                if matched and found:
                    # A format the catalog writes with `*` sits in several groups: count it once.
                    shared = {text for text in matched if len(self._by_text[text].presences) > 1}
                    found = tuple(text for text in found if text not in shared)
                matched += found
        if not matched and not arn.account:
            # Owned by AWS (see above), in a form that names its type: a format whose resource part
            # is all placeholders (Backup's `${ResourceType}:${RecoveryPointId}`) vouches for no form.
            matched = tuple(
                text for has_region in regions for text in self._match_in(self._groups.get((has_region, True)), arn)
                if self._by_text[text].resource_prefix
            )
        return matched

    def _match_in(self, group: "_FormatGroup | None", arn: Arn) -> tuple[str, ...]:
        if group is None:
            return ()
        resource, service = arn.resource, arn.service
        resource_is_literal = "*" not in resource and "?" not in resource
        head = resource if resource_is_literal else literal_head(resource)
        candidates = group.candidates(head, resource_is_literal)
        if not candidates:
            return ()
        spend(len(candidates))
        service_is_literal = "*" not in service and "?" not in service
        return tuple([
            entry.text for entry in candidates if entry.can_match(arn, service_is_literal, resource_is_literal)
        ])


def _arn_field_presences(field: str) -> tuple[bool, ...]:
    """Whether an ARN's region or account field can stand for a resource that has one, one that has none.

    `*` matches zero or more characters and never spans a field, so a field of nothing but `*`
    also matches the empty field of a resource without a region or account (`arn:aws:s3:*:*:b/k`
    names objects in bucket b); `?` stands for exactly one character."""
    return _presences(field, may_be_absent=not field.strip("*"))


def _presences(field: str, may_be_absent: bool) -> tuple[bool, ...]:
    """(False,) for an empty field; else (True, False) where it may also stand for none, (True,) where not."""
    if not field:
        return (False,)
    return (True, False) if may_be_absent else (True,)


def _needs(entries) -> tuple[bool, bool]:
    return any(entry.has_region for entry in entries), any(entry.has_account for entry in entries)


# Service prefixes are short; a longer field (a hostile wildcard) is answered without being cached.
MAX_CACHED_SERVICE_FIELD = 64


@cached_when(lambda catalog, service: len(service) <= MAX_CACHED_SERVICE_FIELD, maxsize=256)
def arn_formats_for_service(catalog: IamCatalog, service: str) -> tuple[tuple[str, ...], ArnFormats]:
    """(the catalog services and ARN service fields an ARN's service field names, the indexed ARN
    formats that spell such a field, whichever services list them)."""
    # IAM fills a policy variable from the request, so `${aws:PrincipalTag/svc}` may be any service.
    service = PLACEHOLDER.sub("*", service)
    fields = catalog.arn_service_fields_matching(service)
    names = tuple(dict.fromkeys(catalog.services_matching(service) + fields))
    return names, arn_formats_of(catalog, fields)


@lru_cache(maxsize=512)
def arn_formats_of(catalog: IamCatalog, service_fields: tuple[str, ...]) -> ArnFormats:
    """The indexed ARN formats whose service field is one of these, built once per set of fields."""
    return ArnFormats(tuple(fmt for field in service_fields for fmt in catalog.arn_formats_spelling(field)))
