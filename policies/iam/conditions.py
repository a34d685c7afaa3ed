"""Condition blocks: `{"Operator": {"key": value-or-values}}`.

Keys are case-insensitive in IAM, so they are kept lower-cased. Operators keep their exact
names: `StringEquals` and `stringequals` are not the same to IAM, and the `IfExists` suffix and
the `ForAnyValue:` / `ForAllValues:` prefixes change what a condition proves.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

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
        prefix, sep, _ = self.operator.partition(":")
        return prefix if sep and prefix in SET_QUALIFIERS else None

    @property
    def base_operator(self) -> str:
        """`ForAnyValue:StringLikeIfExists` -> `StringLike`."""
        name = self.operator.partition(":")[2] if self.set_qualifier else self.operator
        return name[: -len("IfExists")] if name.endswith("IfExists") else name

    @property
    def if_exists(self) -> bool:
        return self.operator.endswith("IfExists")

    def requires_key(self) -> bool:
        """Whether the condition fails when the request lacks the key.

        `...IfExists` and `ForAllValues:` pass on a missing key, `Null` tests presence itself,
        and negated operators pass for any other value, so none of them pins a caller.
        """
        return not (
            self.if_exists
            or self.set_qualifier == "ForAllValues"
            or self.base_operator == "Null"
            or self.base_operator in NEGATED_OPERATORS
        )


def conditions_on(conditions: tuple[Condition, ...], key: str) -> tuple[Condition, ...]:
    key = key.lower()
    return tuple(condition for condition in conditions if condition.key == key)


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
    request lacks the key (see `requires_key`), use one of `operators` (after stripping IfExists and
    set qualifiers), and hold at least one value, every one of them specific.
    """
    return any(
        condition.requires_key()
        and condition.base_operator in operators
        and condition.values
        and all(value_is_specific(value) for value in condition.values)
        for condition in conditions_on(conditions, key)
    )
