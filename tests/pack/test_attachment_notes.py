"""The customer-managed-attachment note is left out when this stack defines the policy (over the protocol).

The engine sends ConfigureStack once per run, then Analyze for every resource: each test starts a run
(`new_run`) and sends its resources within it."""

import pytest

ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ACCOUNT = "123456789012"
NOTE = "is a customer-managed policy"


@pytest.fixture(autouse=True)
def new_run(policy_pack):
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform")


def analyze(policy_pack, resource_type: str, props: dict, *, name: str = "resource", preview: bool = False):
    """Analyze within the current run; a preview is a run of its own."""
    if preview != policy_pack.dry_run:
        policy_pack.configure_stack("prod", "ml-platform", dry_run=preview)
    return policy_pack.analyze(resource_type, props, name=name)


def attach(policy_pack, arn: str, preview: bool = False):
    result = analyze(policy_pack, ATTACHMENT, {"policyArn": arn, "role": "app-role"}, preview=preview)
    return "\n".join(d.message for d in result.advisory)


def test_an_attached_policy_this_stack_defines_gets_no_note(policy_pack):
    arn = f"arn:aws:iam::{ACCOUNT}:policy/teams/ml/notes-defined-here"
    assert NOTE in attach(policy_pack, arn)
    analyze(policy_pack, "aws:iam/policy:Policy", {
        "name": "notes-defined-here", "path": "/teams/ml/",
        "policy": '{"Version": "2012-10-17", "Statement": []}',
    }, name="notes-defined-here")
    assert NOTE not in attach(policy_pack, arn)
    # Another policy, or one of the same name under another path, is still noted.
    assert NOTE in attach(policy_pack, f"arn:aws:iam::{ACCOUNT}:policy/notes-defined-here")
    assert NOTE in attach(policy_pack, f"arn:aws:iam::{ACCOUNT}:policy/teams/ml/notes-defined-elsewhere")
    # Only an IAM policy ARN can name it.
    assert NOTE in attach(policy_pack, "policy/teams/ml/notes-defined-here")


def test_a_policy_without_a_path_and_an_aws_native_one_count_too(policy_pack):
    analyze(policy_pack, "aws:iam/policy:Policy", {"name": "notes-root-policy", "policy": "{}"})
    assert NOTE not in attach(policy_pack, f"arn:aws:iam::{ACCOUNT}:policy/notes-root-policy")
    analyze(policy_pack, "aws-native:iam:ManagedPolicy", {
        "managedPolicyName": "notes-native-policy", "policyDocument": {"Version": "2012-10-17", "Statement": []},
    })
    assert NOTE not in attach(policy_pack, f"arn:aws:iam::{ACCOUNT}:policy/notes-native-policy")


def test_a_policy_whose_name_is_unknown_is_not_remembered(policy_pack):
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    analyze(policy_pack, "aws:iam/policy:Policy", {"name": unknown, "policy": "{}"}, preview=True)
    analyze(policy_pack, "aws:iam/policy:Policy", {"name": "notes-unknown-path", "path": unknown, "policy": "{}"},
            preview=True)
    assert NOTE in attach(policy_pack, f"arn:aws:iam::{ACCOUNT}:policy/notes-unknown-path", preview=True)


def test_the_next_run_forgets_the_policies_of_the_last(policy_pack):
    # A process that serves several stacks (stackcheck's pytest plugin) starts each with ConfigureStack.
    arn = f"arn:aws:iam::{ACCOUNT}:policy/teams/ml/notes-last-run"
    analyze(policy_pack, "aws:iam/policy:Policy", {"name": "notes-last-run", "path": "/teams/ml/", "policy": "{}"})
    assert NOTE not in attach(policy_pack, arn)
    policy_pack.configure_stack("dev", "other-project")
    assert NOTE in attach(policy_pack, arn)
