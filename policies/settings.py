"""Each policy's configuration: its JSON schema (published through GetAnalyzerInfo, checked by
the Pulumi CLI) and the defensive reading of what actually arrives.

Config can reach the pack without the CLI's validation (another engine, a test, a typo in a
policy group), so reading it never raises: a value of the wrong shape falls back to the
default and is reported as a problem.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .iam.principals import ACCOUNT_ID
from .production import DEFAULT_PRODUCTION_STACK_PATTERNS

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

EXEMPTIONS_SCHEMA = {
    "type": "array",
    "description": (
        "Resources this policy does not block, each with a reason and an expiry date. An expired "
        "exemption no longer applies and the violation says so."
    ),
    "items": {
        "type": "object",
        "properties": {
            "resource": {"type": "string", "description": "A resource URN, or a glob over resource names or URNs."},
            "reason": {"type": "string", "minLength": 1},
            "expires": {"type": "string", "pattern": DATE_PATTERN, "format": "date",
                        "description": "YYYY-MM-DD, inclusive."},
        },
        "required": ["resource", "reason", "expires"],
        "additionalProperties": False,
    },
    "default": [],
}
STRICT_PREVIEW_SCHEMA = {
    "type": "boolean",
    "default": False,
    "description": (
        "Report a document whose value is unknown during preview as a mandatory violation instead "
        "of the SDK's advisory note."
    ),
}
PRODUCTION_SCHEMAS = {
    "productionStackPatterns": {
        "type": "array",
        "items": {"type": "string"},
        "default": list(DEFAULT_PRODUCTION_STACK_PATTERNS),
        "description": "Case-insensitive globs over the stack name that mark a stack as production.",
    },
    "production": {
        "type": "boolean",
        "default": False,
        "description": "Treat every stack as production, whatever its name and tags.",
    },
}
TRUST_SCHEMAS = {
    "internalAccountIds": {
        "type": "array",
        "items": {"type": "string", "pattern": r"^\d{12}$"},
        "default": [],
        "description": "Accounts whose principals may assume roles without sts:ExternalId.",
    },
    "allowPrincipalOrgId": {
        "type": "boolean",
        "default": False,
        "description": "Let a literal aws:PrincipalOrgID condition stand in for sts:ExternalId on AWS principals.",
    },
}


@dataclass(frozen=True)
class Exemption:
    resource: str
    reason: str
    expires: date | None


@dataclass(frozen=True)
class Settings:
    exemptions: tuple[Exemption, ...] = ()
    strict_preview: bool = False
    production_patterns: tuple[str, ...] = DEFAULT_PRODUCTION_STACK_PATTERNS
    force_production: bool = False
    internal_account_ids: frozenset[str] = frozenset()
    allow_principal_org_id: bool = False
    problems: tuple[str, ...] = field(default=(), compare=False)


def read_settings(config: Mapping | None) -> Settings:
    """The settings a policy's config asks for. Every policy reads its config on every resource,
    and the config only changes with Configure, so readings are remembered: by the identity of the
    config's values (nothing in the pack or the SDK changes a config value in place), then by its text."""
    if type(config) is not dict:
        return _read_settings(config)
    # The SDK hands each policy a shallow copy of the config Configure gave it, so until the next
    # Configure the values are the very same objects: found by their identity, a reading needs no repr.
    values = tuple(config.values())
    identity = tuple(map(id, values))
    known = _READINGS_BY_IDENTITY.get(identity)
    if known is not None and known[1] == tuple(config):
        return known[2]
    # repr is faithful for what JSON config holds (str, bool, int, float, None, list, dict).
    text = repr(config)
    settings = _READINGS.get(text)
    if settings is None:
        if len(_READINGS) >= MAX_READINGS:
            _READINGS.clear()
        settings = _READINGS[text] = _read_settings(config)
    if len(_READINGS_BY_IDENTITY) >= MAX_READINGS:
        _READINGS_BY_IDENTITY.clear()
    # The entry holds the values themselves, so none of their ids can be reused while it is kept.
    _READINGS_BY_IDENTITY[identity] = (values, tuple(config), settings)
    return settings


# One reading per policy and config; a bound, because config can come from anywhere.
MAX_READINGS = 64
_READINGS: dict[str, Settings] = {}
_READINGS_BY_IDENTITY: dict[tuple[int, ...], tuple[tuple, tuple, Settings]] = {}


def _read_settings(config: Mapping | None) -> Settings:
    config = config if isinstance(config, Mapping) else {}
    problems: list[str] = []

    def boolean(name: str) -> bool:
        value = config.get(name, False)
        if isinstance(value, bool):
            return value
        problems.append(f"config {name} must be true or false")
        return False

    def strings(name: str, default: tuple[str, ...], pattern: str | None = None) -> tuple[str, ...]:
        value = config.get(name)
        if value is None:
            return default
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(f"config {name} must be a list of strings")
            return default
        if pattern and not all(re.match(pattern, item) for item in value):
            problems.append(f"config {name} has an entry that does not match {pattern}")
        return tuple(value)

    return Settings(
        exemptions=_read_exemptions(config.get("exemptions"), problems),
        strict_preview=boolean("strictPreview"),
        production_patterns=strings("productionStackPatterns", DEFAULT_PRODUCTION_STACK_PATTERNS),
        force_production=boolean("production"),
        internal_account_ids=frozenset(_account_ids(config.get("internalAccountIds"), problems)),
        allow_principal_org_id=boolean("allowPrincipalOrgId"),
        problems=tuple(problems),
    )


def _account_ids(value, problems: list[str]) -> tuple[str, ...]:
    """Account IDs as 12-digit strings. A config written in YAML or sent through protobuf can turn
    `012345678901` into the number 12345678901.0, which is read back with its leading zero."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("config internalAccountIds must be a list of 12-digit account IDs")
        return ()
    accounts = []
    for item in value:
        if isinstance(item, int | float) and not isinstance(item, bool) and float(item).is_integer():
            item = f"{int(item):012d}"
        if isinstance(item, str) and ACCOUNT_ID.match(item):
            accounts.append(item)
        else:
            problems.append(f"config internalAccountIds: {item!r} is not a 12-digit account ID; it is ignored")
    return tuple(accounts)


def _read_exemptions(value, problems: list[str]) -> tuple[Exemption, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("config exemptions must be a list")
        return ()
    exemptions = []
    for index, entry in enumerate(value):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("resource"), str):
            problems.append(f"config exemptions[{index}] needs a resource")
            continue
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"config exemptions[{index}] needs a reason; it is ignored without one")
            continue
        expires = _read_date(entry.get("expires"))
        if expires is None:
            problems.append(f"config exemptions[{index}] needs expires as YYYY-MM-DD; it is ignored without one")
            continue
        exemptions.append(Exemption(entry["resource"], reason.strip(), expires))
    return tuple(exemptions)


def _read_date(value) -> date | None:
    if not isinstance(value, str) or not re.match(DATE_PATTERN, value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
