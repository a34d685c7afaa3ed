"""A bound on the matching work one policy may spend on one resource.

Parsing is linear in the size of a document, which is itself bounded. Matching is not: a pattern
whose service part is a wildcard is compared with every action in the catalog, and a wildcard ARN
with every ARN format of its service, so a document can be written to cost minutes. Each such
comparison spends from a budget that the policy opens per resource; when it runs out, matching
stops with DocumentTooComplex and the policy blocks the resource instead of guessing.

A unit is about one glob comparison of an action name (roughly a microsecond). Where no budget is
open (unit tests, scripts), nothing is counted.
"""

import threading

# About a second of matching per policy and resource. The costliest of the 1,582 AWS managed
# policies (up to 150 KB, far past what IAM accepts for a customer's document) spends 200,000.
UNITS_PER_RESOURCE = 1_000_000

_local = threading.local()


class DocumentTooComplex(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"judging it takes more than {limit:,} pattern comparisons (docs/bypasses.md, Limits); patterns with "
            "wildcards in the service part, or ARNs made of many wildcards, are what costs"
        )


class budget:
    """Open a budget for the work done inside the `with` block (on this thread).

    A class rather than a generator-based context manager: every policy opens one per resource,
    and this is the cheaper of the two."""

    __slots__ = ("_units", "_previous")

    def __init__(self, units: int = UNITS_PER_RESOURCE) -> None:
        self._units = units

    def __enter__(self) -> None:
        self._previous = getattr(_local, "remaining", None), getattr(_local, "limit", None)
        _local.remaining, _local.limit = self._units, self._units

    def __exit__(self, *exc_info) -> None:
        _local.remaining, _local.limit = self._previous


def spend(units: int) -> None:
    remaining = getattr(_local, "remaining", None)
    if remaining is None:
        return
    remaining -= units
    _local.remaining = remaining
    if remaining < 0:
        raise DocumentTooComplex(_local.limit)
