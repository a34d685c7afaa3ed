"""Condition blocks: `{"Operator": {"key": value-or-values}}`.

Keys are case-insensitive in IAM, so they are kept lower-cased. Operators keep their exact
names: `StringEquals` and `stringequals` are not the same to IAM, and the `IfExists` suffix and
the `ForAnyValue:` / `ForAllValues:` prefixes change what a condition proves.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

from .bounded_cache import cached_when
from .wildcards import has_wildcard

SET_QUALIFIERS = ("ForAnyValue", "ForAllValues")
NEGATED_OPERATORS = frozenset(
    {
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "ArnNotEquals",
        "ArnNotLike",
        "NotIpAddress",
    }
)


@dataclass(frozen=True)
class Condition:
    operator: str
    key: str
    values: tuple[str, ...]

    @property
    def set_qualifier(self) -> str | None:
        return _operator_traits(self.operator).set_qualifier

    @property
    def base_operator(self) -> str:
        """`ForAnyValue:StringLikeIfExists` -> `StringLike`."""
        return _operator_traits(self.operator).base_operator

    @property
    def if_exists(self) -> bool:
        return self.operator.endswith("IfExists")

    def requires_key(self) -> bool:
        """Whether the condition fails when the request lacks the key.

        `...IfExists` and `ForAllValues:` pass on a missing key, `Null` tests presence itself,
        and negated operators pass for any other value, so none of them pins a caller.
        """
        return _operator_traits(self.operator).requires_key


class _OperatorTraits(NamedTuple):
    set_qualifier: str | None
    base_operator: str
    requires_key: bool


# Operator names are short; a longer one (hostile or mistyped) is answered without being cached.
MAX_CACHED_OPERATOR = 64


# A document repeats a handful of operator names; each is taken apart once.
@cached_when(lambda operator: len(operator) <= MAX_CACHED_OPERATOR, maxsize=256)
def _operator_traits(operator: str) -> _OperatorTraits:
    prefix, separator, rest = operator.partition(":")
    set_qualifier = prefix if separator and prefix in SET_QUALIFIERS else None
    name = rest if set_qualifier else operator
    if_exists = operator.endswith("IfExists")
    base_operator = name[: -len("IfExists")] if name.endswith("IfExists") else name
    requires_key = not (
        if_exists or set_qualifier == "ForAllValues" or base_operator == "Null" or base_operator in NEGATED_OPERATORS
    )
    return _OperatorTraits(set_qualifier, base_operator, requires_key)


def is_literal_value(value: str) -> bool:
    """Non-empty, no IAM wildcard and no policy variable: a value that names one thing."""
    return bool(value.strip()) and not has_wildcard(value) and "${" not in value


def pins(
    conditions: tuple[Condition, ...],
    key: str,
    operators: Collection[str],
    value_is_specific: Callable[[str], bool],
) -> bool:
    """Whether some condition on `key` admits only specific values.

    Conditions in one statement are ANDed, so one such condition is enough. It must fail when the
    request lacks the key (see `requires_key`; an `IfExists` form does when the statement also
    demands the key with `Null: false`), use one of `operators` (after stripping IfExists and set
    qualifiers), and hold at least one value, every one of them specific.
    """
    key = key.lower()
    key_demanded = None
    for condition in conditions:
        if condition.key != key or not condition.values:
            continue
        traits = _operator_traits(condition.operator)
        if traits.base_operator not in operators or not all(value_is_specific(value) for value in condition.values):
            continue
        if traits.requires_key:
            return True
        if _fails_only_when_absent(condition, traits):
            if key_demanded is None:
                key_demanded = _demands_key(conditions, key)
            if key_demanded:
                return True
    return False


def _fails_only_when_absent(condition: Condition, traits: _OperatorTraits) -> bool:
    # `StringEqualsIfExists` tests the value like `StringEquals` whenever the key is present; only
    # its pass on a missing key keeps it from pinning anything.
    return (
        condition.if_exists
        and traits.set_qualifier != "ForAllValues"
        and traits.base_operator not in NEGATED_OPERATORS
        and traits.base_operator != "Null"
    )


def _demands_key(conditions: tuple[Condition, ...], key: str) -> bool:
    """Whether a `Null` condition makes the request fail when `key` is absent (`{"Null": {key: "false"}}`)."""
    return any(
        condition.operator == "Null"
        and condition.key == key
        and condition.values
        # Exactly "false" (JSON false reads as it): what IAM makes of "False" is not documented.
        and all(value == "false" for value in condition.values)
        for condition in conditions
    )
