"""Every rule case, sent over the Analyzer protocol to the pack started as the Pulumi CLI starts it."""

import json

import pytest

from .cases import ALL_CASES, Case
from .documents import ADVISORIES


def analyze(policy_pack, resource_type: str, props: dict, *, stack: str = "prod", config=None, tags=None,
            name: str = "resource", preview: bool = False):
    """One resource through Configure, ConfigureStack and Analyze, as the CLI sends them."""
    policy_pack.configure(config)
    policy_pack.configure_stack(stack, "ml-platform", tags=tags, dry_run=preview)
    return policy_pack.analyze(resource_type, props, name=name)


def run_case(policy_pack, case: Case):
    resource_type, props = case.resource
    return analyze(policy_pack, resource_type, props, stack=case.stack, config=case.config, tags=case.tags,
                   name=case.id, preview=case.preview)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_case(policy_pack, case: Case):
    result = run_case(policy_pack, case)
    mandatory = {d.policy_name for d in result.mandatory}
    assert mandatory == case.mandatory, [d.message for d in result.diagnostics]
    advisory_text = "\n".join(d.message for d in result.advisory)
    for expected in case.advisory:
        assert expected in advisory_text, advisory_text


def test_every_case_id_is_unique():
    ids = [case.id for case in ALL_CASES]
    assert len(ids) == len(set(ids))


def test_each_policy_has_allow_and_deny_cases():
    denied = set().union(*(case.mandatory for case in ALL_CASES))
    allowed = {case.id for case in ALL_CASES if not case.mandatory}
    assert denied == {"iam-trust-conditions", "no-sagemaker-star-in-production", "iam-permissions-arn-scoped"}
    assert len(allowed) > 20


def test_a_mandatory_diagnostic_names_resource_statement_problem_and_fix(policy_pack):
    result = analyze(
        policy_pack,
        "aws:iam/policy:Policy",
        {"policy": '{"Version": "2012-10-17", "Statement": [{"Sid": "Broad", "Effect": "Allow", '
                   '"Action": "sagemaker:*", "Resource": "arn:aws:sagemaker:us-west-2:123456789012:endpoint/x"}]}'},
        name="ml-policy",
    )
    [diagnostic] = result.mandatory
    assert diagnostic.policy_name == "no-sagemaker-star-in-production"
    assert "ml-policy (policy, Statement[0] (Sid \"Broad\"))" in diagnostic.message
    assert "grants every SageMaker action" in diagnostic.message
    assert "\nFix: " in diagnostic.message


def test_advisory_notes_come_from_the_advisories_policy_and_never_block(policy_pack):
    result = analyze(
        policy_pack,
        "aws:iam/policy:Policy",
        {"policy": '{"Statement": {"Effect": "Allow", "Action": "sagemaker:Create*", '
                   '"Resource": "arn:aws:sagemaker:us-west-2:123456789012:endpoint/x"}}'},
    )
    assert not result.mandatory
    [note] = [d for d in result.advisory if "sagemaker:Create*" in d.message]
    assert note.policy_name == ADVISORIES
    assert "[no-sagemaker-star-in-production]" in note.message


def test_each_broad_document_of_a_role_is_its_own_diagnostic(policy_pack):
    result = analyze(policy_pack, "aws:iam/role:Role", {
        "assumeRolePolicy": '{"Statement": {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, '
                            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": '
                            '{"aws:SourceAccount": "123456789012"}}}}',
        "inlinePolicies": [{"name": "broad", "policy": (
            '{"Statement": {"Effect": "Allow", "Action": "sagemaker:*", '
            '"Resource": "arn:aws:sagemaker:us-west-2:123456789012:model/m"}}')}],
        "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"],
    })
    broad = [d.message for d in result.mandatory if d.policy_name == "no-sagemaker-star-in-production"]
    assert len(broad) == 2
    assert any("inlinePolicies[0].policy" in message for message in broad)
    assert any("AmazonSageMakerFullAccess" in message for message in broad)


def test_messages_quote_long_patterns_briefly(policy_pack):
    result = analyze(policy_pack, "aws:iam/policy:Policy", {
        "policy": '{"Statement": {"Effect": "Allow", "Action": "' + "*" * 100_000 + '", '
                  '"Resource": "arn:aws:sagemaker:us-west-2:123456789012:model/m"}}'})
    [broad] = [d for d in result.mandatory if d.policy_name == "no-sagemaker-star-in-production"]
    assert len(broad.message) < 3_000


def test_a_lone_surrogate_escape_makes_the_document_malformed(policy_pack):
    result = analyze(policy_pack, "aws:iam/policy:Policy", {
        "policy": '{"Statement": {"Sid": "\\ud800", "Effect": "Allow", "Action": "s3:GetObject", '
                  '"Resource": "arn:aws:s3:::models/key"}}'}, stack="dev")
    assert {d.policy_name for d in result.mandatory} == {"iam-permissions-arn-scoped"}
    assert "surrogate" in result.mandatory[0].message


