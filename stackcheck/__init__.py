"""stackcheck: test Pulumi Python stacks against a CrossGuard policy pack offline, without the
Pulumi CLI or cloud credentials.

    from stackcheck import check_stack
    report = check_stack("sample_stack", "prod")
    assert not report.mandatory

Names are imported on first use so that `import stackcheck` (and the pytest plugin) stay cheap.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "check_stack": "checker",
    "analyze_recording": "checker",
    "analyze_resources": "checker",
    "default_pack_dir": "checker",
    "record_program": "program",
    "StackRecording": "program",
    "RecordedResource": "resources",
    "make_urn": "resources",
    "AnalyzerClient": "analyzer",
    "PolicyPackProcess": "analyzer",
    "AnalyzerInfo": "analyzer",
    "PolicyInfo": "analyzer",
    "Diagnostic": "analyzer",
    "AnalyzeResult": "analyzer",
    "NotApplicable": "analyzer",
    "resolve_policy_config": "policy_config",
    "ResolvedPolicyConfig": "policy_config",
    "StackReport": "report",
    "Finding": "report",
    "split_message": "report",
    "render": "output",
    "to_sarif": "output",
    "render_policy_document": "policy_document",
    "unknown": "values",
    "secret": "values",
    "is_secret": "values",
    "reveal": "values",
    "StackcheckError": "errors",
    "PackStartError": "errors",
    "AnalyzerCallError": "errors",
    "PolicyConfigError": "errors",
    "ProgramLoadError": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
