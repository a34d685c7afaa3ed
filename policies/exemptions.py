"""Matching findings against the exemptions in a policy's config."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fnmatch import fnmatchcase

from .settings import Exemption


@dataclass(frozen=True)
class ExemptionVerdict:
    exemption: Exemption
    expired: bool

    def note(self) -> str:
        if self.expired:
            return (
                f'an exemption for "{self.exemption.resource}" expired on {self.exemption.expires} '
                f"({self.exemption.reason}); renew it or fix the violation"
            )
        return f"exempt until {self.exemption.expires}: {self.exemption.reason}"


def today() -> date:
    return datetime.now(UTC).date()


def find_exemption(
    exemptions: tuple[Exemption, ...], urn: str, name: str, on: date, aliases: Iterable[str] = ()
) -> ExemptionVerdict | None:
    """The exemption covering this resource (by its URN, its name, or another name it goes by); a
    live one wins over an expired one."""
    names = (name, *aliases)
    expired = None
    for exemption in exemptions:
        if not any(_covers(exemption.resource, urn, each) for each in names):
            continue
        if exemption.expires is not None and exemption.expires >= on:
            return ExemptionVerdict(exemption, expired=False)
        expired = expired or ExemptionVerdict(exemption, expired=True)
    return expired


def _covers(pattern: str, urn: str, name: str) -> bool:
    if pattern.startswith("urn:"):
        # A URN (or URN glob) is matched against URNs only: a resource may be named like another's URN.
        return pattern == urn or fnmatchcase(urn, pattern)
    # A name is also matched as written: to fnmatch `ml-role[0]` is a class that misses `ml-role[0]` itself.
    return pattern == name or fnmatchcase(name, pattern) or fnmatchcase(urn, pattern)
