"""IAM's glob language: `*` matches any run of characters, `?` exactly one, everything else itself.

IAM applies it to action names (case-insensitively), to ARNs and to condition values
(case-sensitively). Patterns come from the documents being judged, so matching must stay cheap
whatever they contain: translating globs to backtracking regular expressions would let a pattern
such as `*a*a*a*a*b` take exponential time, so matching here is a linear left-to-right scan.
"""

import re
from functools import lru_cache

from .work_budget import spend

# Past this many cells the pattern-against-pattern test answers "they may overlap" without
# looking. It only feeds advisory checks, so leaning that way can hide a note, never a violation.
MAX_OVERLAP_CELLS = 200_000


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def is_only_wildcards(text: str) -> bool:
    """True for `*`, `**`, `?*` and the like: a pattern that pins nothing."""
    return bool(text) and not text.strip("*?")


def literal_head(pattern: str) -> str:
    """The text before the first `*` or `?`: every string the pattern matches starts with it."""
    return _LITERAL_HEAD.match(pattern).group()


_LITERAL_HEAD = re.compile(r"[^*?]*")


def collapse_stars(pattern: str) -> str:
    """`a**b` -> `a*b`: a run of `*` means what one `*` means."""
    return _STAR_RUNS.sub("*", pattern) if "**" in pattern else pattern


_STAR_RUNS = re.compile(r"\*{2,}")


class Glob:
    """A compiled glob: the literal pieces between `*`s, each possibly holding `?`."""

    __slots__ = ("_pieces", "_ignore_case", "_single")

    def __init__(self, pattern: str, ignore_case: bool) -> None:
        self._ignore_case = ignore_case
        if ignore_case:
            pattern = pattern.lower()
        pieces = collapse_stars(pattern).split("*")
        self._single = len(pieces) == 1
        self._pieces = [_Piece(piece) for piece in pieces]

    def fullmatch(self, text: str) -> bool:
        if self._ignore_case:
            text = text.lower()
        pieces = self._pieces
        if self._single:
            return len(text) == pieces[0].length and pieces[0].matches_at(text, 0)
        first, last = pieces[0], pieces[-1]
        if first.length + last.length > len(text):
            return False
        if not first.matches_at(text, 0) or not last.matches_at(text, len(text) - last.length):
            return False
        position, end = first.length, len(text) - last.length
        for piece in pieces[1:-1]:
            found = piece.find(text, position, end)
            if found < 0:
                return False
            position = found + piece.length
        return True


class _Piece:
    __slots__ = ("text", "length", "_regex")

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        # A piece has a fixed length, so searching for it cannot backtrack badly.
        self._regex = re.compile("".join("." if ch == "?" else re.escape(ch) for ch in text), re.DOTALL) \
            if "?" in text else None

    def matches_at(self, text: str, start: int) -> bool:
        if self._regex is None:
            return text.startswith(self.text, start)
        return self._regex.match(text, start) is not None and start + self.length <= len(text)

    def find(self, text: str, start: int, end: int) -> int:
        """Leftmost start of this piece within text[start:end], or -1."""
        if self._regex is None:
            return text.find(self.text, start, end)
        match = self._regex.search(text, start, end)
        return match.start() if match else -1


@lru_cache(maxsize=8192)
def compile_glob(pattern: str, ignore_case: bool) -> Glob:
    return Glob(pattern, ignore_case)


def glob_matches(pattern: str, text: str, ignore_case: bool = False) -> bool:
    return compile_glob(pattern, ignore_case).fullmatch(text)


def globs_overlap(left: str, right: str, ignore_case: bool = False) -> bool:
    """Whether some string matches both patterns.

    Used to ask whether a user's ARN pattern can name a resource of a catalog ARN format, where
    the format's `${Placeholders}` have already been turned into `*`.
    """
    if ignore_case:
        left, right = left.lower(), right.lower()
    if not has_wildcard(left):
        return glob_matches(right, left)
    if not has_wildcard(right):
        return glob_matches(left, right)
    if "?" not in left and "?" not in right:
        return _star_globs_overlap(left, right)
    # Most pairs overlap through an obvious witness: one side with its wildcards filled in simply.
    for pattern, other in ((left, right), (right, left)):
        for filler in ("", "a"):
            if glob_matches(other, pattern.replace("*", filler).replace("?", "a")):
                return True
    rows, cols = len(left), len(right)
    if rows * cols > MAX_OVERLAP_CELLS:
        return True
    spend(1 + rows * cols // 4)
    # reachable[j]: the first i tokens of `left` and j of `right` can produce the same string.
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


def _star_globs_overlap(left: str, right: str) -> bool:
    """globs_overlap for two patterns that each hold a `*` and no `?`.

    Each `*` can swallow the other pattern's middle pieces, so only the literal text before the
    first `*` and after the last one constrains: one start must extend the other, and likewise
    the ends.
    """
    left_start, left_end = left.partition("*")[0], left.rpartition("*")[2]
    right_start, right_end = right.partition("*")[0], right.rpartition("*")[2]
    starts_agree = left_start.startswith(right_start) or right_start.startswith(left_start)
    ends_agree = left_end.endswith(right_end) or right_end.endswith(left_end)
    return starts_agree and ends_agree
