"""Findings and the report of one stack check.

The pack renders each diagnostic message as: the policy description (the SDK prepends it), then
the finding text, then a last line `Fix: ...`. `split_message` takes that apart and degrades to
"no fix" for packs that do not follow the convention.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .analyzer import AnalyzerInfo, NotApplicable
from .resources import RecordedResource

FIX_PREFIX = "Fix: "
LEVEL_ORDER = {"mandatory": 0, "remediate": 1, "advisory": 2, "disabled": 3}


def split_message(message: str, description: str = "") -> tuple[str, str]:
    """(finding text, fix) from a diagnostic message; fix is "" when there is no `Fix:` line."""
    text = message
    if description and text.startswith(description):
        text = text[len(description):]
    lines = text.strip("\n").split("\n")
    fix_at = max((i for i, line in enumerate(lines) if line.startswith(FIX_PREFIX)), default=None)
    if fix_at is None:
        return "\n".join(lines).strip(), ""
    fix = "\n".join([lines[fix_at][len(FIX_PREFIX):], *lines[fix_at + 1:]]).strip()
    body = "\n".join(lines[:fix_at]).strip()
    return body, fix


@dataclass(frozen=True)
class Finding:
    policy_name: str
    enforcement_level: str
    resource_urn: str
    resource_name: str
    resource_type: str
    message: str
    fix: str
    description: str = ""
    severity: str = ""
    policy_pack: str = ""
    stack_policy: bool = False
    raw_message: str = ""
    source_file: str = ""
    source_line: int = 0

    @property
    def mandatory(self) -> bool:
        return self.enforcement_level in ("mandatory", "remediate")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StackReport:
    project: str
    stack: str
    pack: AnalyzerInfo
    pack_version: str
    resources: list[RecordedResource]
    findings: list[Finding]
    not_applicable: list[tuple[str, NotApplicable]] = field(default_factory=list)
    program_dir: Path | None = None
    main: Path | None = None
    stack_tags: dict[str, str] = field(default_factory=dict)
    # Data sources the program called that have no offline answer: they returned nothing.
    unmocked_invokes: list[str] = field(default_factory=list)
    # Config the program could not see as under the CLI (encrypted values, ESC environments).
    config_warnings: list[str] = field(default_factory=list)

    @property
    def mandatory(self) -> list[Finding]:
        return [f for f in self.findings if f.mandatory]

    @property
    def advisory(self) -> list[Finding]:
        return [f for f in self.findings if f.enforcement_level == "advisory"]

    @property
    def passed(self) -> bool:
        return not self.mandatory

    def by_policy(self, policy_name: str) -> list[Finding]:
        return [f for f in self.findings if f.policy_name == policy_name]

    def for_resource(self, name_or_urn: str) -> list[Finding]:
        return [f for f in self.findings if name_or_urn in (f.resource_name, f.resource_urn)]

    def summary(self) -> dict[str, Any]:
        return {
            "resources": len(self.resources),
            "findings": len(self.findings),
            "mandatory": len(self.mandatory),
            "advisory": len(self.advisory),
            "passed": self.passed,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON report shape; keys are stable (additions only)."""
        from . import __version__

        return {
            "schema_version": 1,
            "tool": {"name": "stackcheck", "version": __version__},
            "pack": {"name": self.pack.name, "version": self.pack_version},
            "project": self.project,
            "stack": self.stack,
            "program_dir": str(self.program_dir) if self.program_dir else None,
            "stack_tags": dict(self.stack_tags),
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            # What the program read as empty offline: a finding (or its absence) may come from that.
            "unmocked_invokes": list(self.unmocked_invokes),
            "config_warnings": list(self.config_warnings),
            "policies": [
                {"name": p.name, "description": p.description, "enforcement_level": p.enforcement_level,
                 "severity": p.severity, "url": p.url, "policy_type": p.policy_type}
                for p in self.pack.policies
            ],
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (LEVEL_ORDER.get(f.enforcement_level, 9), f.resource_urn, f.policy_name,
                                           f.message))
