"""Property values as the pack receives them, made plain.

pulumi_policy hands policies read-only proxies that raise UnknownValueError the moment an
unknown (preview-time) value is touched. Rules need to look at a whole document first and
decide afterwards, so values are copied out of the proxies once, with each unknown replaced by
the UNKNOWN marker.
"""

from collections.abc import Mapping, Sequence
from functools import lru_cache

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    _DictProxy,
    _ListProxy,
)

UNKNOWN_SENTINELS = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    }
)


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def plain(value, markers_are_unknown: bool = True):
    """A proxy-free copy of `value`; unknown sentinels become UNKNOWN unless `markers_are_unknown` is off."""
    # Exact types first: these are nearly all a request holds, and ABC checks cost far more.
    kind = type(value)
    if kind is str:
        return UNKNOWN if markers_are_unknown and value in UNKNOWN_SENTINELS else value
    if kind is _DictProxy or kind is dict:
        return {key: plain(item, markers_are_unknown) for key, item in _proxy_target(value).items()}
    if kind is _ListProxy or kind is list:
        return [plain(item, markers_are_unknown) for item in _proxy_target(value)]
    if isinstance(value, str):
        return UNKNOWN if markers_are_unknown and value in UNKNOWN_SENTINELS else value
    if isinstance(value, Mapping):
        return {key: plain(item, markers_are_unknown) for key, item in _proxy_target(value).items()}
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [plain(item, markers_are_unknown) for item in _proxy_target(value)]
    return value


@lru_cache(maxsize=256)
def path_steps(path: str) -> tuple[tuple[str, bool], ...]:
    """`inlinePolicies[].policy` -> the `values_at` steps (("inlinePolicies", True), ("policy", False))."""
    return tuple((step.removesuffix("[]"), step.endswith("[]")) for step in path.split("."))


def values_at(
    props, steps: tuple[tuple[str, bool], ...], markers_are_unknown: bool = True
) -> list[tuple[str, object]]:
    """(path, plain value) for every value found along `steps` from `props`, copying nothing beside them.

    Each step is (property name, whether it is a list whose items are all followed). Where a step
    meets an unknown instead of an object, the unknown is returned under the step's name; where it
    meets something else than the list or object it expected, that value is returned where it stands. The
    answers are those of walking `plain(props)`, without copying the properties not on the path.
    """
    found: list[tuple[str, object]] = []
    _collect(props, steps, 0, "", markers_are_unknown, found)
    return found


def _collect(node, steps, index: int, prefix: str, markers_are_unknown: bool, found: list) -> None:
    if index == len(steps):
        found.append((prefix, plain(node, markers_are_unknown)))
        return
    name, is_list = steps[index]
    node = _proxy_target(node)
    here = f"{prefix}.{name}" if prefix else name
    if not isinstance(node, Mapping):
        if node is UNKNOWN or (markers_are_unknown and isinstance(node, str) and node in UNKNOWN_SENTINELS):
            found.append((here, UNKNOWN))
        elif index > 0 and node is not None:
            # Something else where an object belongs (`inlinePolicies: ["{...}"]`, a nested list): the
            # rules judge what stands there, so a misshapen value never passes silently.
            found.append((prefix, plain(node, markers_are_unknown)))
        return
    child = node.get(name)
    if child is None:
        return
    if not is_list:
        _collect(child, steps, index + 1, here, markers_are_unknown, found)
    elif _is_list(child):
        for position, item in enumerate(_proxy_target(child)):
            _collect(item, steps, index + 1, f"{here}[{position}]", markers_are_unknown, found)
    else:
        # An unknown list, or something that is not a list at all: let the rule see it.
        found.append((here, plain(child, markers_are_unknown)))


def _is_list(value) -> bool:
    """Whether `plain(value)` is a list."""
    kind = type(value)
    if kind is list or kind is _ListProxy:
        return True
    if isinstance(value, str | bytes | bytearray | Mapping):
        return False
    return isinstance(value, Sequence)


def _proxy_target(value):
    # The SDK's proxies hand out their raw container under this key; reading items through the
    # proxy instead would raise on the first unknown.
    if isinstance(value, _DictProxy | _ListProxy):
        return value["__target"]
    return value


def contains_unknown(value) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False
