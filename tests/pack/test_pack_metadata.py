"""What GetAnalyzerInfo tells the CLI and the Pulumi Cloud about the pack and each policy."""

import json
from pathlib import Path

import pytest
import yaml

from stackcheck import PolicyConfigError

from .documents import ACROSS, ADVISORIES, SAGEMAKER, SCOPED, TRUST

REPO = Path(__file__).resolve().parents[2]
RULES = (TRUST, SAGEMAKER, SCOPED, ACROSS)


@pytest.fixture(scope="module")
def info(policy_pack):
    return policy_pack.info()


def test_pack_name_and_manifest(info):
    assert info.name == "sagemaker-guardrails"
    manifest = yaml.safe_load((REPO / "PulumiPolicy.yaml").read_text())
    assert manifest["runtime"] == {"name": "python", "options": {"virtualenv": "venv"}}
    assert manifest["version"] and manifest["description"]


def test_the_rules_are_mandatory_and_the_notes_advisory(info):
    levels = {policy.name: policy.enforcement_level for policy in info.policies}
    assert levels == {
        TRUST: "mandatory", SAGEMAKER: "mandatory", SCOPED: "mandatory", ACROSS: "mandatory", ADVISORIES: "advisory",
    }


@pytest.mark.parametrize("name", [*RULES, ADVISORIES])
def test_every_policy_has_severity_tags_docs_and_config(info, name):
    [policy] = [p for p in info.policies if p.name == name]
    assert policy.severity in ("low", "medium", "high", "critical")
    assert policy.tags
    assert policy.url.endswith(f"docs/rules/{name}.md")
    assert policy.url in policy.remediation_steps
    page = REPO / "docs" / "rules" / f"{name}.md"
    text = page.read_text()
    for section in ("## What it enforces", "## Why", "## Config", "## How to fix"):
        assert section in text, f"{page.name} lacks {section}"
    exemptions = policy.config_schema["properties"]["exemptions"]
    assert exemptions["items"]["required"] == ["resource", "reason", "expires"]


@pytest.mark.parametrize("name", RULES)
def test_rule_pages_show_failing_and_passing_examples(name):
    text = (REPO / "docs" / "rules" / f"{name}.md").read_text()
    assert "## Fails" in text and "## Passes" in text
    assert text.count("```") >= 4


def test_config_is_validated_against_each_policys_schema(policy_pack):
    with pytest.raises(PolicyConfigError) as error:
        policy_pack.configure({
            TRUST: {"internalAccountIds": ["not-an-account"]},
            SAGEMAKER: {"exemptions": [{"resource": "x", "reason": "y", "expires": "next week"}]},
        })
    problems = "\n".join(error.value.problems)
    assert "internalAccountIds" in problems
    assert "expires" in problems


def test_the_readme_config_example_is_the_committed_one_and_the_pack_accepts_it(policy_pack):
    readme = (REPO / "README.md").read_text()
    block = readme.split("A worked `guardrails-config.json`", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    committed = json.loads((REPO / "policy-config.example.json").read_text())
    assert json.loads(block) == committed
    resolved = policy_pack.configure(committed)
    assert resolved[TRUST].properties["internalAccountIds"] == ["111111111111", "222222222222", "333333333333"]
    assert "live-*" in resolved[SAGEMAKER].properties["productionStackPatterns"]
    # Every policy that asks whether a stack is production is told the same.
    patterns = {name: entry.properties.get("productionStackPatterns") for name, entry in resolved.items()}
    assert patterns[ACROSS] == patterns[SAGEMAKER] == patterns[SCOPED]
