"""The shape of an ARN's resource part: what a set of ARN formats can tell about it, and no more.

Matching an ARN against a service's formats is the dearest step of judging a statement, and a
stack's ARNs differ mostly in names no format spells (`endpoint/churn-7`, `endpoint/churn-8`).
So a match is remembered by the resource part's shape: the resource part with every run of text
that cannot take part in matching any of the formats replaced by one placeholder character.

Why that is exact. IAM compares a resource part with a format's glob as a whole string, a `*` on
either side matching any run of characters, separators included. Take formats whose every literal
piece (the text between two `*`) starts at the glob's start or with a separator (`/`, `:`), and
ends at the glob's end or with a separator: `endpoint/*`, `log-group:*:log-stream:*`, `*/*`. In
any string such a glob matches, each piece covers whole words (runs between separators), so the
glob can only tell a word of the string apart from another by being spelled in one of its pieces.
A run of the ARN's text that no piece's word can cover therefore changes nothing about which
formats match: a whole word that is no piece's word; before the ARN's first `*` of its word, a run
that begins no piece's word; after the last `*`, one that ends none; between two, one inside none.
Replacing such a run by the placeholder, which no piece contains, keeps every answer.
tests/iam/test_arn_shapes.py checks this against comparing with every format.

Formats with a piece that cuts a word (`framework:*-*`, `policy/o-*/p-*`) and ARNs holding `?`
(which matches one character, a separator too, and is rare) get no shape and are matched as before.
"""

import re
from collections.abc import Iterable

SEPARATORS = "/:"
# Splitting keeps the separators: words sit at the even indices, separators at the odd ones.
_WORDS_AND_SEPARATORS = re.compile(r"([/:])")
# Not in any format; an ARN's own NUL characters are never spelled by a format, so become this too.
PLACEHOLDER = "\0"


class ResourceShapes:
    """Shapes of resource parts with respect to one set of ARN formats (their resource globs)."""

    __slots__ = ("_words", "_word_starts", "_word_ends", "_all_words")

    def __init__(self, words: Iterable[str]) -> None:
        words = frozenset(words)
        self._words = words
        self._word_starts = frozenset(word[:end] for word in words for end in range(1, len(word) + 1))
        self._word_ends = frozenset(word[start:] for word in words for start in range(len(word)))
        self._all_words = PLACEHOLDER.join(sorted(words))

    @classmethod
    def for_globs(cls, resource_globs: Iterable[str]) -> "ResourceShapes | None":
        """Shapes for formats with these resource globs (placeholders as `*`); None when a piece cuts a word."""
        words = set()
        for glob in resource_globs:
            pieces = glob.split("*")
            last = len(pieces) - 1
            for index, piece in enumerate(pieces):
                if not piece:
                    continue
                if "?" in piece or PLACEHOLDER in piece:
                    return None
                if (index > 0 and piece[0] not in SEPARATORS) or (index < last and piece[-1] not in SEPARATORS):
                    return None
                words.update(_WORDS_AND_SEPARATORS.split(piece)[::2])
        words.discard("")
        return cls(words)

    def shape(self, resource: str) -> str | None:
        """The resource part with every run no format can spell replaced by PLACEHOLDER; None when it holds `?`."""
        if "?" in resource:
            return None
        parts = _WORDS_AND_SEPARATORS.split(resource)
        words = self._words
        if "*" not in resource:
            # Empty words (`a//b`) are kept: the placeholder must stand for text, not for nothing.
            parts[::2] = [word if not word or word in words else PLACEHOLDER for word in parts[::2]]
        else:
            parts[::2] = [
                word if not word or word in words else self._wildcard_word_shape(word) if "*" in word else PLACEHOLDER
                for word in parts[::2]
            ]
        return "".join(parts)

    def _wildcard_word_shape(self, word: str) -> str:
        runs = word.split("*")
        last = len(runs) - 1
        for index, run in enumerate(runs):
            if not run:
                continue
            if index == 0:
                spelled = run in self._word_starts
            elif index == last:
                spelled = run in self._word_ends
            else:
                spelled = PLACEHOLDER not in run and run in self._all_words
            if not spelled:
                runs[index] = PLACEHOLDER
        return "*".join(runs)
