"""The two seed programs, as the engine sends their resources, through the whole protocol conversation."""

import json
from pathlib import Path

import pytest

from stackcheck import RecordedResource, analyze_resources

from .documents import SAGEMAKER, SCOPED, TRUST

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def load_seed(name: str, stack: str) -> list[RecordedResource]:
    seed = json.loads((SEEDS / f"{name}.json").read_text())
    return [
        RecordedResource.new(entry["type"], entry["name"], entry["inputs"], stack=stack, project=seed["project"])
        for entry in seed["resources"]
    ]


def check(policy_pack, name: str, stack: str):
    return analyze_resources(load_seed(name, stack), stack=stack, project=name, client=policy_pack)


def mandatory_policies(report, resource: str) -> set[str]:
    return {f.policy_name for f in report.for_resource(resource) if f.mandatory}


def test_seed_1_in_prod_is_denied_by_rules_2_and_3_and_its_role_passes_rule_1(policy_pack):
    report = check(policy_pack, "seed1", "prod")
    assert mandatory_policies(report, "project-policy") == {SAGEMAKER, SCOPED}
    assert mandatory_policies(report, "project-role") == set()
    assert mandatory_policies(report, "project") == set()
    assert mandatory_policies(report, "project-policy-attachment") == set()
    role_notes = " ".join(f.message for f in report.for_resource("project-role"))
    assert "do not send an ExternalId" in role_notes


def test_seed_1_in_dev_keeps_rule_3_and_makes_rule_2_advisory(policy_pack):
    report = check(policy_pack, "seed1", "dev")
    assert mandatory_policies(report, "project-policy") == {SCOPED}
    assert any("grants every SageMaker action" in f.message for f in report.advisory)


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_seed_2_policy_passes_and_its_role_is_denied_by_rule_1(policy_pack, stack):
    report = check(policy_pack, "seed2", stack)
    assert mandatory_policies(report, "endpoint-policy") == set()
    assert mandatory_policies(report, "endpoint-role") == {TRUST}
    [finding] = [f for f in report.mandatory if f.resource_name == "endpoint-role"]
    assert "sagemaker.amazonaws.com" in finding.message
    assert "aws:SourceAccount" in finding.fix
