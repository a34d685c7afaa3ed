"""The pack's own Analyze loop (policies/analyze_loop.py), in-process on the SDK's servicer class.

Over the protocol, tests/pack/test_analyze_loop.py shows it answers every rule case as the SDK's
loop does; here is what it does differently, where no policy can tell.
"""

import ast
from pathlib import Path

import pytest
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy
from pulumi_policy import policy as sdk_policy

import policies  # noqa: F401  (installs the loop, as __main__.py's import does)
from policies import analyze_calls, analyze_loop
from policies.document_sources import DocumentKind

ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"


def analyze_request(resource_type: str = "aws:iam/policy:Policy", protect: bool = True, region: str = "us-west-2"):
    urn = f"urn:pulumi:dev::p::{resource_type}::b"
    request = proto.AnalyzeRequest(type=resource_type, name="b", urn=urn)
    request.properties.update({"name": "b", "policy": "{}"})
    request.options.protect = protect
    request.provider.type = "pulumi:providers:aws"
    request.provider.urn = "urn:pulumi:dev::p::pulumi:providers:aws::default"
    request.provider.properties.update({"region": region})
    return request


def servicer_of(*policies_):
    return sdk_policy._PolicyAnalyzerServicer("pack", "0.0.1", list(policies_), EnforcementLevel.MANDATORY, None)


def recording(name: str, seen: list, **options) -> ResourceValidationPolicy:
    return ResourceValidationPolicy(name=name, description=f"{name} policy",
                                    validate=lambda args, _: seen.append((name, args)), **options)


def test_the_loop_is_installed_when_policies_is_imported():
    analyze = sdk_policy._PolicyAnalyzerServicer.Analyze
    hooks = []
    while analyze is not None:
        hooks.append(getattr(analyze, "_guardrails_hook", None))
        analyze = getattr(analyze, "__wrapped__", None)
    assert analyze_loop._pack_loop in hooks
    assert policies._HOOKS["analyze_loop"]


def test_the_policies_of_one_call_share_its_properties_options_and_provider_and_the_next_call_reads_its_own():
    seen = []
    servicer = servicer_of(*(recording(f"p{i}", seen) for i in range(3)))
    servicer.Analyze(analyze_request(protect=True, region="us-west-2"), None)
    servicer.Analyze(analyze_request(protect=False, region="eu-west-1"), None)
    first, second = [args for _, args in seen[:3]], [args for _, args in seen[3:]]
    assert all(args.props is first[0].props and args.opts is first[0].opts and args.provider is first[0].provider
               for args in first)
    assert first[0].opts.protect and first[0].provider.props["region"] == "us-west-2"
    assert first[0].props["policy"] == "{}"
    assert second[0].props is not first[0].props
    assert not second[0].opts.protect and second[0].provider.props["region"] == "eu-west-1"


def test_a_type_no_policy_reads_is_answered_empty_without_calling_a_policy():
    seen = []
    servicer = servicer_of(recording("p", seen))
    response = servicer.Analyze(analyze_request("aws:sagemaker/endpoint:Endpoint"), None)
    assert list(response.diagnostics) == [] and list(response.not_applicable) == []
    assert seen == []


def test_a_policy_that_reads_nothing_of_the_type_is_passed_over():
    seen = []
    analyze_loop.register_reads("reads-trust-only", frozenset({DocumentKind.TRUST}))
    trust_only = recording("reads-trust-only", seen)
    servicer = servicer_of(trust_only, recording("reads-everything", seen))
    servicer.Analyze(analyze_request(ATTACHMENT), None)
    assert [name for name, _ in seen] == ["reads-everything"]
    servicer.Analyze(analyze_request("aws:iam/role:Role"), None)
    assert [name for name, _ in seen] == ["reads-everything", "reads-trust-only", "reads-everything"]
    # The level the SDK publishes and uses elsewhere (AnalyzeStack, GetAnalyzerInfo) is untouched.
    assert servicer._get_enforcement_level(trust_only) == EnforcementLevel.MANDATORY


def test_each_call_has_its_own_number_and_none_is_left_after_it():
    numbers = []
    policy = ResourceValidationPolicy(name="p", description="d",
                                      validate=lambda args, _: numbers.append(analyze_calls.current_call()))
    servicer = servicer_of(policy)
    request = analyze_request()
    servicer.Analyze(request, None)
    servicer.Analyze(request, None)
    assert None not in numbers and numbers[0] != numbers[1]
    assert analyze_calls.current_call() is None


def the_sdk_loop(servicer, request):
    analyze = type(servicer).Analyze
    while getattr(analyze, "__wrapped__", None) is not None:
        analyze = analyze.__wrapped__
    return analyze(servicer, request, None)


@pytest.mark.parametrize("level", list(EnforcementLevel), ids=lambda level: level.value)
def test_what_only_other_packs_policies_do_is_answered_as_the_sdk_answers(level):
    async def reports_later(args, report_violation):
        report_violation(f"async: {args.name}")

    def reads_an_unknown(args, report_violation):
        raise sdk_policy.UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["policy"])

    def not_applicable(args, report_violation):
        raise sdk_policy._NotApplicableError("not for this one")

    def reports(args, report_violation):
        report_violation("plain", "urn:other")

    servicer = servicer_of(
        ResourceValidationPolicy(name="async", description="d", validate=reports_later),
        ResourceValidationPolicy(name="unknown", description="d", validate=reads_an_unknown),
        ResourceValidationPolicy(name="not-applicable", description="d", validate=not_applicable),
        ResourceValidationPolicy(name="remediation-only", description="d", remediate=lambda args: None),
        ResourceValidationPolicy(name="reports", description="d", validate=reports, enforcement_level=level),
    )
    request = analyze_request()
    ours, sdks = servicer.Analyze(request, None), the_sdk_loop(servicer, request)
    assert ours.SerializeToString(deterministic=True) == sdks.SerializeToString(deterministic=True)
    assert {d.policyName for d in ours.diagnostics} >= {"async", "unknown"}
    assert {n.policy_name for n in ours.not_applicable} == {"not-applicable", "remediation-only"}


def test_an_sdk_without_what_the_loop_calls_keeps_its_own():
    class OtherServicer:
        def Analyze(self, request, context):
            return "the sdk's answer"

    assert not analyze_loop.install(OtherServicer)
    assert OtherServicer().Analyze(analyze_request(), None) == "the sdk's answer"


def pulumi_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name == "pulumi" or name.startswith("pulumi.")]


def test_no_module_of_the_pack_reads_pulumis_runtime_settings_or_config():
    # Why the loop may leave out the SDK's _configure_runtime_settings: nothing here could read them.
    pack = Path(policies.__file__).parent
    found = {name for path in pack.rglob("*.py") for name in pulumi_imports(path)}
    assert found == {"pulumi.runtime.proto"}


def test_the_runtime_settings_are_not_applied_on_each_call(monkeypatch):
    applied = []
    monkeypatch.setattr(sdk_policy._PolicyAnalyzerServicer, "_configure_runtime_settings",
                        lambda self: applied.append(self))
    seen = []
    servicer = servicer_of(recording("p", seen))
    servicer.Analyze(analyze_request(), None)
    assert applied == [] and len(seen) == 1
    the_sdk_loop(servicer, analyze_request())
    assert applied == [servicer]
