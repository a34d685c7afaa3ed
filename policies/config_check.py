"""What is wrong with the pack config's keys, read once at Configure.

The CLI checks each policy's config property by property against its schema, but lets through
keys a schema lacks and config for policies the pack does not have. Configure records, per policy,
the keys its published schema lacks. The three resource rules note their own beside their findings
(`policy_factory.review`), the stack policy beside its findings; the advisories policy notes the
rest (`pack_config_problems`): its own, the stack policy's (a misspelt `production` may be what
keeps that policy from ever having a finding), and policy names the pack does not know.
"""

from collections.abc import Iterable

from .servicer_hooks import run_before

_known_keys: dict[str, frozenset[str]] = {}  # policy -> the keys of its published config schema
_noted_by_themselves: frozenset[str] = frozenset()
_unknown_keys: dict[str, tuple[str, ...]] = {}  # policy -> the keys Configure sent that its schema lacks
_unknown_policies: tuple[str, ...] = ()


def watch(policies: Iterable, noted_by_themselves: Iterable[str]) -> None:
    """The pack's policies, and the names of the rules that note their own unknown keys."""
    global _noted_by_themselves
    for policy in policies:
        schema = getattr(policy, "config_schema", None)
        _known_keys[policy.name] = frozenset(getattr(schema, "properties", None) or ())
    _noted_by_themselves = frozenset(noted_by_themselves)


def key_problems(policy_name: str) -> tuple[str, ...]:
    """What the policy itself says about the keys of its config that its schema lacks."""
    unknown = _unknown_keys.get(policy_name)
    if not unknown:
        return ()
    known = ", ".join(sorted(_known_keys.get(policy_name, ())))
    return tuple(f"config key {key!r} is not one of this policy's ({known}); it is ignored" for key in unknown)


def pack_config_problems() -> tuple[str, ...]:
    """What the advisories policy says for the policies that note nothing themselves."""
    problems = [
        f"the config names the policy {name!r}, which this pack does not have "
        f"({', '.join(sorted(_known_keys))}); it is ignored"
        for name in _unknown_policies
    ]
    for name, unknown in sorted(_unknown_keys.items()):
        if name not in _noted_by_themselves:
            known = ", ".join(sorted(_known_keys[name]))
            problems.extend(f"config key {key!r} of the policy {name} is not one of its ({known}); it is ignored"
                            for key in unknown)
    return tuple(problems)


def record_problems_at_configure(servicer_class=None) -> bool:
    """Have the SDK's Configure handler record what is wrong with the config; True once installed."""
    return run_before("Configure", _record, servicer_class)


def _record(request) -> None:
    global _unknown_keys, _unknown_policies
    _unknown_policies = tuple(sorted(name for name in request.policyConfig if name not in _known_keys))
    unknown_keys = {}
    for name in request.policyConfig:
        if name in _known_keys:
            unknown = sorted(set(request.policyConfig[name].properties.keys()) - _known_keys[name])
            if unknown:
                unknown_keys[name] = tuple(unknown)
    _unknown_keys = unknown_keys
