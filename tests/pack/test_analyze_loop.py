"""The pack gives the same answers through its own Analyze loop (`policies/analyze_loop.py`, on by
default: one conversion of a request for all policies) as through pulumi-policy's own loop."""

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stackcheck.analyzer import AnalyzerClient
from stackcheck.errors import AnalyzerCallError

from .cases import ALL_CASES
from .test_rules_over_protocol import run_case

PACK_DIR = Path(__file__).resolve().parents[2]
PROVIDER = {"type": "pulumi:providers:aws", "urn": "urn:pulumi:prod::ml-platform::pulumi:providers:aws::default",
            "name": "default", "properties": {"region": "us-west-2", "version": "6.0.0"}}


@pytest.fixture(scope="module")
def sdk_loop_pack():
    with AnalyzerClient.start(PACK_DIR, env={"GUARDRAILS_SDK_ANALYZE": "1"}) as client:
        yield client


def answer(result) -> tuple:
    return (
        sorted((d.policy_name, d.enforcement_level, d.message) for d in result.diagnostics),
        sorted((n.policy_name, n.reason) for n in result.not_applicable),
    )


def test_every_rule_case_gets_the_same_answer_from_both_loops(policy_pack, sdk_loop_pack):
    differences = [
        case.id for case in ALL_CASES if answer(run_case(policy_pack, case)) != answer(run_case(sdk_loop_pack, case))
    ]
    assert differences == []


def test_a_request_with_a_provider_gets_the_same_answer(policy_pack, sdk_loop_pack):
    # The provider's properties are converted too: once per request by the pack, once per policy by the SDK.
    role = {
        "assumeRolePolicy": '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},'
                            ' "Action": "sts:AssumeRole"}}',
        "inlinePolicies": [{"name": "p", "policy": '{"Statement": {"Effect": "Allow", "Action": "sagemaker:*", '
                                                   '"Resource": "*"}}'}],
    }
    answers = []
    for client in (policy_pack, sdk_loop_pack):
        client.configure(None)
        client.configure_stack("prod", "ml-platform")
        answers.append(answer(client.analyze("aws:iam/role:Role", role, name="r", provider=PROVIDER)))
    ours, sdks = answers
    assert ours == sdks
    assert {name for name, level, _ in ours[0] if level == "mandatory"} == {
        "iam-trust-conditions", "no-sagemaker-star-in-production", "iam-permissions-arn-scoped"}


LEVELS = [
    {"all": "advisory"},
    {"all": "mandatory"},
    {"iam-trust-conditions": "disabled", "guardrails-advisories": "disabled"},
    {"no-sagemaker-star-in-production": "remediate", "iam-permissions-arn-scoped": "advisory"},
]


@pytest.mark.parametrize("levels", LEVELS, ids=lambda levels: ",".join(f"{k}={v}" for k, v in levels.items()))
def test_configured_levels_give_the_same_answer_from_both_loops(policy_pack, sdk_loop_pack, levels):
    role = {
        "assumeRolePolicy": '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},'
                            ' "Action": "sts:AssumeRole"}}',
        "inlinePolicies": [{"name": "p", "policy": '{"Statement": {"Effect": "Allow", "Action": "sagemaker:Describe*", '
                                                   '"Resource": "*"}}'}],
    }
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    unknown_role = {"assumeRolePolicy": unknown, "inlinePolicies": [{"name": "p", "policy": unknown}]}
    answers = []
    for client in (policy_pack, sdk_loop_pack):
        client.configure(levels)
        answer_of = []
        for preview in (False, True):
            client.configure_stack("prod", "ml-platform", dry_run=preview)
            answer_of.append(answer(client.analyze("aws:iam/role:Role", role, name="r")))
            answer_of.append(answer(client.analyze("aws:iam/role:Role", unknown_role, name="u")))
        answers.append(answer_of)
        client.configure(None)
    ours, sdks = answers
    assert ours == sdks
    # The levels took effect: a disabled policy says nothing, an "advisory" one does not block.
    said = {name for diagnostics, _ in ours for name, _, _ in diagnostics}
    blocked = {name for diagnostics, _ in ours for name, level, _ in diagnostics if level == "mandatory"}
    for name, level in levels.items():
        if level == "disabled":
            assert name not in said
        if level == "advisory":
            assert name not in blocked
    assert any("during preview" in message for diagnostics, _ in ours for _, _, message in diagnostics)


