"""ARNs, parsed and checked against the ARN formats in the IAM catalog.

`arn:partition:service:region:account:resource`, where the resource part may itself contain
colons and slashes. Policy ARNs may carry IAM wildcards in any field.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .catalog import IamCatalog
from .wildcards import compile_glob, globs_overlap, has_wildcard, is_only_wildcards

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


@lru_cache(maxsize=8192)
def parse_arn(text: str) -> Arn | None:
    """The ARN's fields, or None when `text` is not shaped like an ARN at all."""
    if len(text) > MAX_ARN_LENGTH:
        return None
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


@dataclass(frozen=True)
class FormatFields:
    has_region: bool
    has_account: bool


def format_fields(arn_format: str) -> FormatFields:
    parts = arn_format.split(":", 5)
    if len(parts) < 6:
        return FormatFields(False, False)
    return FormatFields(has_region=bool(parts[3]), has_account=bool(parts[4]))


def matching_formats(arn: Arn, formats: tuple[str, ...]) -> tuple[str, ...]:
    """The catalog formats this ARN pattern can name a resource of.

    A format's region or account placeholder names a non-empty value, and an empty field in the
    format means the resource has none, so those two fields must be present or absent together.
    """
    formats = tuple(fmt for fmt in formats if _same_fields_present(arn, _format_fields(fmt)[0]))
    if not has_wildcard(arn.text):
        return tuple(fmt for fmt in formats if _format_glob(fmt).fullmatch(arn.text))
    # IAM matches the six colon-separated fields of an ARN separately, so a wildcard never spans
    # a field. The literal start of the resource part rejects most formats before the costly
    # pattern-against-pattern test.
    arn_fields = arn.text.split(":", 5)
    arn_prefix = _literal_prefix(arn.resource)
    matched = []
    for fmt in formats:
        format_fields_, format_prefix = _format_fields(fmt)
        if not (arn_prefix.startswith(format_prefix) or format_prefix.startswith(arn_prefix)):
            continue
        if all(globs_overlap(a, f) for a, f in zip(arn_fields, format_fields_, strict=True)):
            matched.append(fmt)
    return tuple(matched)


def _same_fields_present(arn: Arn, format_fields_: tuple[str, ...]) -> bool:
    return bool(arn.region) == bool(format_fields_[3]) and bool(arn.account) == bool(format_fields_[4])


@lru_cache(maxsize=8192)
def _format_glob(arn_format: str):
    return compile_glob(format_as_glob(arn_format), False)


@lru_cache(maxsize=8192)
def _format_fields(arn_format: str) -> tuple[tuple[str, ...], str]:
    fields = format_as_glob(arn_format).split(":", 5)
    fields += [""] * (6 - len(fields))
    return tuple(fields), _literal_prefix(fields[5])


def _literal_prefix(pattern: str) -> str:
    for index, char in enumerate(pattern):
        if char in "*?":
            return pattern[:index]
    return pattern


def service_formats(catalog: IamCatalog, service: str) -> tuple[str, ...]:
    return tuple(catalog.arn_formats(service).values())
