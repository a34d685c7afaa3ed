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


class _Untouchable:
    """Props that fail a test if a policy reads them."""

    def __getattr__(self, name):
        raise AssertionError(f"a policy read the props ({name}) of a type it does not judge")

    def __getitem__(self, key):
        raise AssertionError(f"a policy read the props ({key!r}) of a type it does not judge")


def test_no_resource_policy_reads_a_type_without_iam_documents():
    # What lets the pack's Analyze (analyze_loop) answer such types before converting anything.
    import types

    import policies
    from policies.direct_policy import DirectValidationPolicy
    from policies.document_sources import DOCUMENT_LOCATIONS

    resource_policies = [policy for policy in policies.POLICIES if isinstance(policy, DirectValidationPolicy)]
    assert len(resource_policies) == 4
    for resource_type in ("aws:sagemaker/endpoint:Endpoint", "aws:s3/bucket:Bucket", "kubernetes:core/v1:Pod"):
        assert resource_type not in DOCUMENT_LOCATIONS
        args = types.SimpleNamespace(resource_type=resource_type, props=_Untouchable(), urn="urn:x", name="x",
                                     get_config=lambda: {}, stack_tags={})
        for policy in resource_policies:
            reported: list[str] = []
            policy.validate(args, lambda message, urn=None, into=reported: into.append(message))
            assert reported == [], (policy.name, resource_type)
