"""The sample stack, run offline through stackcheck: clean in every environment, and every rule
still bites when anyone loosens one of its statements or drops one of its trust conditions."""

import json

import pytest

from stackcheck import StackRecording

SAMPLE = "sample_stack"
STACKS = ("dev", "staging", "prod")
TRUST = "iam-trust-conditions"
SAGEMAKER = "no-sagemaker-star-in-production"
SCOPED = "iam-permissions-arn-scoped"
PERMISSION_DOCUMENTS = {"aws:iam/policy:Policy": "policy", "aws:iam/rolePolicy:RolePolicy": "policy"}
TRUST_DOCUMENTS = {"aws:iam/role:Role": "assumeRolePolicy"}


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_every_environment_is_clean(stack_check, stack, preview):
    report = stack_check(SAMPLE, stack, preview=preview)
    assert report.mandatory == []
    assert report.advisory == []


@pytest.mark.parametrize("stack", STACKS)
def test_each_environment_builds_the_promised_resources(stack_check, stack):
    recording = stack_check.record(SAMPLE, stack)
    types = [resource.type for resource in recording.resources]
    assert types.count("aws:sagemaker/project:Project") == 1
    assert types.count("aws:iam/role:Role") == 2
    assert types.count("aws:iam/rolePolicy:RolePolicy") == 2
    assert types.count("aws:iam/policy:Policy") == 1
    documents = [json.loads(text) for _, _, text in documents_in(recording, TRUST_DOCUMENTS | PERMISSION_DOCUMENTS)]
    # Every document is fully known when the pack reads it, in every environment.
    assert len(documents) == 5 and all(document["Statement"] for document in documents)


def test_environments_differ_only_through_their_config(stack_check):
    arns = {}
    for stack in STACKS:
        recording = stack_check.record(SAMPLE, stack)
        [invoke] = [r for r in recording.resources if r.type == "aws:iam/policy:Policy"]
        arns[stack] = json.loads(invoke.inputs["policy"])["Statement"][0]["Resource"]
    assert len({json.dumps(value) for value in arns.values()}) == 3
    for stack, resources in arns.items():
        assert all(f":endpoint/{stack}-" in arn for arn in ([resources] if isinstance(resources, str) else resources))


def documents_in(recording: StackRecording, locations: dict[str, str]):
    for resource in recording.resources:
        key = locations.get(resource.type)
        if key is not None:
            yield resource, key, resource.inputs[key]


def loosened(stack_check, stack: str, locations: dict[str, str], loosen):
    """For every Allow statement of every document at `locations`, the mandatory policies reported for
    its resource once `loosen(statement)` has rewritten that one statement; one stack check each."""
    verdicts = []
    pristine = stack_check.record(SAMPLE, stack)
    for resource, key, text in documents_in(pristine, locations):
        for index, statement in enumerate(json.loads(text)["Statement"]):
            for variant in loosen(statement):
                recording = pristine.copy()
                [target] = [r for r in recording.resources if r.urn == resource.urn]
                document = json.loads(text)
                document["Statement"][index] = variant
                target.inputs[key] = json.dumps(document)
                report = stack_check.analyze(recording)
                policies = {f.policy_name for f in report.for_resource(resource.urn) if f.mandatory}
                verdicts.append((f"{resource.name} {statement.get('Sid')} {json.dumps(variant)}", policies))
    assert verdicts, "the sample stack has no statements to loosen"
    return verdicts


def with_action(statement, action):
    return {key: value for key, value in statement.items() if key != "Action"} | {"Action": action}


@pytest.mark.parametrize("action", ["sagemaker:*", "SageMaker:*", "*", "sage*:*"])
def test_widening_any_permission_statement_to_all_of_sagemaker_is_denied_in_prod(stack_check, action):
    verdicts = loosened(stack_check, "prod", PERMISSION_DOCUMENTS, lambda statement: [with_action(statement, action)])
    assert [label for label, policies in verdicts if SAGEMAKER not in policies] == []


def test_widening_to_all_of_sagemaker_is_not_blocked_in_dev(stack_check):
    verdicts = loosened(stack_check, "dev", PERMISSION_DOCUMENTS,
                        lambda statement: [with_action(statement, "sagemaker:*")])
    assert [label for label, policies in verdicts if SAGEMAKER in policies] == []


@pytest.mark.parametrize("stack", STACKS)
def test_any_permission_statement_on_every_resource_is_denied(stack_check, stack):
    def everything(statement):
        return [statement | {"Resource": "*"}, statement | {"Resource": ["*"]}]

    verdicts = loosened(stack_check, stack, PERMISSION_DOCUMENTS, everything)
    assert [label for label, policies in verdicts if SCOPED not in policies] == []


def without_conditions(statement):
    """The statement with its whole Condition block dropped, then with all conditions on each key dropped."""
    conditions = statement.get("Condition", {})
    variants = [{key: value for key, value in statement.items() if key != "Condition"}]
    keys = {key for block in conditions.values() for key in block}
    if len(keys) == 1:
        return variants
    for dropped in sorted(keys):
        remaining = {operator: {k: v for k, v in block.items() if k != dropped}
                     for operator, block in conditions.items()}
        variants.append(statement | {"Condition": {op: block for op, block in remaining.items() if block}})
    return variants


@pytest.mark.parametrize("stack", STACKS)
def test_dropping_trust_conditions_is_denied(stack_check, stack):
    verdicts = dict(loosened(stack_check, stack, TRUST_DOCUMENTS, without_conditions))
    denied = {label for label, policies in verdicts.items() if TRUST in policies}
    # The deployer trust has one condition (sts:ExternalId); dropping it is denied.
    assert any('"sts:ExternalId"' not in label and "DeploymentAccount" in label for label in denied)
    # The execution role carries both confused-deputy keys AWS recommends; each pins the caller on
    # its own, so only dropping both unpins SageMaker.
    unpinned = [label for label in verdicts if "SageMakerInThisAccount" in label and "Condition" not in label]
    assert unpinned and set(unpinned) <= denied
    kept_one = [label for label in verdicts if "SageMakerInThisAccount" in label and "Condition" in label]
    assert len(kept_one) == 2 and not set(kept_one) & denied


def test_the_deployer_may_pass_only_the_execution_role_to_sagemaker(stack_check):
    recording = stack_check.record(SAMPLE, "prod")
    [deployer] = [r for r in recording.resources if r.name == "sagemaker-deployer-permissions"]
    [pass_role] = [s for s in json.loads(deployer.inputs["policy"])["Statement"] if s["Action"] == "iam:PassRole"]
    assert pass_role["Resource"] == "arn:aws:iam::333333333333:role/prod-sagemaker-execution"
    assert pass_role["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
