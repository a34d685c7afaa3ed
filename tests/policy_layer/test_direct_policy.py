"""The pack's policies call their checks directly (`policies/direct_policy.py`)."""

from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from policies import POLICIES
from policies.direct_policy import DirectValidationPolicy


def test_every_resource_policy_of_the_pack_calls_its_check_directly():
    resource_policies = [policy for policy in POLICIES if isinstance(policy, ResourceValidationPolicy)]
    assert len(resource_policies) == 4
    assert all(isinstance(policy, DirectValidationPolicy) for policy in resource_policies)
    assert all(policy.has_validation() for policy in resource_policies)


def test_the_check_gets_the_args_and_the_report_callback_and_its_result_is_not_awaited():
    calls = []
    policy = DirectValidationPolicy(
        check=lambda args, report: calls.append((args, report)) or "ignored",
        name="p", description="d", enforcement_level=EnforcementLevel.ADVISORY,
    )
    args, report = object(), print
    assert policy.validate(args, report) is None
    assert calls == [(args, report)]
    assert policy.name == "p" and policy.enforcement_level is EnforcementLevel.ADVISORY


def test_every_hook_on_the_sdk_is_in_place():
    # requirements.txt pins pulumi-policy; a bump that drops a method these wrap must fail here first.
    import policies

    assert policies._HOOKS and all(policies._HOOKS.values()), policies._HOOKS
