"""Sending one resource to the pack and reading its verdict, for every hardening test.

A verdict is the set of policies that reported a mandatory diagnostic: that is what blocks a
deployment. A crash is any diagnostic in which the pack reports that it failed itself; the pack
turns an exception into such a finding instead of raising into the SDK, so a crash shows up as a
message, not as a gRPC error. gRPC errors are crashes too, of a worse kind: the whole preview fails.
"""

from hypothesis import settings

POLICY_PACK = "sagemaker-guardrails"
TRUST = "iam-trust-conditions"
SAGEMAKER = "no-sagemaker-star-in-production"
SCOPED = "iam-permissions-arn-scoped"
ADVISORIES = "guardrails-advisories"
RULES = (TRUST, SAGEMAKER, SCOPED)
STACKS = ("prod", "dev")
PROJECT = "ml-platform"

# What policy_factory.py and advisories.py write when they catch an exception of their own.
CRASH_MARKERS = ("the pack hit an internal error", "could not compute catalog notes")
# What the policy SDK writes when a policy meets a value unknown during preview.
PREVIEW_MARKER = "during preview"


def hardening(**overrides) -> settings:
    """The "hardening" hypothesis profile (tests/hardening/conftest.py), with overrides."""
    return settings(settings.get_profile("hardening"), **overrides)


def crash_messages(result) -> list[str]:
    return [d.message for d in result.diagnostics if any(marker in d.message for marker in CRASH_MARKERS)]


def verdict(result) -> frozenset[str]:
    return frozenset(d.policy_name for d in result.mandatory)


def judge(pack, resource_type: str, props, *, stack: str = "prod", name: str = "subject", preview: bool = False):
    """Analyze one resource on `stack` (in a preview or an update) and fail the test if the pack crashed or died."""
    if pack.stack != stack or pack.project != PROJECT or pack.dry_run != preview:
        pack.configure_stack(stack, PROJECT, dry_run=preview)
    result = pack.analyze(resource_type, props, name=name)
    crashes = crash_messages(result)
    assert not crashes, f"the pack crashed on {resource_type}:\n" + "\n---\n".join(crashes)
    assert pack.alive, "the policy pack process died"
    return result


def judge_request(pack, request, *, stack: str = "prod"):
    """Like `judge`, for a raw AnalyzeRequest (whose URN must name `stack`), in an update."""
    if pack.stack != stack or pack.project != PROJECT or pack.dry_run:
        pack.configure_stack(stack, PROJECT)
    result = pack.analyze_request(request)
    crashes = crash_messages(result)
    assert not crashes, f"the pack crashed on {request.type}:\n" + "\n---\n".join(crashes)
    assert pack.alive, "the policy pack process died"
    return result


def verdicts(pack, resource_type: str, props) -> dict[str, frozenset[str]]:
    """The verdict on every stack in STACKS (a production stack and a development one)."""
    return {stack: verdict(judge(pack, resource_type, props, stack=stack)) for stack in STACKS}


def messages(result) -> str:
    return "\n---\n".join(f"[{d.enforcement_level}] {d.policy_name}: {d.message}" for d in result.diagnostics)
