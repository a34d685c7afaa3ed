"""Property values as the pack receives them, made plain.

pulumi_policy hands policies read-only proxies that raise UnknownValueError the moment an
unknown (preview-time) value is touched. Rules need to look at a whole document first and
decide afterwards, so values are copied out of the proxies once, with each unknown replaced by
the UNKNOWN marker.
"""

from collections.abc import Mapping, Sequence

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


def plain_fields(props, names, markers_are_unknown: bool = True) -> dict:
    """Proxy-free copies of just the named top-level properties that are present."""
    target = _proxy_target(props)
    return {name: plain(target[name], markers_are_unknown) for name in names if name in target}


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
