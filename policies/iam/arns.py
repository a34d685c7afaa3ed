"""ARNs, parsed and checked against the ARN formats in the IAM catalog.

`arn:partition:service:region:account:resource`, where the resource part may itself contain
colons and slashes. Policy ARNs may carry IAM wildcards in any field.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .catalog import IamCatalog
from .wildcards import globs_overlap, has_wildcard, is_only_wildcards

# Partitions are named aws, aws-cn, aws-us-gov, aws-iso-b, ...: a pattern, not a list to keep.
PARTITION = re.compile(r"^aws(-[a-z]+)*$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
ACCOUNT = re.compile(r"^(\d{12}|aws)$")
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
        return not has_wildcard(self.region) and "${" not in self.region

    @property
    def account_is_literal(self) -> bool:
        return not has_wildcard(self.account) and "${" not in self.account


@lru_cache(maxsize=8192)
def parse_arn(text: str) -> Arn | None:
    """The ARN's fields, or None when `text` is not shaped like an ARN at all."""
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
    """The catalog formats this ARN pattern can name a resource of."""
    return tuple(fmt for fmt in formats if globs_overlap(arn.text, format_as_glob(fmt)))


def service_formats(catalog: IamCatalog, service: str) -> tuple[str, ...]:
    return tuple(catalog.arn_formats(service).values())
