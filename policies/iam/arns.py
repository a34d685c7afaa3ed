"""ARNs, parsed and checked against the ARN formats in the IAM catalog.

`arn:partition:service:region:account:resource`, where the resource part may itself contain
colons and slashes. Policy ARNs may carry IAM wildcards in any field.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .catalog import IamCatalog
from .wildcards import glob_matches, globs_overlap, has_wildcard, is_only_wildcards
from .work_budget import spend

# Partitions are named aws, aws-cn, aws-us-gov, aws-iso-b, ...: a pattern, not a list to keep.
PARTITION = re.compile(r"^aws(-[a-z]+)*$")
# us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1: a pattern, not a list of regions.
REGION = re.compile(r"^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$")
ACCOUNT = re.compile(r"^(\d{12}|aws)$")
# IAM rejects longer ARNs; the bound also keeps pattern matching cheap.
MAX_ARN_LENGTH = 2048
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


@dataclass(frozen=True)
class Arn:
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


@lru_cache(maxsize=8192)
def _parse_arn(text: str) -> Arn | None:
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2] or not parts[5]:
        return None
    return Arn(text, parts[1], parts[2], parts[3], parts[4], parts[5])


def arn_field_problems(arn: Arn) -> list[str]:
    """What is wrong with the fields themselves, whatever the service."""
    problems = []
    if not has_wildcard(arn.partition) and not PARTITION.match(arn.partition):
        problems.append(f'partition "{arn.partition}" is not an AWS partition')
    if arn.region and not has_wildcard(arn.region) and "${" not in arn.region and not REGION.match(arn.region):
        problems.append(f'region "{arn.region}" is not a region name')
    if arn.account and not has_wildcard(arn.account) and "${" not in arn.account and not ACCOUNT.match(arn.account):
        problems.append(f'account "{arn.account}" is not a 12-digit account ID')
    return problems


def format_as_glob(arn_format: str) -> str:
    """`arn:${Partition}:s3:::${BucketName}/${ObjectName}` -> `arn:*:s3:::*/*`."""
    return PLACEHOLDER.sub("*", arn_format)


def format_as_fields(arn_format: str) -> tuple[str, ...]:
    """The six fields of a catalog ARN format, as globs."""
    fields = format_as_glob(arn_format).split(":", 5)
    return tuple(fields + [""] * (6 - len(fields)))


@dataclass(frozen=True)
class _IndexedFormat:
    text: str
    service: str  # a glob, in practice the literal service prefix
    resource: str  # a glob over the resource part
    resource_prefix: str  # the literal start of the resource part (`endpoint/`)
    has_region: bool
    has_account: bool
    # Region and account fields that are more than a placeholder (`aws`, `us-west-2`), as (index, glob).
    literal_fields: tuple[tuple[int, str], ...] = ()


class ArnFormats:
    """The ARN formats of some services, indexed so that an ARN pattern is only compared with the
    few formats it can match.

    IAM matches the six colon-separated fields of an ARN separately, so a wildcard never spans a
    field. A format's region or account placeholder names a non-empty value, and an empty field in
    the format means the resource has none, so those two fields must be present or absent together.
    Formats are grouped by which of the two they have, then by the first character of the literal
    start of their resource part; those that start with a placeholder are candidates for any ARN.
    """

    def __init__(self, formats: tuple[str, ...]) -> None:
        self.formats = formats
        self._by_first_character: dict[tuple[bool, bool, str], list[_IndexedFormat]] = {}
        self._unprefixed: dict[tuple[bool, bool], list[_IndexedFormat]] = {}
        self._by_text: dict[str, _IndexedFormat] = {}
        for text in formats:
            fields = format_as_fields(text)
            entry = _IndexedFormat(
                text, fields[2], fields[5], _literal_prefix(fields[5]), bool(fields[3]), bool(fields[4]),
                tuple((index, fields[index]) for index in (3, 4) if fields[index] not in ("", "*")),
            )
            self._by_text[text] = entry
            present = (entry.has_region, entry.has_account)
            if entry.resource_prefix:
                self._by_first_character.setdefault((*present, entry.resource_prefix[0]), []).append(entry)
            else:
                self._unprefixed.setdefault(present, []).append(entry)
        self._matches: dict[Arn, tuple[str, ...]] = {}

    def matching(self, arn: Arn) -> tuple[str, ...]:
        """The formats this ARN pattern can name a resource of."""
        matched = self._matches.get(arn)
        if matched is None:
            prefix = _literal_prefix(arn.resource)
            candidates = self._candidates(arn, prefix)
            spend(len(candidates))
            matched = tuple(entry.text for entry in candidates if _can_match(arn, prefix, entry))
            if len(self._matches) > 4096:
                self._matches.clear()
            self._matches[arn] = matched
        return matched

    def need_region_and_account(self, matched: tuple[str, ...]) -> tuple[bool, bool]:
        """Whether the formats an ARN matched (or, if none, any format at all) have a region, an account."""
        entries = [self._by_text[text] for text in matched] if matched else self._by_text.values()
        return any(e.has_region for e in entries), any(e.has_account for e in entries)

    def _candidates(self, arn: Arn, prefix: str) -> list[_IndexedFormat]:
        present = (bool(arn.region), bool(arn.account))
        candidates = list(self._unprefixed.get(present, ()))
        if prefix:
            candidates += self._by_first_character.get((*present, prefix[0]), ())
        else:
            for (*key, _), entries in self._by_first_character.items():
                if tuple(key) == present:
                    candidates += entries
        return candidates


def _can_match(arn: Arn, prefix: str, entry: _IndexedFormat) -> bool:
    # Whether region and account are present is already the same on both sides.
    if not (prefix.startswith(entry.resource_prefix) or entry.resource_prefix.startswith(prefix)):
        return False
    pairs = [(arn.service, entry.service), (arn.resource, entry.resource)]
    pairs += [((arn.region, arn.account)[index - 3], glob) for index, glob in entry.literal_fields]
    if has_wildcard(arn.text):
        return all(globs_overlap(value, glob) for value, glob in pairs)
    return all(glob_matches(glob, value) for value, glob in pairs)


def _literal_prefix(pattern: str) -> str:
    ends = [index for index in (pattern.find("*"), pattern.find("?")) if index >= 0]
    return pattern[: min(ends)] if ends else pattern


def arn_formats_of(catalog: IamCatalog, services: tuple[str, ...]) -> ArnFormats:
    """The indexed ARN formats of these services, built once per set of services."""
    return _arn_formats_of(catalog, services)


@lru_cache(maxsize=512)
def _arn_formats_of(catalog: IamCatalog, services: tuple[str, ...]) -> ArnFormats:
    return ArnFormats(tuple(fmt for service in services for fmt in catalog.arn_formats(service).values()))
