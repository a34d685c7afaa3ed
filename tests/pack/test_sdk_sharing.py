"""The pack gives the same answers whether pulumi-policy converts a request's properties once per
policy (its own behaviour) or once for all of them (`policies/sdk_sharing.py`, on by default)."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stackcheck.analyzer import AnalyzerClient

from .cases import ALL_CASES
from .test_rules_over_protocol import run_case

PACK_DIR = Path(__file__).resolve().parents[2]
PROVIDER = {"type": "pulumi:providers:aws", "urn": "urn:pulumi:prod::ml-platform::pulumi:providers:aws::default",
            "name": "default", "properties": {"region": "us-west-2", "version": "6.0.0"}}


@pytest.fixture(scope="module")
def unshared_pack():
    with AnalyzerClient.start(PACK_DIR, env={"GUARDRAILS_SHARE_SDK_CONVERSIONS": "0"}) as client:
        yield client


def answer(result) -> tuple:
    return (
        sorted((d.policy_name, d.enforcement_level, d.message) for d in result.diagnostics),
        sorted((n.policy_name, n.reason) for n in result.not_applicable),
    )


def test_every_rule_case_gets_the_same_answer_with_and_without_sharing(policy_pack, unshared_pack):
    differences = [
        case.id for case in ALL_CASES if answer(run_case(policy_pack, case)) != answer(run_case(unshared_pack, case))
    ]
    assert differences == []


def test_a_request_with_a_provider_gets_the_same_answer(policy_pack, unshared_pack):
    # The SDK converts the provider's properties too, between the resource's, once per policy.
    role = {
        "assumeRolePolicy": '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},'
                            ' "Action": "sts:AssumeRole"}}',
        "inlinePolicies": [{"name": "p", "policy": '{"Statement": {"Effect": "Allow", "Action": "sagemaker:*", '
                                                   '"Resource": "*"}}'}],
    }
    answers = []
    for client in (policy_pack, unshared_pack):
        client.configure(None)
        client.configure_stack("prod", "ml-platform")
        answers.append(answer(client.analyze("aws:iam/role:Role", role, name="r", provider=PROVIDER)))
    shared, unshared = answers
    assert shared == unshared
    assert {name for name, level, _ in shared[0] if level == "mandatory"} == {
        "iam-trust-conditions", "no-sagemaker-star-in-production", "iam-permissions-arn-scoped"}


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
