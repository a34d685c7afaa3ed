"""Findings are data: which rule, which resource, which statement, what is wrong, how to fix it.

They are rendered into a diagnostic message in exactly one place, `render`, so every rule reads
the same way and tools (stackcheck) can parse the fix back out of the message.
"""

from dataclasses import dataclass, replace

from .iam.documents import StatementRef


@dataclass(frozen=True)
class Finding:
    rule: str
    resource: str
    location: str
    statement: StatementRef | None
    message: str
    fix: str
    advisory: bool = False

    def as_advisory(self, note: str | None = None) -> "Finding":
        message = f"{self.message} ({note})" if note else self.message
        return replace(self, advisory=True, message=message)


def render(finding: Finding, with_rule: bool = False) -> str:
    where = finding.location
    if finding.statement is not None:
        where = f"{where}, {finding.statement}"
    prefix = f"[{finding.rule}] " if with_rule else ""
    return f"{prefix}{finding.resource} ({where}): {finding.message}\nFix: {finding.fix}"