def test_notes_of_one_request_never_leak_into_the_next(policy_pack):
    """A request whose advisories policy is disabled leaves its rules' notes unreported; the next
    request for the same resource, with other policies enabled, must not report them."""
    trust_by_external_id = ('{"Statement": {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, '
                            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}}')
    pinned = trust_by_external_id.replace("sts:ExternalId", "aws:SourceAccount").replace('"x"', '"123456789012"')
    policy_pack.configure({"all": "disabled", "iam-trust-conditions": "mandatory"})
    policy_pack.configure_stack("prod", "ml-platform")
    first = policy_pack.analyze("aws:iam/role:Role", {"assumeRolePolicy": trust_by_external_id}, name="role")
    assert first.diagnostics == []
    policy_pack.configure({"iam-trust-conditions": "disabled"})
    second = policy_pack.analyze("aws:iam/role:Role", {"assumeRolePolicy": pinned}, name="role")
    assert [d for d in second.diagnostics if "ExternalId" in d.message] == []


def analyze_with_raw_config(policy_pack, config: dict, stack: str, resource_type: str, props: dict):
    """(result, advisory text) of one resource after a Configure sent as given, without the CLI's checks."""
    policy_pack.configure_raw(config)
    policy_pack.configure_stack(stack, "ml-platform")
    result = policy_pack.analyze(resource_type, props)
    return result, "\n".join(d.message for d in result.advisory)


def test_config_that_skipped_the_cli_schema_check_is_read_leniently_and_noted(policy_pack):
    """Configure can arrive without the CLI's validation (another engine, a raw client): account IDs as
    numbers still count, and entries the pack cannot read are noted instead of failing the preview."""
    trust = '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "012345678901"}, "Action": "sts:AssumeRole"}}'
    result, notes = analyze_with_raw_config(policy_pack, {
        "iam-trust-conditions": {"enforcementLevel": "mandatory", "internalAccountIds": [12345678901, "oops"],
                                 "exemptions": "not a list"},
        "guardrails-advisories": "advisory",
    }, "prod", "aws:iam/role:Role", {"assumeRolePolicy": trust})
    assert result.mandatory == []
    assert "'oops' is not a 12-digit account ID" in notes
    assert "exemptions must be a list" in notes


def test_a_misspelt_config_key_is_noted_not_silently_ignored(policy_pack):
    """The CLI checks each property against its own schema only, so `Production` for `production`
    arrives; ignored in silence, it would turn a production block into a note."""
    broad = '{"Statement": {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}}'
    result, notes = analyze_with_raw_config(policy_pack, {
        "no-sagemaker-star-in-production": {"enforcementLevel": "mandatory", "Production": True},
        "guardrails-advisories": "advisory",
    }, "ml-live", "aws:iam/policy:Policy", {"policy": broad})
    assert "no-sagemaker-star-in-production" not in {d.policy_name for d in result.mandatory}
    assert "config key 'Production' is not one of this policy's" in notes and "production," in notes


def test_what_no_rule_notes_of_the_pack_config_the_advisories_policy_does(policy_pack):
    """The stack policy can note only beside a finding, and a misspelt `production` is what keeps it from
    having one; the advisories policy has no rule to note for it; a policy name may be misspelt too."""
    scoped = '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::models/*"}}'
    result, notes = analyze_with_raw_config(policy_pack, {
        "no-sagemaker-star-across-resources": {"enforcementLevel": "mandatory", "Production": True},
        "guardrails-advisories": {"enforcementLevel": "advisory", "Exemptions": []},
        "no-sagemaker-star-in-prod": {"enforcementLevel": "mandatory"},
    }, "ml-live", "aws:iam/policy:Policy", {"policy": scoped})
    assert result.mandatory == []
    assert "config key 'Production' of the policy no-sagemaker-star-across-resources is not one of its" in notes
    assert "config key 'Exemptions' of the policy guardrails-advisories is not one of its" in notes
    assert "names the policy 'no-sagemaker-star-in-prod', which this pack does not have" in notes
    # A config as the CLI resolves it from the schemas gives no such note.
    policy_pack.configure(None)
    result = policy_pack.analyze("aws:iam/policy:Policy", {"policy": scoped})
    assert "config" not in "\n".join(d.message for d in result.advisory)


def test_a_production_arn_finding_says_which_fields_are_not_literal(policy_pack):
    arn = "arn:aws:sagemaker:*:*:endpoint/churn"
    document = {"Statement": [{"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "Resource": arn}]}
    [finding] = analyze(policy_pack, "aws:iam/policy:Policy", {"policy": json.dumps(document)}).mandatory
    assert f'the ARN {arn} must name its region and account literally (it has region "*", account "*")' in (
        finding.message)
    assert "the account that owns it" in finding.message


@pytest.mark.parametrize("preview", [False, True])
def test_types_without_iam_documents_get_an_empty_answer(policy_pack, preview):
    # Answered before anything is converted (policies/analyze_loop.py), unknown values and all.
    for resource_type, props in [
        ("aws:sagemaker/endpoint:Endpoint", {"name": "churn",
                                             "endpointConfigName": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}),
        ("aws:s3/bucket:Bucket", {"policy": '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*"}]}'}),
        ("kubernetes:core/v1:Pod", {}),
    ]:
        result = analyze(policy_pack, resource_type, props, preview=preview)
        assert result.diagnostics == [], (resource_type, [d.message for d in result.diagnostics])
