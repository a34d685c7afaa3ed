"""The library API end to end: record, Configure, ConfigureStack, Analyze, AnalyzeStack, findings."""

from stackcheck import RecordedResource, analyze_recording, analyze_resources, check_stack

from .conftest import KIT_PACK, MINIMAL


def _summary(report):
    return [(f.resource_name, f.policy_name, f.enforcement_level, f.fix) for f in report.findings]


def test_dev_stack_findings_are_structured_and_ordered(kit_pack):
    report = check_stack(MINIMAL, "dev", client=kit_pack)
    assert _summary(report) == [
        ("extra", "no-bad-role-names", "mandatory", "Rename the role."),
        ("extra", "stack-checks", "advisory", "Delete it."),
        ("team-data", "bucket-tags", "advisory", ""),
    ]
    [mandatory] = report.mandatory
    assert mandatory.resource_urn == "urn:pulumi:dev::minimal::aws:iam/role:Role::extra"
    assert mandatory.resource_type == "aws:iam/role:Role"
    assert mandatory.message == "extra: role name 'bad-role' contains 'bad'."
    assert mandatory.description == "Role names must not contain the forbidden word."
    assert mandatory.severity == "high" and mandatory.policy_pack == "kit-pack"
    assert mandatory.source_file == "__main__.py" and mandatory.source_line > 0
    assert not mandatory.stack_policy and report.by_policy("stack-checks")[0].stack_policy
    assert report.for_resource("extra") == report.findings[:2]
    assert report.summary() == {"resources": 7, "findings": 3, "mandatory": 1, "advisory": 2, "passed": False}
    assert report.pack_version == "2.3.4"  # from PulumiPolicy.yaml, like the CLI


def test_stack_level_findings_are_attributed_to_the_stack_and_tags_matter(kit_pack):
    report = check_stack(MINIMAL, "prod", client=kit_pack)
    assert report.passed
    [owner] = report.by_policy("stack-checks")
    assert (owner.resource_name, owner.resource_type) == ("minimal-prod", "pulumi:pulumi:Stack")
    assert owner.message == "The stack has no owner tag."
    tagged = check_stack(MINIMAL, "prod", client=kit_pack, stack_tags={"owner": "ml"})
    assert tagged.by_policy("stack-checks") == []
    assert tagged.stack_tags["owner"] == "ml"


def test_policy_config_changes_the_outcome(kit_pack):
    report = check_stack(MINIMAL, "dev", client=kit_pack,
                         policy_config={"no-bad-role-names": {"forbiddenWord": "good"}, "bucket-tags": "disabled"})
    assert [(f.resource_name, f.policy_name) for f in report.mandatory] == [("training", "no-bad-role-names")]
    assert report.by_policy("bucket-tags") == []


def test_edited_recordings_are_rechecked_without_running_the_program(kit_pack, minimal_dev):
    minimal_dev.get("training").inputs["name"] = "bad-after-all"
    minimal_dev.resources.remove(minimal_dev.get("extra"))
    report = analyze_recording(minimal_dev, client=kit_pack)
    assert [f.resource_name for f in report.mandatory] == ["training"]
    assert report.program_dir == MINIMAL


def test_hand_built_resources_and_progress(kit_pack):
    resources = [RecordedResource.new("aws:iam/role:Role", f"role{i}", {"name": f"bad{i}"}) for i in range(3)]
    calls = []
    report = analyze_resources(resources, client=kit_pack, stack_tags={"owner": "x"},
                               progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert [f.resource_urn for f in report.mandatory] == [r.urn for r in resources]
    assert report.findings[0].resource_urn == "urn:pulumi:stack::project::aws:iam/role:Role::role0"


def test_without_a_client_the_pack_is_started_and_stopped():
    report = check_stack(MINIMAL, "prod", pack_dir=KIT_PACK)
    assert report.pack.name == "kit-pack" and report.passed
