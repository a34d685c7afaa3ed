"""Is this a production stack? By its name, its tags, or because the pack config says so."""

from collections.abc import Mapping
from fnmatch import fnmatchcase
from functools import lru_cache

DEFAULT_PRODUCTION_STACK_PATTERNS = (
    "prod",
    "production",
    "prd",
    # Each of the words, after a separator at the end of a name (a prefix, as in `prod-sandbox`, is not).
    "*-prod",
    "*-production",
    "*-prd",
    "*_prod",
    "*_production",
    "*_prd",
    "*.prod",
    "*.production",
    "*.prd",
)
ENVIRONMENT_TAG_KEYS = ("environment", "env")
# The same words that name a production stack by default.
PRODUCTION_TAG_VALUES = ("prod", "production", "prd")


def stack_name_from_urn(urn: str) -> str:
    """`urn:pulumi:<stack>::<project>::<type>::<name>` -> `<stack>`."""
    head = urn.split("::", 1)[0]
    parts = head.split(":", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "urn" and parts[1] == "pulumi" else ""


@lru_cache(maxsize=256)
def _stack_is_production(urn_head: str, patterns: tuple[str, ...]) -> bool:
    # Every resource of a stack shares the URN head `urn:pulumi:<stack>`, so this is asked once per stack.
    stack = stack_name_from_urn(urn_head).lower()
    return bool(stack) and any(fnmatchcase(stack, pattern.lower()) for pattern in patterns)


def is_production_stack(
    urn: str,
    stack_tags: Mapping[str, str],
    patterns: tuple[str, ...] = DEFAULT_PRODUCTION_STACK_PATTERNS,
    forced: bool = False,
) -> bool:
    if forced:
        return True
    if _stack_is_production(urn.split("::", 1)[0], tuple(patterns)):
        return True
    for key, value in stack_tags.items():
        if str(key).lower() in ENVIRONMENT_TAG_KEYS and str(value).strip().lower() in PRODUCTION_TAG_VALUES:
            return True
    return False
