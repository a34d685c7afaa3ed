"""Findings are data: which rule, which resource, which statement, what is wrong, how to fix it.

They are rendered into a diagnostic message in exactly one place, `render`, so every rule reads
the same way and tools (stackcheck) can parse the fix back out of the message.
"""

from dataclasses import dataclass, replace

from .iam.documents import StatementRef

# How many of its statements a note about several names before it counts the rest.
MAX_STATEMENTS_NAMED = 10


@dataclass(frozen=True)
class StatementRefs:
    """The statements one note is about, when it says the same of each (see `advisories.folded`)."""

    refs: tuple[StatementRef, ...]

    def __str__(self) -> str:
        named = ", ".join(str(ref) for ref in self.refs[:MAX_STATEMENTS_NAMED])
        more = len(self.refs) - MAX_STATEMENTS_NAMED
        return named + (f" and {more} more statements" if more > 0 else "")


@dataclass(frozen=True)
class Finding:
    rule: str
    resource: str
    location: str
    statement: StatementRef | StatementRefs | None
    message: str
    fix: str
    advisory: bool = False

    def as_advisory(self, note: str | None = None) -> "Finding":
        return replace(self.with_note(note) if note else self, advisory=True)

    def with_note(self, note: str) -> "Finding":
        return replace(self, message=f"{self.message} ({note})")


# Messages quote the documents they judge; a pattern can be a megabyte long.
MAX_MESSAGE_CHARACTERS = 2_000


def render(finding: Finding, with_rule: bool = False) -> str:
    where = finding.location
    if finding.statement is not None:
        where = f"{where}, {finding.statement}"
    prefix = f"[{finding.rule}] " if with_rule else ""
    message, fix = _cut(finding.message), _cut(finding.fix)
    return _encodable(f"{prefix}{finding.resource} ({where}): {message}\nFix: {fix}")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARACTERS else text[: MAX_MESSAGE_CHARACTERS - 1] + "…"


def _encodable(text: str) -> str:
    # JSON can spell lone surrogates ("\ud800"), which gRPC cannot send as UTF-8: escape them.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def quote_patterns(patterns, limit: int = 5, length: int = 80) -> str:
    """`["sagemaker:*", "s3:Get*"]`, with long patterns and long lists cut short."""
    shown = [pattern if len(pattern) <= length else pattern[: length - 1] + "…" for pattern in patterns[:limit]]
    more = f", … {len(patterns) - limit} more" if len(patterns) > limit else ""
    return "[" + ", ".join(f'"{pattern}"' for pattern in shown) + more + "]"