def test_concurrent_requests_each_get_their_own_answer(policy_pack):
    # The engine analyzes resources in parallel; what the policies share is per thread and per request.
    cases = [case for case in ALL_CASES if not case.config and not case.tags and case.stack == "prod"]
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform")

    def analyze(case):
        resource_type, props = case.resource
        return answer(policy_pack.analyze(resource_type, props, name=case.id))

    one_by_one = [analyze(case) for case in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        at_once = list(pool.map(analyze, cases * 3))
    assert len(cases) > 50
    assert at_once == one_by_one * 3


def test_a_document_given_as_an_asset_gets_the_same_notes_from_both_loops(policy_pack, sdk_loop_pack):
    # The SDK's loop converts the properties again for each policy, and an asset's default repr
    # shows its address: the notes a rule left were looked up under another fingerprint and lost.
    asset = {"4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", "text": "{}"}
    exempt = {"exemptions": [{"resource": "r", "reason": "migrating (JIRA-1)", "expires": "2999-12-31"}]}
    config = {"no-sagemaker-star-in-production": exempt, "iam-permissions-arn-scoped": {**exempt}}
    answers = []
    for client in (policy_pack, sdk_loop_pack):
        client.configure(config)
        client.configure_stack("prod", "ml-platform")
        answers.append(answer(client.analyze("aws:iam/policy:Policy", {"name": "r", "policy": asset}, name="r")))
        client.configure(None)
    ours, sdks = answers
    assert ours == sdks
    notes = [message for name, level, message in ours[0] if name == "guardrails-advisories"]
    assert len(notes) == 2 and all("exempt" in note for note in notes)


# What the Pulumi CLI puts in a policy pack's environment (besides its own): under it the SDK's loop
# re-applies Pulumi's runtime settings and config on every call, which the pack's loop leaves out.
CLI_ENVIRONMENT = {"PULUMI_PROJECT": "ml-platform", "PULUMI_STACK": "prod", "PULUMI_ORGANIZATION": "acme",
                   "PULUMI_DRY_RUN": "false", "PULUMI_CONFIG": '{"aws:region": "us-west-2", "ml-platform:team": "ml"}'}


def test_under_the_clis_environment_every_rule_case_with_a_provider_gets_the_same_answer_from_both_loops():
    answers = []
    for loop in ({}, {"GUARDRAILS_SDK_ANALYZE": "1"}):
        with AnalyzerClient.start(PACK_DIR, env={**CLI_ENVIRONMENT, **loop}) as client:
            answer_of = []
            for case in ALL_CASES:
                client.configure(case.config)
                client.configure_stack(case.stack, "ml-platform", tags=case.tags, dry_run=case.preview)
                resource_type, props = case.resource
                answer_of.append(answer(client.analyze(resource_type, props, name=case.id, provider=PROVIDER)))
            answers.append(answer_of)
    ours, sdks = answers
    assert ours == sdks
    assert sum(1 for diagnostics, _ in ours if any(level == "mandatory" for _, level, _ in diagnostics)) > 50


def test_properties_nested_too_deeply_for_the_sdk_fail_in_both_loops(policy_pack, sdk_loop_pack):
    # pulumi-policy cannot read 250 levels (RecursionError); the pack's reading must not judge them instead.
    tags = "x"
    for _ in range(250):
        tags = {"k": tags}
    props = {"name": "r", "tags": tags, "policy": '{"Statement": {"Effect": "Allow", "Action": '
                                                  '"sagemaker:InvokeEndpoint", "Resource": "arn:aws:sagemaker:'
                                                  'us-west-2:111122223333:endpoint/churn"}}'}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # the test client's own Struct.update recurses per level
    try:
        for client in (policy_pack, sdk_loop_pack):
            client.configure(None)
            client.configure_stack("prod", "ml-platform")
            with pytest.raises(AnalyzerCallError, match="maximum recursion depth"):
                client.analyze("aws:iam/policy:Policy", props, name="r")
    finally:
        sys.setrecursionlimit(limit)
