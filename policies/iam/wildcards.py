"""IAM's glob language: `*` matches any run of characters, `?` exactly one, everything else itself.

IAM applies it to action names (case-insensitively), to ARNs and to condition values
(case-sensitively). Compiled patterns are cached because the same few patterns recur across
every statement of every stack.
"""

import re
from functools import lru_cache

WILDCARD_CHARACTERS = frozenset("*?")


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def is_only_wildcards(text: str) -> bool:
    """True for `*`, `**`, `?*` and the like: a pattern that pins nothing."""
    return bool(text) and all(ch in WILDCARD_CHARACTERS for ch in text)


@lru_cache(maxsize=4096)
def compile_glob(pattern: str, ignore_case: bool) -> re.Pattern:
    parts = []
    for ch in pattern:
        if ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts), flags)


def glob_matches(pattern: str, text: str, ignore_case: bool = False) -> bool:
    return compile_glob(pattern, ignore_case).fullmatch(text) is not None


def globs_overlap(left: str, right: str, ignore_case: bool = False) -> bool:
    """Whether some string matches both patterns.

    Used to ask whether a user's ARN pattern can name a resource of a catalog ARN format, where
    the format's `${Placeholders}` have already been turned into `*`.
    """
    if ignore_case:
        left, right = left.lower(), right.lower()
    if not has_wildcard(left):
        return compile_glob(right, False).fullmatch(left) is not None
    if not has_wildcard(right):
        return compile_glob(left, False).fullmatch(right) is not None
    rows, cols = len(left), len(right)
    # reachable[j]: both patterns can be consumed up to (i, j). Iterative, so long ARNs cannot
    # exhaust the interpreter's recursion limit.
    reachable = [False] * (cols + 1)
    reachable[0] = True
    for j in range(1, cols + 1):
        reachable[j] = reachable[j - 1] and right[j - 1] == "*"
    for i in range(1, rows + 1):
        previous_row = reachable
        reachable = [False] * (cols + 1)
        left_char = left[i - 1]
        reachable[0] = previous_row[0] and left_char == "*"
        for j in range(1, cols + 1):
            right_char = right[j - 1]
            if left_char == "*":
                reachable[j] = previous_row[j] or reachable[j - 1] or previous_row[j - 1]
            elif right_char == "*":
                reachable[j] = reachable[j - 1] or previous_row[j] or previous_row[j - 1]
            else:
                reachable[j] = previous_row[j - 1] and (
                    left_char == right_char or left_char == "?" or right_char == "?"
                )
    return reachable[cols]
