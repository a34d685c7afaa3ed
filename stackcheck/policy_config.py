"""Resolve and validate policy configuration the way the CLI does before it calls Configure.

Input is the Pulumi policy-config file format:
    {"all": "advisory",
     "<policy>": "disabled",
     "<policy>": {"enforcementLevel": "mandatory", "<property>": <value>, ...}}
Each policy ends up with a level (its default, then the pack's initial config, then "all", then its
own entry) and properties (schema defaults, then initial config, then its own entry), checked
against its configSchema with jsonschema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .analyzer import AnalyzerInfo, PolicyInfo
from .errors import PolicyConfigError

ENFORCEMENT_LEVELS = ("advisory", "mandatory", "remediate", "disabled")
ALL_POLICIES_KEY = "all"


@dataclass(frozen=True)
class ResolvedPolicyConfig:
    enforcement_level: str
    properties: dict[str, Any] = field(default_factory=dict)


def _split_entry(name: str, entry: Any, problems: list[str]) -> tuple[str | None, dict[str, Any]]:
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, Mapping):
        properties = dict(entry)
        level = properties.pop("enforcementLevel", None)
        if level is not None and not isinstance(level, str):
            problems.append(f"{name}: enforcementLevel must be a string, got {level!r}")
            level = None
        return level, properties
    problems.append(f"{name}: expected an enforcement level or an object, got {type(entry).__name__}")
    return None, {}


def _schema_for(policy: PolicyInfo) -> dict[str, Any]:
    schema = policy.config_schema or {}
    return {
        "type": "object",
        "properties": schema.get("properties") or {},
        "required": list(schema.get("required") or []),
        # Stricter than the CLI on purpose: a misspelt property would otherwise be silently ignored.
        "additionalProperties": False,
    }


def _validate(policy: PolicyInfo, properties: dict[str, Any], problems: list[str]) -> None:
    import jsonschema

    schema = _schema_for(policy)
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_class(schema)
    for error in sorted(validator.iter_errors(properties), key=lambda e: (list(e.absolute_path), e.message)):
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{policy.name}{'.' + where if where else ''}: {error.message}")


def resolve_policy_config(info: AnalyzerInfo, user_config: Mapping[str, Any] | None) -> dict[str, ResolvedPolicyConfig]:
    """The complete per-policy config to send; raises PolicyConfigError listing every problem."""
    if not isinstance(user_config or {}, Mapping):
        raise PolicyConfigError([f"policy config must be an object, got {type(user_config).__name__}"])
    problems: list[str] = []
    user = dict(user_config or {})

    all_level = None
    if ALL_POLICIES_KEY in user:
        all_level, all_properties = _split_entry(ALL_POLICIES_KEY, user.pop(ALL_POLICIES_KEY), problems)
        if all_properties:
            problems.append(f"{ALL_POLICIES_KEY}: only enforcementLevel can be set for all policies")
        if all_level is not None and all_level not in ENFORCEMENT_LEVELS:
            problems.append(f"{ALL_POLICIES_KEY}: enforcement level {all_level!r} is not one of "
                            f"{', '.join(ENFORCEMENT_LEVELS)}")
            all_level = None

    known = set(info.policy_names)
    for name in sorted(set(user) - known):
        problems.append(f"{name}: no such policy in pack {info.name} (policies: {', '.join(sorted(known))})")

    resolved: dict[str, ResolvedPolicyConfig] = {}
    for policy in info.policies:
        schema_properties = (policy.config_schema or {}).get("properties") or {}
        properties = {key: spec["default"] for key, spec in schema_properties.items()
                      if isinstance(spec, Mapping) and "default" in spec}
        level = policy.enforcement_level
        initial = info.initial_config.get(policy.name)
        if initial:
            level = initial.get("enforcementLevel") or level
            properties.update(initial.get("properties") or {})
        if all_level:
            level = all_level
        if policy.name in user:
            own_level, own_properties = _split_entry(policy.name, user[policy.name], problems)
            level = own_level or level
            properties.update(own_properties)
        if level not in ENFORCEMENT_LEVELS:
            problems.append(f"{policy.name}: enforcement level {level!r} is not one of {', '.join(ENFORCEMENT_LEVELS)}")
        _validate(policy, properties, problems)
        resolved[policy.name] = ResolvedPolicyConfig(level, properties)

    if problems:
        raise PolicyConfigError(problems)
    return resolved
