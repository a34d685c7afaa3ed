"""The library entry points: record a program, run the pack over it, collect findings."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .analyzer import AnalyzerClient, Diagnostic
from .program import StackRecording, record_program
from .report import LEVEL_ORDER, Finding, StackReport, split_message
from .resources import ROOT_STACK_TYPE, RecordedResource, make_urn, urn_name, urn_qualified_type

ProgressCallback = Callable[[int, int], None]


def default_pack_dir() -> Path:
    """The policy pack this repository ships: the directory above the stackcheck package."""
    return Path(__file__).resolve().parent.parent


def check_stack(
    program_dir: str | os.PathLike,
    stack: str,
    *,
    pack_dir: str | os.PathLike | None = None,
    policy_config: Mapping[str, Any] | None = None,
    stack_tags: Mapping[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    preview: bool = False,
    client: AnalyzerClient | None = None,
    progress: ProgressCallback | None = None,
    timeout: float = 120.0,
    python: str | None = None,
) -> StackReport:
    """Run the program offline for `stack`, then check every resource against the policy pack.

    Pass a running `client` to reuse one pack process across checks; otherwise the pack in
    `pack_dir` (default: this repository's pack) is started and stopped around the check. `python`
    runs the program (see `record_program`: by default, the interpreter of the program's virtualenv).
    """
    recording = record_program(program_dir, stack, config=dict(config or {}), stack_tags=dict(stack_tags or {}),
                               preview=preview, timeout=timeout, python=python)
    return analyze_recording(recording, pack_dir=pack_dir, policy_config=policy_config, client=client,
                             progress=progress)


def analyze_recording(
    recording: StackRecording,
    *,
    pack_dir: str | os.PathLike | None = None,
    policy_config: Mapping[str, Any] | None = None,
    stack_tags: Mapping[str, str] | None = None,
    client: AnalyzerClient | None = None,
    progress: ProgressCallback | None = None,
) -> StackReport:
    """Check an existing (possibly edited) recording without running the program again."""
    report = analyze_resources(
        recording.resources,
        stack=recording.stack,
        project=recording.project,
        pack_dir=pack_dir,
        policy_config=policy_config,
        stack_tags={**recording.stack_tags, **(stack_tags or {})},
        config=recording.config,
        config_secret_keys=recording.secret_keys,
        organization=recording.organization,
        dry_run=recording.preview,
        client=client,
        progress=progress,
    )
    report.program_dir = recording.program_dir
    report.main = recording.main
    report.unmocked_invokes = list(recording.unmocked_invokes)
    report.config_warnings = list(recording.config_warnings)
    return report


def analyze_resources(
    resources: Iterable[RecordedResource],
    *,
    stack: str = "stack",
    project: str = "project",
    pack_dir: str | os.PathLike | None = None,
    policy_config: Mapping[str, Any] | None = None,
    stack_tags: Mapping[str, str] | None = None,
    config: Mapping[str, str] | None = None,
    config_secret_keys: Iterable[str] = (),
    organization: str = "organization",
    dry_run: bool = False,
    client: AnalyzerClient | None = None,
    progress: ProgressCallback | None = None,
) -> StackReport:
    """The CLI's conversation with the pack for a list of resources: Configure (validated),
    ConfigureStack, Analyze per resource (inputs), then AnalyzeStack once (outputs)."""
    resources = list(resources)
    owned = client is None
    if client is None:
        client = AnalyzerClient.start(pack_dir or default_pack_dir())
    try:
        info = client.info()
        client.configure(policy_config)
        client.configure_stack(stack, project, organization=organization, dry_run=dry_run,
                               tags=dict(stack_tags or {}), config=dict(config or {}),
                               config_secret_keys=config_secret_keys)
        by_urn = {r.urn: r for r in resources}
        findings: list[Finding] = []
        not_applicable = []
        analyzable = [r for r in resources if not r.external]
        for done, resource in enumerate(analyzable, start=1):
            result = client.analyze_resource(resource, by_urn.get(resource.provider_urn))
            findings.extend(_finding(d, _reported(d, by_urn, resource), stack_policy=False) for d in result.diagnostics)
            not_applicable.extend((resource.urn, n) for n in result.not_applicable)
            if progress:
                progress(done, len(analyzable))
        result = client.analyze_stack(resources)
        stack_resource = _stack_resource(resources, stack, project)
        findings.extend(_finding(d, _reported(d, by_urn, stack_resource), stack_policy=True)
                        for d in result.diagnostics)
        not_applicable.extend((stack_resource.urn, n) for n in result.not_applicable)
        manifest_version = str(client.manifest.get("version") or "")
    finally:
        if owned:
            client.close()

    order = {r.urn: i for i, r in enumerate(resources)}
    findings.sort(key=lambda f: (LEVEL_ORDER.get(f.enforcement_level, 9), order.get(f.resource_urn, -1),
                                 f.policy_name, f.message))
    return StackReport(
        project=project,
        stack=stack,
        pack=info,
        pack_version=manifest_version or info.version,
        resources=resources,
        findings=findings,
        not_applicable=not_applicable,
        stack_tags=dict(stack_tags or {}),
    )


def _stack_resource(resources: list[RecordedResource], stack: str, project: str) -> RecordedResource:
    """Where stack-level findings without a URN are attributed: the root stack resource."""
    for resource in resources:
        if resource.type == ROOT_STACK_TYPE:
            return resource
    name = f"{project}-{stack}"
    return RecordedResource(urn=make_urn(stack, project, ROOT_STACK_TYPE, name), type=ROOT_STACK_TYPE, name=name,
                            custom=False)


def _reported(diagnostic: Diagnostic, by_urn: dict[str, RecordedResource], default: RecordedResource):
    """The resource a diagnostic is about: the URN the policy named, else the one analyzed."""
    if not diagnostic.urn:
        return default
    if diagnostic.urn in by_urn:
        return by_urn[diagnostic.urn]
    type_ = urn_qualified_type(diagnostic.urn).split("$")[-1]
    return RecordedResource(urn=diagnostic.urn, type=type_, name=urn_name(diagnostic.urn))


def _finding(diagnostic: Diagnostic, resource: RecordedResource, *, stack_policy: bool) -> Finding:
    message, fix = split_message(diagnostic.message, diagnostic.description)
    return Finding(
        policy_name=diagnostic.policy_name,
        enforcement_level=diagnostic.enforcement_level,
        resource_urn=diagnostic.urn or resource.urn,
        resource_name=resource.name,
        resource_type=resource.type,
        message=message,
        fix=fix,
        description=diagnostic.description,
        severity=diagnostic.severity,
        policy_pack=diagnostic.policy_pack_name,
        stack_policy=stack_policy,
        raw_message=diagnostic.message,
        source_file=resource.source_file,
        source_line=resource.source_line,
    )
