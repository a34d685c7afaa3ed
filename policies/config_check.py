"""What is wrong with the pack config as a whole, noted by the advisories policy.

The CLI checks each policy's config property by property against its schema, but lets through
keys a schema lacks and config for policies the pack does not have. The three resource rules note
the keys of their own config beside their findings (`policy_factory.review`). The stack policy can
note only beside a finding, and a misspelt `production` may be what keeps it from having any; the
advisories policy has no rule of its own to note for it. So Configure records, for those and for
policy names the pack does not know, what is wrong, and the advisories policy says it.
"""

from collections.abc import Iterable

from .servicer_hooks import run_before

_known_keys: dict[str, frozenset[str] | None] = {}  # policy -> its keys; None: the policy notes them itself
_problems: tuple[str, ...] = ()


def watch(policies: Iterable, noted_by_themselves: Iterable[str]) -> None:
    """The pack's policies, and the names of those that note their own unknown keys."""
    themselves = set(noted_by_themselves)
    for policy in policies:
        schema = getattr(policy, "config_schema", None)
        keys = frozenset(getattr(schema, "properties", None) or ())
        _known_keys[policy.name] = None if policy.name in themselves else keys


def pack_config_problems() -> tuple[str, ...]:
    return _problems


def record_problems_at_configure(servicer_class=None) -> bool:
    """Have the SDK's Configure handler record what is wrong with the config; True once installed."""
    return run_before("Configure", _record, servicer_class)


def _record(request) -> None:
    global _problems
    _problems = tuple(_problems_of(request))


def _problems_of(request) -> list[str]:
    problems = []
    for name in sorted(request.policyConfig):
        if name not in _known_keys:
            problems.append(f"the config names the policy {name!r}, which this pack does not have "
                            f"({', '.join(sorted(_known_keys))}); it is ignored")
            continue
        known = _known_keys[name]
        if known is None:
            continue
        for key in sorted(set(request.policyConfig[name].properties.keys()) - known):
            problems.append(f"config key {key!r} of the policy {name} is not one of its "
                            f"({', '.join(sorted(known))}); it is ignored")
    return problems
