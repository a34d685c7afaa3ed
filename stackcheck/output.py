"""Rendering a StackReport: a table for people, JSON for scripts, SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

from .report import Finding, StackReport

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_SCHEMA_PATH = Path(__file__).with_name("schemas") / "sarif-2.1.0.json"
_SARIF_LEVELS = {"mandatory": "error", "remediate": "error", "advisory": "warning", "disabled": "none"}
# GitHub code scanning ranks alerts by this numeric "security-severity" rule property.
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
FORMATS = ("table", "json", "sarif")


def render(report: StackReport, fmt: str, *, width: int | None = None, source_root: Path | None = None) -> str:
    if fmt == "table":
        return render_table(report, width=width)
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(to_sarif(report, source_root=source_root), indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


# --- table ------------------------------------------------------------------------------------

def summary_line(report: StackReport) -> str:
    s = report.summary()
    verdict = "FAILED" if s["mandatory"] else "passed"
    return (f"{report.project}/{report.stack}: {s['resources']} resources checked by {report.pack.name} "
            f"{report.pack_version}; {s['mandatory']} mandatory, {s['advisory']} advisory -> {verdict}")


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""])
    return lines


def _short_type(type_: str) -> str:
    # "aws:iam/role:Role" -> "aws:iam:Role": enough to recognise, short enough for a column.
    parts = type_.split(":")
    if len(parts) == 3:
        return f"{parts[0]}:{parts[1].split('/')[0]}:{parts[2]}"
    return type_


def render_table(report: StackReport, *, width: int | None = None) -> str:
    if width is None:
        width = int(os.environ.get("COLUMNS", 0)) or shutil.get_terminal_size((140, 24)).columns
    width = max(width, 90)
    if not report.findings:
        return f"No policy findings.\n{summary_line(report)}\n"

    headers = ("RESOURCE", "POLICY", "LEVEL", "MESSAGE", "FIX")
    rows = [(f"{f.resource_name}\n{_short_type(f.resource_type)}", f.policy_name, f.enforcement_level,
             f.message, f.fix or "-") for f in report.findings]
    gap = 2
    resource_w = min(30, max(len(line) for row in rows for line in row[0].split("\n")))
    policy_w = min(40, max(len(headers[1]), *(len(row[1]) for row in rows)))
    level_w = max(len(headers[2]), *(len(row[2]) for row in rows))
    rest = max(30, width - resource_w - policy_w - level_w - 4 * gap)
    message_w = rest * 3 // 5
    widths = (resource_w, policy_w, level_w, message_w, rest - message_w)

    def line(cells: list[str]) -> str:
        return (" " * gap).join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    for row in rows:
        wrapped = [_wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        for i in range(max(len(cell) for cell in wrapped)):
            out.append(line([cell[i] if i < len(cell) else "" for cell in wrapped]))
        out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


# --- SARIF ------------------------------------------------------------------------------------

def _artifact_uri(path: Path, source_root: Path) -> str:
    """Relative to the source root (what code-scanning uploads expect), else an absolute file URI."""
    try:
        return path.resolve().relative_to(source_root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def _rule(policy) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": policy.name,
        "name": "".join(part.capitalize() for part in policy.name.replace("_", "-").split("-")),
        "shortDescription": {"text": policy.description or policy.name},
        "defaultConfiguration": {"level": _SARIF_LEVELS.get(policy.enforcement_level, "warning")},
    }
    if policy.display_name:
        rule["fullDescription"] = {"text": policy.display_name}
    if policy.url:
        rule["helpUri"] = policy.url
    if policy.remediation_steps:
        rule["help"] = {"text": policy.remediation_steps}
    properties: dict[str, Any] = {}
    if policy.tags:
        properties["tags"] = list(policy.tags)
    if policy.severity:
        properties["severity"] = policy.severity
        if policy.severity in _SECURITY_SEVERITY:
            properties["security-severity"] = _SECURITY_SEVERITY[policy.severity]
    if properties:
        rule["properties"] = properties
    return rule


def _result(finding: Finding, rule_index: int, report: StackReport, source_root: Path) -> dict[str, Any]:
    text = finding.message or finding.description or finding.policy_name
    if finding.fix:
        text += f"\nFix: {finding.fix}"
    physical: dict[str, Any] = {}
    if report.program_dir is not None:
        path = report.program_dir / finding.source_file if finding.source_file else report.main
        if path is not None:
            physical = {
                "artifactLocation": {"uri": _artifact_uri(path, source_root)},
                # Without a known declaration line, point at the top of the program file.
                "region": {"startLine": finding.source_line or 1},
            }
    location: dict[str, Any] = {
        "logicalLocations": [{
            "name": finding.resource_name,
            "fullyQualifiedName": finding.resource_urn,
            "kind": "resource",
        }],
    }
    if physical:
        location["physicalLocation"] = physical
    fingerprint = hashlib.sha256("\0".join((finding.policy_name, finding.resource_urn, finding.message))
                                 .encode()).hexdigest()
    return {
        "ruleId": finding.policy_name,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS.get(finding.enforcement_level, "warning"),
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"stackcheckFinding/v1": fingerprint},
        "properties": {
            "enforcementLevel": finding.enforcement_level,
            "resourceType": finding.resource_type,
            "fix": finding.fix,
            "stackPolicy": finding.stack_policy,
        },
    }


def to_sarif(report: StackReport, *, source_root: Path | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: the pack as the tool, one rule per policy."""
    from . import __version__

    source_root = Path(source_root or Path.cwd())
    rules = [_rule(policy) for policy in report.pack.policies]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for finding in report.findings:
        if finding.policy_name not in index:  # a diagnostic from a policy the pack did not list
            index[finding.policy_name] = len(rules)
            rules.append({"id": finding.policy_name, "shortDescription": {"text": finding.description or
                                                                         finding.policy_name}})
    driver: dict[str, Any] = {
        "name": report.pack.name,
        "version": report.pack_version,
        "rules": rules,
    }
    if report.pack.repository:
        driver["informationUri"] = report.pack.repository
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": f"stackcheck/{report.project}/{report.stack}/"},
            "invocations": [_invocation(report)],
            "results": [_result(f, index[f.policy_name], report, source_root) for f in report.findings],
            "properties": {"project": report.project, "stack": report.stack, "stackcheckVersion": __version__,
                           "unmockedInvokes": list(report.unmocked_invokes),
                           "configWarnings": list(report.config_warnings)},
        }],
    }


def _invocation(report: StackReport) -> dict[str, Any]:
    """A successful run, with a warning for each value the program read as empty offline: code
    scanning shows them beside the results, which may owe something to those missing values."""
    notifications = [
        _warning("stackcheck/unanswered-data-source",
                 f"No offline answer for {call}: values the program built from it were empty, so findings "
                 "on them may differ from the real stack's (see the stackcheck README).")
        for call in report.unmocked_invokes
    ] + [_warning("stackcheck/config-not-readable", warning) for warning in report.config_warnings]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _warning(descriptor: str, text: str) -> dict[str, Any]:
    return {"level": "warning", "message": {"text": text}, "descriptor": {"id": descriptor}}


def failed_run_sarif(error: str) -> dict[str, Any]:
    """A SARIF log saying the check could not run: CI steps that upload the file after a failed
    check (`if: always()`) find one, with the reason as a tool notification and no results."""
    from . import __version__

    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stackcheck", "version": __version__, "rules": []}},
            "invocations": [{
                "executionSuccessful": False,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": error}}],
            }],
            "results": [],
        }],
    }
