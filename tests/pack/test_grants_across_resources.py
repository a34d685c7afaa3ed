"""The stack policy: SageMaker grants split across resources add up (AnalyzeStack, over the protocol).

Each half below grants the SageMaker actions whose names start with one half of the alphabet, so
neither resource alone grants every action and Analyze only notes them; together they do.
"""

import json
import string

import pytest

from stackcheck import RecordedResource

ACROSS = "no-sagemaker-star-across-resources"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
ACCOUNT = "123456789012"
ENDPOINTS = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:endpoint/*"
FIRST_HALF = [f"sagemaker:{letter}*" for letter in string.ascii_uppercase[:13]]
SECOND_HALF = [f"sagemaker:{letter}*" for letter in string.ascii_uppercase[13:]]


def document(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, resource=ENDPOINTS) -> dict:
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


DENY_ALL = {"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*"}


class Stack:
    """Resources of one stack, with engine-style URNs."""

    def __init__(self, name: str = "prod") -> None:
        self.name = name
        self.resources: list[RecordedResource] = []

    def add(self, type_: str, name: str, props: dict, **fields) -> RecordedResource:
        resource = RecordedResource.new(type_, name, props, stack=self.name, project="ml-platform", **fields)
        self.resources.append(resource)
        return resource

    def role(self, name: str = "ml-role", **props) -> RecordedResource:
        return self.add("aws:iam/role:Role", name, {"name": name, **props})

    def role_policy(self, name: str, role: str, actions, **fields) -> RecordedResource:
        return self.add("aws:iam/rolePolicy:RolePolicy", name, {"role": role, "policy": document(allow(actions))},
                        **fields)

    def group_with_both_halves(self, group: str) -> None:
        """Two GroupPolicy resources that give `group` one half of SageMaker each."""
        for name, half in (("a", FIRST_HALF), ("b", SECOND_HALF)):
            self.add("aws:iam/groupPolicy:GroupPolicy", name, {"group": group, "policy": document(allow(half))})

    def managed_policy(self, name: str, actions, arn: str | None = None) -> RecordedResource:
        props = {"name": name, "policy": document(allow(actions))}
        if arn is not None:
            props["arn"] = arn
        return self.add("aws:iam/policy:Policy", name, props)


def judge(policy_pack, stack: Stack, *, config=None, tags=None, preview=False):
    policy_pack.configure(config)
    policy_pack.configure_stack(stack.name, "ml-platform", tags=tags, dry_run=preview)
    return policy_pack.analyze_stack(stack.resources)


def across(result) -> list:
    return [d for d in result.diagnostics if d.policy_name == ACROSS]


def split_between_two_role_policies(stack_name: str = "prod") -> tuple[Stack, RecordedResource]:
    stack = Stack(stack_name)
    role = stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.role_policy("second-half", "ml-role", SECOND_HALF)
    return stack, role


def test_the_stack_policy_is_published_as_mandatory(policy_pack):
    [policy] = [p for p in policy_pack.info().policies if p.name == ACROSS]
    assert policy.enforcement_level == "mandatory"
    assert set(policy.config_schema["properties"]) == {"productionStackPatterns", "production", "exemptions"}


def test_two_role_policies_that_split_sagemaker_are_blocked_on_the_role(policy_pack):
    stack, role = split_between_two_role_policies()
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.enforcement_level == "mandatory"
    assert diagnostic.urn == role.urn
    assert "together grant every SageMaker action" in diagnostic.message
    assert "first-half (policy)" in diagnostic.message and "second-half (policy)" in diagnostic.message
    assert "\nFix: " in diagnostic.message


def test_each_half_alone_is_not_blocked_by_analyze(policy_pack):
    stack, _ = split_between_two_role_policies()
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform")
    for resource in stack.resources:
        assert not policy_pack.analyze_resource(resource).mandatory


def test_outside_production_the_stack_policy_does_not_run(policy_pack):
    stack, _ = split_between_two_role_policies("dev")
    assert not across(judge(policy_pack, stack))
    assert across(judge(policy_pack, stack, tags={"environment": "production"}))
    assert across(judge(policy_pack, stack, config={ACROSS: {"production": True}}))


def test_halves_given_to_different_roles_pass(policy_pack):
    stack = Stack()
    stack.role("role-a")
    stack.role("role-b")
    stack.role_policy("first-half", "role-a", FIRST_HALF)
    stack.role_policy("second-half", "role-b", SECOND_HALF)
    assert not judge(policy_pack, stack).mandatory


def test_half_a_service_less_one_action_passes(policy_pack):
    stack = Stack()
    stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.role_policy("most-of-the-rest", "ml-role", [p for p in SECOND_HALF if p != "sagemaker:U*"])
    assert not across(judge(policy_pack, stack))


def test_an_unconditioned_deny_in_any_policy_of_the_role_cancels(policy_pack):
    stack, _ = split_between_two_role_policies()
    stack.add("aws:iam/rolePolicy:RolePolicy", "deny", {"role": "ml-role", "policy": document(DENY_ALL)})
    assert not across(judge(policy_pack, stack))
    conditioned = dict(DENY_ALL, Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})
    stack.resources[-1].inputs["policy"] = document(conditioned)
    assert across(judge(policy_pack, stack))


def test_a_grant_one_resource_makes_alone_is_left_to_the_resource_rule(policy_pack):
    stack = Stack()
    stack.role()
    stack.role_policy("everything", "ml-role", "sagemaker:*")
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    assert not across(judge(policy_pack, stack))


def test_the_roles_own_inline_policy_and_an_attachment_of_a_policy_in_the_stack_add_up(policy_pack):
    stack = Stack()
    role = stack.role(inlinePolicies=[{"name": "inline", "policy": document(allow(FIRST_HALF))}])
    arn = f"arn:aws:iam::{ACCOUNT}:policy/ml/second-half"
    stack.managed_policy("second-half", SECOND_HALF, arn=arn)
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {"role": "ml-role", "policyArn": arn})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == role.urn
    assert "attach -> second-half (policy)" in diagnostic.message


def test_an_attachment_finds_a_policy_by_path_and_name_when_its_arn_output_is_absent(policy_pack):
    stack = Stack()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.add("aws:iam/policy:Policy", "second-half", {
        "name": "second-half", "path": "/ml/", "policy": document(allow(SECOND_HALF))})
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
        "role": "ml-role", "policyArn": f"arn:aws:iam::{ACCOUNT}:policy/ml/second-half"})
    [diagnostic] = across(judge(policy_pack, stack))
    # The role is made elsewhere: the diagnostic goes on the first resource that grants it something.
    assert diagnostic.urn == stack.resources[0].urn
    assert "ml-role" in diagnostic.message


def test_after_an_update_the_roles_outputs_echo_what_other_resources_gave_it(policy_pack):
    # The provider reads back every inline policy and attachment of the role, also those that
    # RolePolicy and attachment resources made: the role then seems to hold everything itself,
    # while Analyze judged it on its inputs, which hold none of them.
    stack, role = split_between_two_role_policies()
    role.outputs = {"name": "ml-role", "arn": f"arn:aws:iam::{ACCOUNT}:role/ml-role", "inlinePolicies": [
        {"name": "first-half", "policy": document(allow(FIRST_HALF))},
        {"name": "second-half", "policy": document(allow(SECOND_HALF))},
    ], "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"]}
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "read-only", {
        "role": "ml-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"})
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform")
    assert not policy_pack.analyze_resource(role).mandatory  # its inputs
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == role.urn
    # A role that holds everything in its own inputs is the per-resource rule's to block, not this one's.
    alone = Stack()
    alone.role(inlinePolicies=[{"name": "a", "policy": document(allow(FIRST_HALF))},
                               {"name": "b", "policy": document(allow(SECOND_HALF))}])
    alone.role_policy("reads", "ml-role", ["sagemaker:Describe*"])
    result = judge(policy_pack, alone)
    assert not across(result)


def test_an_aws_managed_policy_is_never_mistaken_for_a_stack_policy_of_the_same_name(policy_pack):
    stack = Stack()
    stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    # The stack's own policy named like AWS's grants the second half; AWS's grants only reads.
    stack.add("aws:iam/policy:Policy", "look-alike", {
        "name": "AmazonSageMakerReadOnly", "policy": document(allow(SECOND_HALF))})
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
        "role": "ml-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"})
    assert not across(judge(policy_pack, stack))
    stack.resources[-1].inputs["policyArn"] = f"arn:aws:iam::{ACCOUNT}:policy/AmazonSageMakerReadOnly"
    assert across(judge(policy_pack, stack))


def test_during_preview_unknown_references_are_followed_through_property_dependencies(policy_pack):
    stack = Stack()
    role = stack.add("aws:iam/role:Role", "ml-role", {"name": UNKNOWN})
    policy = stack.add("aws:iam/policy:Policy", "second-half", {
        "name": "second-half-1a2b3c", "arn": UNKNOWN, "policy": document(allow(SECOND_HALF))})
    stack.add("aws:iam/rolePolicy:RolePolicy", "first-half", {
        "role": UNKNOWN, "policy": document(allow(FIRST_HALF))}, property_dependencies={"role": [role.urn]})
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
        "role": UNKNOWN, "policyArn": UNKNOWN},
        property_dependencies={"role": [role.urn], "policyArn": [policy.urn]})
    result = judge(policy_pack, stack, preview=True)
    [diagnostic] = across(result)
    assert diagnostic.urn == role.urn
    # Nothing about unknown values: the policy reads around them instead of giving up.
    assert not [d for d in result.diagnostics if "during preview" in d.message]


def test_a_policy_unknown_during_preview_that_might_deny_leaves_the_verdict_to_the_update(policy_pack):
    stack, _ = split_between_two_role_policies()
    # Built from a bucket's ARN, which the engine records as the policy's dependency.
    bucket = stack.add("aws:s3/bucket:Bucket", "artifacts", {"bucket": "artifacts"})
    stack.add("aws:iam/rolePolicy:RolePolicy", "guard", {"role": "ml-role", "policy": UNKNOWN},
              property_dependencies={"policy": [bucket.urn]})
    stack.role("other-role")
    stack.role_policy("other-first", "other-role", FIRST_HALF)
    stack.role_policy("other-second", "other-role", SECOND_HALF)
    result = judge(policy_pack, stack, preview=True)
    # Every other principal is still judged, and the undecided one gets the SDK's advisory.
    [blocked] = [d for d in across(result) if d.enforcement_level == "mandatory"]
    assert "other-role" in blocked.message
    [note] = [d for d in across(result) if d.enforcement_level == "advisory"]
    assert "during preview" in note.message and "ml-role" in note.message
    # During the update the same document is known, and it denies nothing.
    stack.resources[4].inputs["policy"] = document(allow(["s3:GetObject"], "arn:aws:s3:::bucket/*"))
    assert len([d for d in across(judge(policy_pack, stack)) if "ml-role" in d.message]) == 1


def test_an_unknown_attachment_of_no_policy_of_the_stack_also_leaves_the_verdict_to_the_update(policy_pack):
    stack, _ = split_between_two_role_policies()
    # An ARN looked up elsewhere might attach AWS's own deny-all policy.
    lookup = stack.add("aws:ssm/parameter:Parameter", "guard-arn", {"name": "guard-arn"})
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "later", {"role": "ml-role", "policyArn": UNKNOWN},
              property_dependencies={"policyArn": [lookup.urn]})
    result = judge(policy_pack, stack, preview=True)
    assert not [d for d in across(result) if d.enforcement_level == "mandatory"]
    assert [d for d in across(result) if "during preview" in d.message]


def test_a_new_roles_computed_policies_unknown_during_preview_do_not_hold_the_verdict_back(policy_pack):
    # The provider computes a new role's inlinePolicies and managedPolicyArns when the program leaves
    # them out: unknown in its preview, with no dependency, and only ever what other resources give it.
    stack, role = split_between_two_role_policies()
    role.inputs.update({"inlinePolicies": UNKNOWN, "managedPolicyArns": UNKNOWN})
    result = judge(policy_pack, stack, preview=True)
    [diagnostic] = across(result)
    assert diagnostic.enforcement_level == "mandatory"


def test_a_deny_whose_principal_is_not_known_yet_leaves_the_verdict_to_the_update(policy_pack):
    stack, _ = split_between_two_role_policies()
    suffix = stack.add("random:index/randomPet:RandomPet", "suffix", {})
    stack.add("aws:iam/rolePolicy:RolePolicy", "guard", {"role": UNKNOWN, "policy": document(DENY_ALL)},
              property_dependencies={"role": [suffix.urn]})
    result = judge(policy_pack, stack, preview=True)
    assert not [d for d in across(result) if d.enforcement_level == "mandatory"]
    assert [d for d in across(result) if "during preview" in d.message]
    # A policy of that kind that cannot name SageMaker holds nothing back.
    stack.resources[-1].inputs["policy"] = document(allow(["s3:GetObject"], "arn:aws:s3:::bucket/*"))
    assert [d for d in across(judge(policy_pack, stack, preview=True)) if d.enforcement_level == "mandatory"]


def test_an_exempt_principal_gets_no_preview_note_either(policy_pack):
    stack, _ = split_between_two_role_policies()
    bucket = stack.add("aws:s3/bucket:Bucket", "artifacts", {"bucket": "artifacts"})
    stack.add("aws:iam/rolePolicy:RolePolicy", "guard", {"role": "ml-role", "policy": UNKNOWN},
              property_dependencies={"policy": [bucket.urn]})
    exemption = {"resource": "ml-role", "reason": "migration", "expires": "2999-01-01"}
    assert not across(judge(policy_pack, stack, preview=True, config={ACROSS: {"exemptions": [exemption]}}))


def test_a_document_unknown_during_preview_is_left_out_without_a_note(policy_pack):
    stack = Stack()
    stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.add("aws:iam/rolePolicy:RolePolicy", "later", {"role": "ml-role", "policy": UNKNOWN})
    result = judge(policy_pack, stack, preview=True)
    assert not result.diagnostics


def test_a_user_gets_the_documents_of_its_groups(policy_pack):
    stack = Stack()
    user = stack.add("aws:iam/user:User", "analyst", {"name": "analyst"})
    stack.add("aws:iam/group:Group", "analysts", {"name": "analysts"})
    stack.add("aws:iam/userPolicy:UserPolicy", "user-half", {"user": "analyst", "policy": document(allow(FIRST_HALF))})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "group-half", {
        "group": "analysts", "policy": document(allow(SECOND_HALF))})
    assert not across(judge(policy_pack, stack))
    stack.add("aws:iam/userGroupMembership:UserGroupMembership", "membership", {
        "user": "analyst", "groups": ["analysts"]})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == user.urn
    assert "group-half (policy)" in diagnostic.message


@pytest.mark.parametrize("membership", [
    ("aws:iam/groupMembership:GroupMembership", {"group": "analysts", "users": ["analyst"]}),
    ("aws-native:iam:UserToGroupAddition", {"groupName": "analysts", "users": ["analyst"]}),
])
def test_other_ways_to_put_a_user_in_a_group(policy_pack, membership):
    stack = Stack()
    stack.add("aws:iam/userPolicy:UserPolicy", "user-half", {"user": "analyst", "policy": document(allow(FIRST_HALF))})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "group-half", {
        "group": "analysts", "policy": document(allow(SECOND_HALF))})
    membership_type, props = membership
    stack.add(membership_type, "membership", props)
    assert across(judge(policy_pack, stack))


def test_aws_native_managed_policies_name_their_roles(policy_pack):
    stack = Stack()
    role = stack.add("aws-native:iam:Role", "native-role", {"roleName": "Native-Role"})
    stack.add("aws-native:iam:ManagedPolicy", "first-half", {
        "roles": ["native-role"], "policyDocument": json.loads(document(allow(FIRST_HALF)))})
    stack.add("aws-native:iam:RolePolicy", "second-half", {
        "roleName": "NATIVE-ROLE", "policyName": "x", "policyDocument": json.loads(document(allow(SECOND_HALF)))})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == role.urn


def test_a_role_referred_to_by_arn_and_a_policy_attachment_listing_roles(policy_pack):
    stack = Stack()
    arn = f"arn:aws:iam::{ACCOUNT}:policy/second-half"
    stack.managed_policy("second-half", SECOND_HALF, arn=arn)
    stack.role_policy("first-half", f"arn:aws:iam::{ACCOUNT}:role/service/ml-role", FIRST_HALF)
    stack.add("aws:iam/policyAttachment:PolicyAttachment", "attach", {
        "policyArn": arn, "roles": ["other-role", "ml-role"], "users": [], "groups": []})
    [diagnostic] = across(judge(policy_pack, stack))
    assert "ml-role" in diagnostic.message


def permission_set_with_first_half(stack: Stack) -> str:
    """A permission set whose inline policy grants the first half; returns its ARN."""
    permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
    stack.add("aws:ssoadmin/permissionSet:PermissionSet", "ml-ps", {"name": "ml", "arn": permission_set_arn})
    stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "inline", {
        "permissionSetArn": permission_set_arn, "inlinePolicy": document(allow(FIRST_HALF))})
    return permission_set_arn


def test_a_permission_set_adds_up_its_inline_policy_and_aws_managed_attachments(policy_pack):
    stack = Stack()
    permission_set_arn = permission_set_with_first_half(stack)
    # AWS managed: judged from its real document, which grants only SageMaker's read actions.
    stack.add("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "read-only", {
        "permissionSetArn": permission_set_arn,
        "managedPolicyArn": "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"})
    assert not across(judge(policy_pack, stack))
    stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "inline-2", {
        "permissionSetArn": permission_set_arn, "inlinePolicy": document(allow(SECOND_HALF))})
    assert across(judge(policy_pack, stack))


def test_exemptions_name_the_principal(policy_pack):
    stack, role = split_between_two_role_policies()
    live = {"resource": "ml-role", "reason": "migration", "expires": "2999-01-01"}
    assert not across(judge(policy_pack, stack, config={ACROSS: {"exemptions": [live]}}))
    expired = dict(live, expires="2000-01-01")
    [diagnostic] = across(judge(policy_pack, stack, config={ACROSS: {"exemptions": [expired]}}))
    assert "expired on 2000-01-01" in diagnostic.message
    assert not across(judge(policy_pack, stack, config={ACROSS: {"enforcementLevel": "disabled"}}))


@pytest.mark.parametrize("props", [
    {"role": 7, "policy": document(allow(SECOND_HALF))},
    {"role": ["ml-role"], "policy": document(allow(SECOND_HALF))},
    {"role": {"name": "ml-role"}, "policy": {"Statement": "nonsense"}},
    {"role": "ml-role", "policy": "not json"},
    {"role": "", "policy": document(allow(SECOND_HALF))},
])
def test_misshapen_references_and_documents_never_crash_the_stack(policy_pack, props):
    stack = Stack()
    stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.add("aws:iam/rolePolicy:RolePolicy", "odd", props)
    result = judge(policy_pack, stack)
    assert not [d for d in result.diagnostics if "internal error" in d.message]
    assert not across(result)


def test_the_sample_of_a_compliant_stack_passes(policy_pack):
    stack = Stack()
    stack.role()
    stack.role_policy("invoke", "ml-role", ["sagemaker:InvokeEndpoint", "sagemaker:DescribeEndpoint"])
    stack.role_policy("models", "ml-role", ["sagemaker:CreateModel", "sagemaker:DeleteModel"])
    assert not judge(policy_pack, stack).diagnostics


def provider(stack: Stack, name: str, **settings) -> str:
    """A provider resource with these settings (structured ones as JSON text, as the engine sends them);
    returns the reference resources give as their provider."""
    inputs = {key: value if isinstance(value, str) else json.dumps(value) for key, value in settings.items()}
    resource = stack.add("pulumi:providers:aws", name, {"region": "us-west-2", **inputs})
    return f"{resource.urn}::{name}-id"


@pytest.mark.parametrize("settings", [
    ({"allowedAccountIds": ["111111111111"]}, {"allowedAccountIds": ["222222222222"]}),
    ({"assumeRole": {"roleArn": "arn:aws:iam::111111111111:role/deploy"}},
     {"assumeRoles": [{"roleArn": "arn:aws:iam::222222222222:role/deploy"}]}),
])
def test_roles_of_one_name_in_two_accounts_are_two_principals(policy_pack, settings):
    stack = Stack()
    sandbox, live = provider(stack, "sandbox", **settings[0]), provider(stack, "live", **settings[1])
    stack.add("aws:iam/role:Role", "deployer-sandbox", {"name": "ml-deployer"}, provider=sandbox)
    stack.add("aws:iam/role:Role", "deployer-live", {"name": "ml-deployer"}, provider=live)
    stack.add("aws:iam/rolePolicy:RolePolicy", "sandbox-half", {
        "role": "ml-deployer", "policy": document(allow(FIRST_HALF))}, provider=sandbox)
    stack.add("aws:iam/rolePolicy:RolePolicy", "live-half", {
        "role": "ml-deployer", "policy": document(allow(SECOND_HALF))}, provider=live)
    assert not across(judge(policy_pack, stack))
    # Both halves in the live account, and the sandbox's Deny does not reach it.
    stack.resources[-2].provider = live
    stack.add("aws:iam/rolePolicy:RolePolicy", "sandbox-fence", {
        "role": "ml-deployer", "policy": document(DENY_ALL)}, provider=sandbox)
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == stack.resources[3].urn
    assert "in account 222222222222" in diagnostic.message


def test_a_profile_says_nothing_sure_about_the_account(policy_pack):
    # Two profiles may reach one account, and the same profile with allowedAccountIds certainly does.
    stack = Stack()
    plain, guarded = provider(stack, "live", profile="live"), provider(
        stack, "guarded", profile="live", allowedAccountIds=["222222222222"])
    stack.role_policy("first-half", "ml-role", FIRST_HALF, provider=plain)
    stack.role_policy("second-half", "ml-role", SECOND_HALF, provider=guarded)
    assert across(judge(policy_pack, stack))


def test_a_chain_of_assumed_roles_ends_in_the_last_ones_account(policy_pack):
    stack = Stack()
    direct = provider(stack, "direct", assumeRole={"roleArn": "arn:aws:iam::222222222222:role/deploy"})
    chained = provider(stack, "chained", assumeRoles=[{"roleArn": "arn:aws:iam::111111111111:role/hop"},
                                                       {"roleArn": "arn:aws:iam::222222222222:role/deploy"}])
    stack.role_policy("first-half", "ml-role", FIRST_HALF, provider=direct)
    stack.role_policy("second-half", "ml-role", SECOND_HALF, provider=chained)
    assert across(judge(policy_pack, stack))


def test_a_deny_that_may_be_another_accounts_does_not_cancel(policy_pack):
    # The fence's provider names no account: its grants would count in every account, its Deny in none.
    stack = Stack()
    live = provider(stack, "live", allowedAccountIds=["222222222222"])
    stack.role_policy("first-half", "ml-role", FIRST_HALF, provider=live)
    stack.role_policy("second-half", "ml-role", SECOND_HALF, provider=live)
    stack.add("aws:iam/rolePolicy:RolePolicy", "fence", {"role": "ml-role", "policy": document(DENY_ALL)})
    assert across(judge(policy_pack, stack))
    stack.resources[-1].provider = live
    assert not across(judge(policy_pack, stack))


def test_a_policy_named_by_path_and_name_is_the_one_in_the_arns_account(policy_pack):
    stack = Stack()
    sandbox = provider(stack, "sandbox", allowedAccountIds=["111111111111"])
    live = provider(stack, "live", allowedAccountIds=["222222222222"])
    stack.add("aws:iam/policy:Policy", "sandbox-guard", {"name": "guard", "policy": document(DENY_ALL)},
              provider=sandbox)
    stack.role_policy("first-half", "ml-role", FIRST_HALF, provider=live)
    stack.role_policy("second-half", "ml-role", SECOND_HALF, provider=live)
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach-live-guard", {
        "role": "ml-role", "policyArn": "arn:aws:iam::222222222222:policy/guard"}, provider=live)
    assert across(judge(policy_pack, stack))
    stack.resources[-1].inputs["policyArn"] = "arn:aws:iam::111111111111:policy/guard"
    stack.resources[-1].provider = sandbox
    stack.resources[-3].provider = stack.resources[-2].provider = sandbox
    assert not across(judge(policy_pack, stack))


@pytest.mark.parametrize("unscoped_first", [True, False])
def test_an_outside_role_is_judged_within_each_account_whatever_the_order(policy_pack, unscoped_first):
    stack = Stack()
    first, second = (provider(stack, f"p{account}", allowedAccountIds=[account * 12])
                     for account in ("1", "2"))
    reads = {"role": "ext-role", "policy": document(allow(["s3:GetObject"], "arn:aws:s3:::bucket/*"))}
    if unscoped_first:
        stack.add("aws:iam/rolePolicy:RolePolicy", "s3-only", reads)
    stack.role_policy("first-half", "ext-role", FIRST_HALF, provider=first)
    stack.role_policy("second-half", "ext-role", SECOND_HALF, provider=second)
    if not unscoped_first:
        stack.add("aws:iam/rolePolicy:RolePolicy", "s3-only", reads)
    assert not across(judge(policy_pack, stack))


def test_providers_that_name_no_account_share_their_names(policy_pack):
    stack = Stack()
    east, west = provider(stack, "east"), provider(stack, "west", region="us-east-1")
    stack.add("aws:iam/role:Role", "ml-role", {"name": "ml-role"}, provider=east)
    stack.add("aws:iam/rolePolicy:RolePolicy", "first-half", {
        "role": "ml-role", "policy": document(allow(FIRST_HALF))}, provider=east)
    stack.add("aws:iam/rolePolicy:RolePolicy", "second-half", {
        "role": "ml-role", "policy": document(allow(SECOND_HALF))}, provider=west)
    assert across(judge(policy_pack, stack))


@pytest.mark.parametrize("attachment", [
    ("aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
     {"customerManagedPolicyReference": {"name": "ml-second-half", "path": "/ml/"}}),
    ("aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive",
     {"customerManagedPolicyReferences": [{"name": "other"}, {"name": "ml-second-half", "path": "/ml/"}]}),
])
def test_a_permission_set_adds_up_customer_managed_policies_it_names(policy_pack, attachment):
    stack = Stack()
    permission_set_arn = permission_set_with_first_half(stack)
    stack.add("aws:iam/policy:Policy", "second-half", {
        "name": "ml-second-half", "path": "/ml/", "policy": document(allow(SECOND_HALF))})
    attachment_type, reference = attachment
    stack.add(attachment_type, "attach", {"permissionSetArn": permission_set_arn, **reference})
    [diagnostic] = across(judge(policy_pack, stack))
    assert "attach -> second-half (policy)" in diagnostic.message


def test_an_aws_native_permission_set_adds_up_the_customer_managed_policies_it_names(policy_pack):
    stack = Stack()
    stack.add("aws-native:iam:ManagedPolicy", "second-half", {
        "managedPolicyName": "ml-second-half", "policyDocument": json.loads(document(allow(SECOND_HALF)))})
    stack.add("aws-native:sso:PermissionSet", "ml-ps", {
        "permissionSetArn": "arn:aws:sso:::permissionSet/ssoinstance-1/ps-2",
        "inlinePolicy": json.loads(document(allow(FIRST_HALF))),
        "customerManagedPolicyReferences": [{"name": "ml-second-half"}]})
    assert across(judge(policy_pack, stack))


def test_an_exemption_names_a_role_made_elsewhere_by_any_spelling_the_stack_uses(policy_pack):
    for first, second in (("ext-role", f"arn:aws:iam::{ACCOUNT}:role/ext-role"),
                          (f"arn:aws:iam::{ACCOUNT}:role/ext-role", "Ext-Role")):
        stack = Stack()
        stack.role_policy("a", first, FIRST_HALF)
        stack.role_policy("b", second, SECOND_HALF)
        assert across(judge(policy_pack, stack))
        exemption = {"resource": "ext-role", "reason": "vendor role", "expires": "2999-01-01"}
        assert not across(judge(policy_pack, stack, config={ACROSS: {"exemptions": [exemption]}}))


def test_a_role_made_elsewhere_is_reported_on_the_first_resource_that_grants_it_sagemaker(policy_pack):
    stack = Stack()
    stack.add("aws:iam/rolePolicy:RolePolicy", "s3-only", {
        "role": "ext", "policy": document(allow(["s3:GetObject"], "arn:aws:s3:::bucket/*"))})
    first = stack.role_policy("a", "ext", FIRST_HALF)
    stack.role_policy("b", "ext", SECOND_HALF)
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == first.urn


def test_an_exemption_for_a_group_covers_what_its_members_get_from_it(policy_pack):
    stack = Stack()
    stack.group_with_both_halves("analysts")
    stack.add("aws:iam/groupMembership:GroupMembership", "members", {"group": "analysts", "users": ["ana"]})
    exemption = {"resource": "analysts", "reason": "platform admins", "expires": "2999-01-01"}
    assert not across(judge(policy_pack, stack, config={ACROSS: {"exemptions": [exemption]}}))
    # Without the exemption the group is the one finding.
    [diagnostic] = across(judge(policy_pack, stack))
    assert "analysts" in diagnostic.message


def test_a_group_that_gets_everything_is_reported_once_not_once_per_member(policy_pack):
    stack = Stack()
    group = stack.add("aws:iam/group:Group", "analysts", {"name": "analysts"})
    stack.group_with_both_halves("analysts")
    stack.add("aws:iam/groupMembership:GroupMembership", "members", {
        "group": "analysts", "users": ["ana", "bo", "cy"]})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == group.urn


def judge_as_the_engine_does(policy_pack, stack: Stack, *, preview=False):
    """ConfigureStack, Analyze for every resource (its inputs), then AnalyzeStack (its outputs)."""
    policy_pack.configure(None)
    policy_pack.configure_stack(stack.name, "ml-platform", dry_run=preview)
    by_urn = {resource.urn: resource for resource in stack.resources}
    for resource in stack.resources:
        policy_pack.analyze_resource(resource, by_urn.get(resource.provider_urn))
    return policy_pack.analyze_stack(stack.resources)


@pytest.mark.parametrize("preview", [False, True])
def test_a_roles_stale_outputs_do_not_count_once_analyze_has_seen_its_inputs(policy_pack, preview):
    # For a role an update leaves alone the engine sends its previous outputs, which still list the
    # RolePolicy the program has just removed; Analyze saw the role's inputs in the same run.
    stack = Stack()
    role = stack.role()
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    role.outputs = {"name": "ml-role", "inlinePolicies": [
        {"name": "first-half", "policy": document(allow(FIRST_HALF))},
        {"name": "second-half", "policy": document(allow(SECOND_HALF))}]}
    assert not across(judge_as_the_engine_does(policy_pack, stack, preview=preview))
    # The same for an attachment that is gone but still listed.
    arn = f"arn:aws:iam::{ACCOUNT}:policy/ml/second-half"
    stack.managed_policy("second-half", SECOND_HALF, arn=arn)
    role.outputs = {"name": "ml-role", "managedPolicyArns": [arn]}
    assert not across(judge_as_the_engine_does(policy_pack, stack, preview=preview))


def test_a_reworded_role_policy_is_not_mistaken_for_the_roles_own(policy_pack):
    stack = Stack()
    role = stack.role(inlinePolicies=[{"name": "own", "policy": document(allow(FIRST_HALF))}])
    stack.add("aws:iam/rolePolicy:RolePolicy", "second-half", {
        "role": "ml-role", "policy": document(dict(allow(SECOND_HALF), Sid="Rest"))})
    role.outputs = {"name": "ml-role", "inlinePolicies": [
        {"name": "own", "policy": document(allow(FIRST_HALF))},
        {"name": "second-half", "policy": document(allow(SECOND_HALF))}]}
    [diagnostic] = across(judge_as_the_engine_does(policy_pack, stack))
    assert diagnostic.urn == role.urn


def test_an_exempt_group_does_not_hide_its_members_own_split(policy_pack):
    stack = Stack()
    stack.group_with_both_halves("admins")
    ana = stack.add("aws:iam/user:User", "ana", {"name": "ana"})
    stack.add("aws:iam/groupMembership:GroupMembership", "members", {"group": "admins", "users": ["ana"]})
    exempt = {ACROSS: {"exemptions": [{"resource": "admins", "reason": "break-glass", "expires": "2999-01-01"}]}}
    assert not across(judge(policy_pack, stack, config=exempt))
    stack.add("aws:iam/userPolicy:UserPolicy", "own-a", {"user": "ana", "policy": document(allow(FIRST_HALF))})
    stack.add("aws:iam/userPolicy:UserPolicy", "own-b", {"user": "ana", "policy": document(allow(SECOND_HALF))})
    [diagnostic] = across(judge(policy_pack, stack, config=exempt))
    assert diagnostic.urn == ana.urn


def test_a_deny_from_the_same_unnamed_account_as_the_grants_still_cancels(policy_pack):
    stack = Stack()
    stack.role("ml-deployer")
    stack.role_policy("first-half", "ml-deployer", FIRST_HALF)
    stack.role_policy("second-half", "ml-deployer", SECOND_HALF)
    stack.add("aws:iam/rolePolicy:RolePolicy", "freeze", {"role": "ml-deployer", "policy": document(DENY_ALL)})
    other = provider(stack, "other", allowedAccountIds=["222222222222"])
    stack.add("aws:iam/role:Role", "deployer-b", {"name": "ml-deployer"}, provider=other)
    stack.role_policy("describe", "ml-deployer", ["sagemaker:Describe*"], provider=other)
    assert not across(judge(policy_pack, stack))


def test_a_permission_set_gets_each_accounts_own_policy_of_a_name(policy_pack):
    stack = Stack()
    first, second = (provider(stack, f"p{account}", allowedAccountIds=[account * 12]) for account in ("1", "2"))
    permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-9"
    stack.add("aws:ssoadmin/permissionSet:PermissionSet", "ml-ps", {"name": "ml", "arn": permission_set_arn})
    stack.add("aws:iam/policy:Policy", "extra-1", {"name": "ml-extra", "policy": document(allow(FIRST_HALF))},
              provider=first)
    stack.add("aws:iam/policy:Policy", "extra-2", {"name": "ml-extra", "policy": document(allow(SECOND_HALF))},
              provider=second)
    stack.add("aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment", "attach", {
        "permissionSetArn": permission_set_arn, "customerManagedPolicyReference": {"name": "ml-extra"}})
    assert not across(judge(policy_pack, stack))
    # Its inline policy applies in every account, so with the second half it is everything in account 1.
    stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "inline", {
        "permissionSetArn": permission_set_arn, "inlinePolicy": document(allow(SECOND_HALF))})
    [diagnostic] = across(judge(policy_pack, stack))
    assert "in account 111111111111" in diagnostic.message


def test_a_policy_attached_in_two_accounts_counts_in_each(policy_pack):
    stack = Stack()
    first, second = (provider(stack, f"p{account}", allowedAccountIds=[account * 12]) for account in ("1", "2"))
    arn = f"arn:aws:iam::{ACCOUNT}:policy/shared"
    stack.managed_policy("shared", SECOND_HALF, arn=arn)
    for account_provider, name in ((second, "attach-2"), (first, "attach-1")):
        stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, {"role": "ml", "policyArn": arn},
                  provider=account_provider)
    stack.role_policy("first-half", "ml", FIRST_HALF, provider=first)
    [diagnostic] = across(judge(policy_pack, stack))
    assert "in account 111111111111" in diagnostic.message


def test_a_deny_through_another_provider_that_names_no_account_does_not_cancel(policy_pack):
    # Two providers that name no account may reach two accounts: a Deny acts only in its own.
    stack = Stack()
    live = provider(stack, "live", profile="ml-live")
    stack.add("aws:iam/role:Role", "deployer", {"name": "ml-deployer"}, provider=live)
    stack.role_policy("first-half", "ml-deployer", FIRST_HALF, provider=live)
    stack.role_policy("second-half", "ml-deployer", SECOND_HALF, provider=live)
    stack.add("aws:iam/role:Role", "decoy", {"name": "ml-deployer"})
    stack.add("aws:iam/rolePolicy:RolePolicy", "decoy-deny", {"role": "ml-deployer", "policy": document(DENY_ALL)})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == stack.resources[1].urn


def test_same_named_principals_of_two_accounts_are_judged_and_exempted_apart(policy_pack):
    stack = Stack()
    sandbox, live = (provider(stack, name, allowedAccountIds=[account * 12]) for name, account in
                     (("sandbox", "1"), ("live", "2")))
    stack.add("aws:iam/role:Role", "deployer-sandbox", {"name": "ml-deployer"}, provider=sandbox)
    live_role = stack.add("aws:iam/role:Role", "deployer-live", {"name": "ml-deployer"}, provider=live)
    for account_provider in (sandbox, live):
        stack.role_policy(f"first-{account_provider[-12:]}", "ml-deployer", FIRST_HALF, provider=account_provider)
        stack.role_policy(f"second-{account_provider[-12:]}", "ml-deployer", SECOND_HALF, provider=account_provider)
    exempt = {ACROSS: {"exemptions": [{"resource": "deployer-sandbox", "reason": "lab", "expires": "2999-01-01"}]}}
    [diagnostic] = across(judge(policy_pack, stack, config=exempt))
    assert diagnostic.urn == live_role.urn
    assert "deployer-live (every policy of the role in account 222222222222)" in diagnostic.message


def test_groups_and_memberships_of_two_accounts_are_apart(policy_pack):
    stack = Stack()
    first, second = (provider(stack, f"p{account}", allowedAccountIds=[account * 12]) for account in ("1", "2"))
    # In account 1 admins gets everything; in account 2 another admins gets half, and ana the rest.
    for name, half in (("a", FIRST_HALF), ("b", SECOND_HALF)):
        stack.add("aws:iam/groupPolicy:GroupPolicy", f"admins-1-{name}", {
            "group": "admins", "policy": document(allow(half))}, provider=first)
    stack.add("aws:iam/groupPolicy:GroupPolicy", "admins-2", {
        "group": "admins", "policy": document(allow(SECOND_HALF))}, provider=second)
    ana = stack.add("aws:iam/user:User", "ana-2", {"name": "ana"}, provider=second)
    stack.add("aws:iam/userPolicy:UserPolicy", "ana-own", {"user": "ana", "policy": document(allow(FIRST_HALF))},
              provider=second)
    stack.add("aws:iam/groupMembership:GroupMembership", "members-2", {"group": "admins", "users": ["ana"]},
              provider=second)
    users = [d for d in across(judge(policy_pack, stack)) if "ana" in d.message.split("\n")[1].split(" ")[0]]
    assert [d.urn for d in users] == [ana.urn]
    # A membership made in account 1 does not put account 2's ana in a group.
    stack.resources[-1].provider = first
    assert not [d for d in across(judge(policy_pack, stack)) if d.urn == ana.urn]


def test_a_permission_set_made_through_a_named_account_is_reported_on_itself(policy_pack):
    stack = Stack()
    management = provider(stack, "management", allowedAccountIds=["999999999999"])
    permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-7"
    permission_set = stack.add("aws:ssoadmin/permissionSet:PermissionSet", "ml-ps", {
        "name": "ml", "arn": permission_set_arn}, provider=management)
    for name, half in (("inline", FIRST_HALF), ("second", SECOND_HALF)):
        stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", name, {
            "permissionSetArn": permission_set_arn, "inlinePolicy": document(allow(half))}, provider=management)
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == permission_set.urn


def test_a_split_through_providers_that_name_no_account_is_one_finding_beside_named_accounts(policy_pack):
    stack, _ = split_between_two_role_policies()
    named = provider(stack, "named", allowedAccountIds=["222222222222"])
    stack.role_policy("describe", "ml-role", ["sagemaker:Describe*"], provider=named)
    [diagnostic] = across(judge(policy_pack, stack))
    assert "in account" not in diagnostic.message


def test_a_user_made_elsewhere_that_gets_everything_from_two_groups_is_reported_on_a_policy(policy_pack):
    stack = Stack()
    for group, half in (("g1", FIRST_HALF), ("g2", SECOND_HALF)):
        stack.add("aws:iam/groupPolicy:GroupPolicy", f"{group}-policy", {
            "group": group, "policy": document(allow(half))})
    stack.add("aws:iam/userGroupMembership:UserGroupMembership", "m", {"user": "ext-user", "groups": ["g1", "g2"]})
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == stack.resources[0].urn


def test_a_split_in_a_named_account_is_not_hidden_by_a_broad_grant_that_may_be_elsewhere(policy_pack):
    stack = Stack()
    account = provider(stack, "pa", allowedAccountIds=["111111111111"])
    role = stack.add("aws:iam/role:Role", "ml-role", {"name": "ml-role"}, provider=account)
    stack.role_policy("first-half", "ml-role", FIRST_HALF, provider=account)
    stack.role_policy("second-half", "ml-role", SECOND_HALF, provider=account)
    stack.role_policy("legacy-star", "ml-role", "sagemaker:*")
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == role.urn


def test_splits_in_a_named_and_an_unnamed_account_are_reported_and_exempted_apart(policy_pack):
    stack = Stack()
    account = provider(stack, "pa", allowedAccountIds=["111111111111"])
    prod = stack.add("aws:iam/role:Role", "role-prod", {"name": "ml-role"}, provider=account)
    dev = stack.add("aws:iam/role:Role", "role-dev", {"name": "ml-role"})
    for prefix, account_provider in (("prod", account), ("dev", "")):
        stack.role_policy(f"{prefix}-first", "ml-role", FIRST_HALF, provider=account_provider)
        stack.role_policy(f"{prefix}-second", "ml-role", SECOND_HALF, provider=account_provider)
    assert sorted(d.urn for d in across(judge(policy_pack, stack))) == sorted([prod.urn, dev.urn])
    for exempt, blocked in ((dev, prod), (prod, dev)):
        config = {ACROSS: {"exemptions": [{"resource": exempt.name, "reason": "lab", "expires": "2999-01-01"}]}}
        assert [d.urn for d in across(judge(policy_pack, stack, config=config))] == [blocked.urn]


def test_a_permission_sets_own_split_is_one_finding_whatever_accounts_its_references_are_in(policy_pack):
    stack = Stack()
    first, second = (provider(stack, f"p{account}", allowedAccountIds=[account * 12]) for account in ("1", "2"))
    stack.add("aws-native:sso:PermissionSet", "ps", {
        "permissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1/ps-3",
        "inlinePolicy": json.loads(document(allow(FIRST_HALF))),
        "customerManagedPolicyReferences": [{"name": "cm-read", "path": "/"}]})
    stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "ps-inline", {
        "permissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1/ps-3", "inlinePolicy": document(allow(SECOND_HALF))})
    for account_provider, name in ((first, "cm-read-1"), (second, "cm-read-2")):
        stack.add("aws:iam/policy:Policy", name, {"name": "cm-read", "policy": document(
            allow(["sagemaker:DescribeEndpoint"]))}, provider=account_provider)
    assert len(across(judge(policy_pack, stack))) == 1


def test_during_an_update_a_name_spelled_like_the_unknown_marker_is_a_name(policy_pack):
    # The marker is a valid IAM role name; only a preview has unknown values.
    stack = Stack()
    role = stack.role(UNKNOWN)
    stack.role_policy("first-half", UNKNOWN, FIRST_HALF)
    stack.role_policy("second-half", UNKNOWN, SECOND_HALF)
    [diagnostic] = across(judge_as_the_engine_does(policy_pack, stack))
    assert diagnostic.enforcement_level == "mandatory" and diagnostic.urn == role.urn
    # Nor does such a name elsewhere in the stack hold another principal's verdict back.
    stack, role = split_between_two_role_policies()
    stack.role("decoy-role").inputs["name"] = UNKNOWN
    stack.add("aws:iam/rolePolicy:RolePolicy", "decoy", {
        "role": UNKNOWN, "policy": document({"Effect": "Deny", "Action": "sagemaker:DeleteEndpoint",
                                             "Resource": ENDPOINTS})})
    [diagnostic] = across(judge_as_the_engine_does(policy_pack, stack))
    assert diagnostic.enforcement_level == "mandatory" and diagnostic.urn == role.urn
    # Nor a customer-managed policy that a permission set finds by its name.
    stack = Stack()
    permission_set_arn = permission_set_with_first_half(stack)
    stack.add("aws:iam/policy:Policy", "second-half", {"name": UNKNOWN, "path": "/", "policy": document(
        allow(SECOND_HALF))})
    stack.add("aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment", "attach", {
        "permissionSetArn": permission_set_arn, "customerManagedPolicyReference": {"name": UNKNOWN, "path": "/"}})
    [diagnostic] = across(judge_as_the_engine_does(policy_pack, stack))
    assert "attach -> second-half (policy)" in diagnostic.message


def test_a_policy_whose_principal_is_not_known_yet_and_only_allows_holds_nothing_back(policy_pack):
    # Were it the role's, it could only add to the grant.
    stack, _ = split_between_two_role_policies()
    stack.add("aws:iam/rolePolicy:RolePolicy", "more", {
        "role": UNKNOWN, "policy": document(allow(["sagemaker:DescribeEndpoint"]))})
    [diagnostic] = across(judge(policy_pack, stack, preview=True))
    assert diagnostic.enforcement_level == "mandatory"
    stack.resources[-1].inputs["policy"] = document(
        allow(["sagemaker:DescribeEndpoint"]), {"Effect": "Deny", "Action": "sagemaker:Delete*", "Resource": "*"})
    assert not [d for d in across(judge(policy_pack, stack, preview=True)) if d.enforcement_level == "mandatory"]


def test_a_policy_given_to_a_user_and_to_its_exempt_group_counts_for_the_user_too(policy_pack):
    # One attachment to the user and the group: the group's exemption covers the group's copy only.
    stack = Stack()
    alice = stack.add("aws:iam/user:User", "alice", {"name": "alice"})
    stack.add("aws:iam/group:Group", "ds", {"name": "ds"})
    arn = f"arn:aws:iam::{ACCOUNT}:policy/first-half"
    stack.managed_policy("first-half", FIRST_HALF, arn=arn)
    stack.add("aws:iam/policyAttachment:PolicyAttachment", "both", {
        "name": "both", "users": ["alice"], "groups": ["ds"], "policyArn": arn})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "ds-rest", {"group": "ds", "policy": document(allow(SECOND_HALF))})
    stack.add("aws:iam/userGroupMembership:UserGroupMembership", "in-ds", {"user": "alice", "groups": ["ds"]})
    exempt = {ACROSS: {"exemptions": [{"resource": "ds", "reason": "platform admins", "expires": "2999-01-01"}]}}
    assert not across(judge(policy_pack, stack, config=exempt))
    stack.add("aws:iam/userPolicy:UserPolicy", "alice-rest", {"user": "alice", "policy": document(allow(SECOND_HALF))})
    [diagnostic] = across(judge(policy_pack, stack, config=exempt))
    assert diagnostic.urn == alice.urn
    # Each route named once: the group's copy says it comes through the group.
    stack.resources = [resource for resource in stack.resources if resource.name != "ds-rest"]
    [diagnostic] = across(judge(policy_pack, stack))
    assert diagnostic.urn == alice.urn
    assert diagnostic.message.count("both -> first-half (policy) Statement[0];") == 1
    assert "both -> first-half (policy) Statement[0] (through group ds)" in diagnostic.message


def test_a_users_own_policy_worded_like_its_groups_is_not_taken_for_an_echo(policy_pack):
    stack = Stack()
    alice = stack.add("aws-native:iam:User", "alice", {
        "userName": "alice", "policies": [{"policyName": "own", "policyDocument": {
            "Version": "2012-10-17", "Statement": [allow(FIRST_HALF)]}}]})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "ds-first", {"group": "ds", "policy": document(allow(FIRST_HALF))})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "ds-rest", {"group": "ds", "policy": document(allow(SECOND_HALF))})
    stack.add("aws:iam/userGroupMembership:UserGroupMembership", "in-ds", {"user": "alice", "groups": ["ds"]})
    stack.add("aws:iam/userPolicy:UserPolicy", "alice-rest", {"user": "alice", "policy": document(allow(SECOND_HALF))})
    exempt = {ACROSS: {"exemptions": [{"resource": "ds", "reason": "platform admins", "expires": "2999-01-01"}]}}
    [diagnostic] = across(judge(policy_pack, stack, config=exempt))
    assert diagnostic.urn == alice.urn


def test_what_is_wrong_with_the_stack_policys_config_goes_with_its_findings(policy_pack):
    # A stack policy has no advisory channel: an exemption it cannot read would otherwise vanish unexplained.
    stack, _ = split_between_two_role_policies()
    policy_pack.configure_raw({ACROSS: {"enforcementLevel": "mandatory", "productionStackPatterns": ["prod"],
                                        "exemptions": [{"resource": "ml-role", "reason": "vendor",
                                                        "expires": "2027-02-30"}], "Exemptions": []}})
    policy_pack.configure_stack("prod", "ml-platform")
    [diagnostic] = across(policy_pack.analyze_stack(stack.resources))
    assert diagnostic.enforcement_level == "mandatory"
    assert "exemptions[0] needs expires as YYYY-MM-DD" in diagnostic.message
    assert "config key 'Exemptions' is not one of this policy's" in diagnostic.message


def test_a_users_own_policies_count_when_no_rule_reading_them_runs_on_it(policy_pack):
    # An aws-native user holds its inline policies; with rules 2 and 3 off no rule that reads them
    # runs on it (the trust rule reads no type without a trust policy). The stack policy still reads
    # them as Analyze saw them: the user's outputs list no policies.
    stack = Stack()
    user = stack.add("aws-native:iam:User", "alice", {
        "userName": "alice",
        "policies": [{"policyName": "p1", "policyDocument": json.loads(document(allow(FIRST_HALF)))}],
    }, outputs={"userName": "alice", "arn": f"arn:aws:iam::{ACCOUNT}:user/alice"})
    stack.add("aws:iam/userPolicy:UserPolicy", "second", {"user": "alice", "policy": document(allow(SECOND_HALF))})
    policy_pack.configure({"no-sagemaker-star-in-production": "disabled", "iam-permissions-arn-scoped": "disabled"})
    policy_pack.configure_stack("prod", "ml-platform")
    for resource in stack.resources:
        policy_pack.analyze_resource(resource)
    blocked = across(policy_pack.analyze_stack(stack.resources))
    policy_pack.configure(None)
    assert [d.urn for d in blocked] == [user.urn]
    assert blocked[0].enforcement_level == "mandatory"


def test_an_exempt_resource_that_grants_everything_does_not_excuse_a_split_among_the_others(policy_pack):
    stack, role = split_between_two_role_policies()
    demo = {"Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINTS.replace("*", "demo"),
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
    stack.add("aws:iam/rolePolicy:RolePolicy", "demo-full", {"role": "ml-role", "policy": document(demo)})
    exempt = {"exemptions": [{"resource": "demo-full", "reason": "MFA-gated demo (JIRA-7)", "expires": "2999-12-31"}]}
    blocked = across(judge(policy_pack, stack, config={"no-sagemaker-star-in-production": exempt}))
    assert [d.urn for d in blocked] == [role.urn]
    assert "demo-full" not in blocked[0].message
    # Without the split, the one resource that grants everything is the per-resource rule's alone.
    alone = Stack()
    alone.role()
    alone.role_policy("first-half", "ml-role", FIRST_HALF)
    alone.add("aws:iam/rolePolicy:RolePolicy", "demo-full", {"role": "ml-role", "policy": document(demo)})
    assert across(judge(policy_pack, alone, config={"no-sagemaker-star-in-production": exempt})) == []
    policy_pack.configure(None)


def stack_with_split_and(*extra) -> tuple[Stack, RecordedResource]:
    """The two-halves split on ml-role, plus (type, name, props) resources."""
    stack, role = split_between_two_role_policies()
    for type_, name, props in extra:
        stack.add(type_, name, props)
    return stack, role


ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
DENY_ALL_ARN = "arn:aws:iam::aws:policy/AWSDenyAll"


def test_a_deny_another_inline_policy_of_the_same_name_may_replace_does_not_cancel(policy_pack):
    # PutRolePolicy adds or replaces: of two inline policies named "p" on one role only one is left.
    guard = (ROLE_POLICY, "guard", {"name": "p", "role": "ml-role", "policy": document(DENY_ALL)})
    rest = (ROLE_POLICY, "rest", {"name": "p", "role": "ml-role", "policy": document(allow(["sagemaker:ListModels"]))})
    stack, role = stack_with_split_and(guard, rest)
    assert [d.urn for d in across(judge(policy_pack, stack))] == [role.urn]
    # Names differ (or the provider makes one up): the Deny stays, and cancels.
    stack.resources[-1].inputs["name"] = "q"
    assert not across(judge(policy_pack, stack))
    del stack.resources[-1].inputs["name"]
    assert not across(judge(policy_pack, stack))


def test_a_deny_in_the_roles_own_inline_policy_that_a_role_policy_of_its_name_replaces_does_not_cancel(policy_pack):
    stack = Stack()
    role = stack.role(inlinePolicies=[{"name": "keep", "policy": document(allow(["sagemaker:ListModels"]))},
                                      {"name": "p", "policy": document(DENY_ALL)}])
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.add(ROLE_POLICY, "second-half", {"name": "P", "role": "ml-role", "policy": document(allow(SECOND_HALF))})
    for resource in stack.resources:  # as the engine does: the role's names are its inputs' (Analyze)
        policy_pack.analyze_resource(resource)
    assert [d.urn for d in across(policy_pack.analyze_stack(stack.resources))] == [role.urn]
    stack.resources[-1].inputs["name"] = "other"
    assert not across(judge(policy_pack, stack))


def test_a_deny_an_exclusive_resource_of_the_stack_removes_does_not_cancel(policy_pack):
    guard = (ROLE_POLICY, "guard", {"name": "guard", "role": "ml-role", "policy": document(DENY_ALL)})
    exclusive = ("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "only-these",
                 {"roleName": "ml-role", "policyNames": ["a", "b"]})
    stack, role = stack_with_split_and(guard, exclusive)
    assert [d.urn for d in across(judge(policy_pack, stack))] == [role.urn]
    stack.resources[-1].inputs["policyNames"] = ["guard", "a", "b"]
    assert not across(judge(policy_pack, stack))


def test_a_deny_attachment_an_exclusive_attachment_set_omits_does_not_cancel(policy_pack):
    attach = ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deny-all",
              {"role": "ml-role", "policyArn": DENY_ALL_ARN})
    none_kept = ("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "exactly",
                 {"roleName": "ml-role", "policyArns": []})
    stack, role = stack_with_split_and(attach)
    assert not across(judge(policy_pack, stack))
    stack.add(*none_kept)
    assert [d.urn for d in across(judge(policy_pack, stack))] == [role.urn]
    stack.resources[-1].inputs["policyArns"] = [DENY_ALL_ARN]
    assert not across(judge(policy_pack, stack))


def test_a_deny_policy_a_policy_attachment_gives_only_to_other_roles_does_not_cancel(policy_pack):
    # A PolicyAttachment attaches its policy exclusively across the account: ml-role loses it.
    stack, role = split_between_two_role_policies()
    guard = stack.managed_policy("guard", "sagemaker:*", arn=f"arn:aws:iam::{ACCOUNT}:policy/guard")
    guard.inputs["policy"] = document(DENY_ALL)
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "guard-ml",
              {"role": "ml-role", "policyArn": f"arn:aws:iam::{ACCOUNT}:policy/guard"})
    assert not across(judge(policy_pack, stack))
    stack.add("aws:iam/policyAttachment:PolicyAttachment", "guard-batch",
              {"policyArn": f"arn:aws:iam::{ACCOUNT}:policy/guard", "roles": ["batch-role"]})
    assert [d.urn for d in across(judge(policy_pack, stack))] == [role.urn]
    stack.resources[-1].inputs["roles"] = ["batch-role", "ml-role"]
    assert not across(judge(policy_pack, stack))


def test_a_split_in_an_account_without_the_roles_resource_is_reported_and_exempted_apart(policy_pack):
    stack = Stack()
    sandbox = provider(stack, "sandbox", allowedAccountIds=["111111111111"])
    live = provider(stack, "live", allowedAccountIds=["222222222222"])
    role_in_sandbox = stack.add("aws:iam/role:Role", "role-sandbox", {"name": "ml"}, provider=sandbox)
    stack.add(ROLE_POLICY, "live-first", {"role": "ml", "policy": document(allow(FIRST_HALF))}, provider=live)
    stack.add(ROLE_POLICY, "live-second", {"role": "ml", "policy": document(allow(SECOND_HALF))}, provider=live)
    [diagnostic] = across(judge(policy_pack, stack))
    # Not on the sandbox's role: account 222's ml is made elsewhere; its first grant is reported.
    assert diagnostic.urn == stack.resources[-2].urn != role_in_sandbox.urn
    exempt = {"exemptions": [{"resource": "role-sandbox", "reason": "sandbox (JIRA-9)", "expires": "2999-12-31"}]}
    assert across(judge(policy_pack, stack, config={ACROSS: exempt}))
    policy_pack.configure(None)


def test_a_groups_deny_through_a_provider_that_names_no_account_does_not_cancel_a_members_split(policy_pack):
    stack = Stack()
    live = provider(stack, "live", allowedAccountIds=["222222222222"])
    user = stack.add("aws:iam/user:User", "ana", {"name": "ana"}, provider=live)
    stack.add("aws:iam/userPolicy:UserPolicy", "ana-first", {"user": "ana", "policy": document(allow(FIRST_HALF))},
              provider=live)
    stack.add("aws:iam/groupPolicy:GroupPolicy", "admins-second",
              {"group": "admins", "policy": document(allow(SECOND_HALF))}, provider=live)
    stack.add("aws:iam/groupMembership:GroupMembership", "m", {"group": "admins", "users": ["ana"]}, provider=live)
    fence = stack.add("aws:iam/groupPolicy:GroupPolicy", "fence", {"group": "admins", "policy": document(DENY_ALL)})
    # The fence's group may be another account's "admins": its Deny may not reach ana.
    assert [d.urn for d in across(judge(policy_pack, stack))] == [user.urn]
    fence.provider = live
    assert not across(judge(policy_pack, stack))


def test_a_deny_for_one_of_several_roles_not_known_yet_leaves_their_verdicts_to_the_update(policy_pack):
    # `role=Output.all(a.name, b.name).apply(pick)`: the Deny reaches one of them, which the preview
    # cannot tell; before, it cancelled the split of both.
    stack = Stack()
    other = stack.role("role-a")
    split = stack.role("role-b")
    stack.role_policy("first-half", "role-b", FIRST_HALF)
    stack.role_policy("second-half", "role-b", SECOND_HALF)
    stack.add(ROLE_POLICY, "fence", {"role": UNKNOWN, "policy": document(DENY_ALL)},
              property_dependencies={"role": [other.urn, split.urn]})
    result = judge(policy_pack, stack, preview=True)
    assert not [d for d in across(result) if d.enforcement_level == "mandatory"]
    assert [d for d in across(result) if "during preview" in d.message]
    # Resolved to one role only, the Deny is that role's, and cancels.
    stack.resources[-1].property_dependencies["role"] = [split.urn]
    assert not across(judge(policy_pack, stack, preview=True))


def test_a_policy_named_by_its_arn_is_the_one_made_in_that_accounts_first(policy_pack):
    # During preview a policy's ARN output is not known: it is found by path and name, and one made
    # in the ARN's own account wins over one whose provider names no account, in whatever order.
    stack = Stack()
    live = provider(stack, "live", allowedAccountIds=["222222222222"])
    unnamed = stack.add("aws:iam/policy:Policy", "extra-default",
                        {"name": "extra", "policy": document(allow(["sagemaker:DescribeEndpoint"]))})
    in_live = stack.add("aws:iam/policy:Policy", "extra-live",
                        {"name": "extra", "policy": document(allow(SECOND_HALF)), "arn": UNKNOWN}, provider=live)
    role = stack.add("aws:iam/role:Role", "ml-role", {"name": "ml-role"}, provider=live)
    stack.add(ROLE_POLICY, "a", {"role": "ml-role", "policy": document(allow(FIRST_HALF))}, provider=live)
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach",
              {"role": "ml-role", "policyArn": "arn:aws:iam::222222222222:policy/extra"}, provider=live)
    for order in ([unnamed, in_live], [in_live, unnamed]):
        stack.resources[1:3] = order
        assert [d.urn for d in across(judge(policy_pack, stack, preview=True))] == [role.urn]


def judged_as_the_engine_does(policy_pack, stack: Stack, *, preview=False) -> list:
    """Analyze every resource (inputs), then AnalyzeStack: the stack policy reads a principal's own
    resource as Analyze saw it."""
    policy_pack.configure(None)
    policy_pack.configure_stack(stack.name, "ml-platform", dry_run=preview)
    by_urn = {resource.urn: resource for resource in stack.resources}
    for resource in stack.resources:
        if not resource.type.startswith("pulumi:providers:"):
            policy_pack.analyze_resource(resource, by_urn.get(resource.provider_urn))
    return across(policy_pack.analyze_stack(stack.resources))


GUARD = document(DENY_ALL)


def test_during_preview_a_guard_an_unknown_name_may_replace_leaves_the_verdict_to_the_update(policy_pack):
    stack = Stack()
    role = stack.role()
    stack.add(ROLE_POLICY, "guard", {"name": "deny-sagemaker", "role": "ml-role", "policy": GUARD})
    first = stack.add(ROLE_POLICY, "first", {"name": UNKNOWN, "role": "ml-role", "policy": document(allow(FIRST_HALF))},
                      property_dependencies={"name": [role.urn]})
    stack.add(ROLE_POLICY, "second", {"name": "second", "role": "ml-role", "policy": document(allow(SECOND_HALF))})
    [note] = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert note.enforcement_level == "advisory" and "during preview" in note.message
    first.inputs["name"] = "ml-role-first"
    assert judged_as_the_engine_does(policy_pack, stack) == []


def test_a_role_that_sets_its_inline_policies_removes_a_role_policys_guard(policy_pack):
    # pulumi-aws: a role with `inlinePolicies` manages its inline policies exclusively.
    stack = Stack()
    base = document(allow(["s3:GetObject"], "arn:aws:s3:::b/*"))
    role = stack.role(inlinePolicies=[{"name": "base", "policy": base}])
    stack.add(ROLE_POLICY, "guard", {"name": "deny-sagemaker", "role": "ml-role", "policy": GUARD})
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "second-half",
              {"role": "ml-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"})
    stack.role_policy("rest", "ml-role", SECOND_HALF)
    assert [d.urn for d in judged_as_the_engine_does(policy_pack, stack)] == [role.urn]
    del role.inputs["inlinePolicies"]
    assert judged_as_the_engine_does(policy_pack, stack) == []


def test_a_guard_named_like_another_accounts_guard_still_cancels(policy_pack):
    stack = Stack()
    for account in ("111111111111", "222222222222"):
        where = provider(stack, f"p{account[0]}", allowedAccountIds=[account])
        stack.add("aws:iam/role:Role", f"ml-{account[0]}", {"name": "ml-role"}, provider=where)
        for name, policy in (("deny-sagemaker", GUARD), ("first", document(allow(FIRST_HALF))),
                             ("second", document(allow(SECOND_HALF)))):
            stack.add(ROLE_POLICY, f"{name}-{account[0]}", {"name": name, "role": "ml-role", "policy": policy},
                      provider=where)
    assert judged_as_the_engine_does(policy_pack, stack) == []


def test_a_group_membership_that_lists_others_takes_a_user_out_of_the_guarded_group(policy_pack):
    stack = Stack()
    user = stack.add("aws:iam/user:User", "alice", {"name": "alice"})
    for name, half in (("a1", FIRST_HALF), ("a2", SECOND_HALF)):
        stack.add("aws:iam/userPolicy:UserPolicy", name, {"user": "alice", "policy": document(allow(half))})
    stack.add("aws:iam/groupPolicy:GroupPolicy", "fence", {"group": "quarantine", "policy": GUARD})
    stack.add("aws:iam/userGroupMembership:UserGroupMembership", "alice-in",
              {"user": "alice", "groups": ["quarantine"]})
    assert judged_as_the_engine_does(policy_pack, stack) == []
    members = stack.add("aws:iam/groupMembership:GroupMembership", "only-bob",
                        {"group": "quarantine", "users": ["bob"]})
    assert [d.urn for d in judged_as_the_engine_does(policy_pack, stack)] == [user.urn]
    members.inputs["users"] = ["bob", "alice"]
    assert judged_as_the_engine_does(policy_pack, stack) == []


def test_an_exclusive_set_of_customer_managed_policies_detaches_a_permission_sets_guard(policy_pack):
    permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1"
    stack = Stack()
    stack.add("aws:ssoadmin/permissionSet:PermissionSet", "ml-ps", {"name": "ml", "arn": permission_set_arn})
    stack.add("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "inline",
              {"permissionSetArn": permission_set_arn, "inlinePolicy": document(allow(FIRST_HALF))})
    stack.managed_policy("second", SECOND_HALF)
    guard = stack.managed_policy("guard", "sagemaker:*")
    guard.inputs["policy"] = GUARD
    for name in ("second", "guard"):
        stack.add("aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment", f"cm-{name}", {
            "permissionSetArn": permission_set_arn, "customerManagedPolicyReference": {"name": name, "path": "/"}})
    assert judged_as_the_engine_does(policy_pack, stack) == []
    stack.add("aws:ssoadmin/customerManagedPolicyAttachmentsExclusive:CustomerManagedPolicyAttachmentsExclusive",
              "exactly", {"permissionSetArn": permission_set_arn,
                          "customerManagedPolicyReferences": [{"name": "second", "path": "/"}]})
    assert len(judged_as_the_engine_does(policy_pack, stack)) == 1


def test_two_inline_policies_of_one_name_in_one_role_leave_one(policy_pack):
    stack = Stack()
    role = stack.role(inlinePolicies=[{"name": "p", "policy": GUARD},
                                      {"name": "P", "policy": document(allow(FIRST_HALF))}])
    stack.role_policy("rest", "ml-role", SECOND_HALF)
    assert [d.urn for d in judged_as_the_engine_does(policy_pack, stack)] == [role.urn]


def test_a_membership_made_where_no_account_is_named_may_not_put_the_user_in_the_guarded_group(policy_pack):
    stack = Stack()
    live = provider(stack, "live", allowedAccountIds=["111111111111"])
    user = stack.add("aws:iam/user:User", "alice", {"name": "alice"}, provider=live)
    for name, half in (("a1", FIRST_HALF), ("a2", SECOND_HALF)):
        stack.add("aws:iam/userPolicy:UserPolicy", name, {"user": "alice", "policy": document(allow(half))},
                  provider=live)
    stack.add("aws:iam/groupPolicy:GroupPolicy", "fence", {"group": "quarantine", "policy": GUARD}, provider=live)
    membership = stack.add("aws:iam/userGroupMembership:UserGroupMembership", "alice-in",
                           {"user": "alice", "groups": ["quarantine"]})
    assert [d.urn for d in judged_as_the_engine_does(policy_pack, stack)] == [user.urn]
    membership.provider = live
    assert judged_as_the_engine_does(policy_pack, stack) == []


def test_during_preview_a_grant_for_one_of_several_roles_leaves_the_verdict_to_the_update(policy_pack):
    stack = Stack()
    role_a = stack.role("role-a")
    role_b = stack.role("role-b")
    stack.role_policy("second-half", "role-a", SECOND_HALF)
    stack.add(ROLE_POLICY, "picked", {"role": UNKNOWN, "policy": document(allow(FIRST_HALF))},
              property_dependencies={"role": [role_a.urn, role_b.urn]})
    [note] = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert note.enforcement_level == "advisory"


def test_an_empty_inline_policies_list_leaves_the_roles_other_inline_policies_alone(policy_pack):
    # pulumi-aws manages no inline policies without blocks; only one empty block (`[{}]`) removes them.
    stack = Stack()
    role = stack.role(inlinePolicies=[])
    stack.add(ROLE_POLICY, "guard", {"name": "deny-sagemaker", "role": "ml-role", "policy": GUARD})
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.role_policy("second-half", "ml-role", SECOND_HALF)
    assert judged_as_the_engine_does(policy_pack, stack) == []
    role.inputs["inlinePolicies"] = [{}]
    assert [d.urn for d in judged_as_the_engine_does(policy_pack, stack)] == [role.urn]


def test_during_preview_one_arn_built_from_several_policies_leaves_the_verdict_to_the_update(policy_pack):
    stack = Stack()
    train_role, serve_role = stack.role("train-role"), stack.role("serve-role")
    halves = [stack.add("aws:iam/policy:Policy", name, {"name": name, "policy": document(allow(half)), "arn": UNKNOWN})
              for name, half in (("train", FIRST_HALF), ("serve", SECOND_HALF))]
    for role in (train_role, serve_role):
        stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f"{role.name}-att",
                  {"role": role.name, "policyArn": UNKNOWN},
                  property_dependencies={"policyArn": [policy.urn for policy in halves]})
    notes = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert notes and all(note.enforcement_level == "advisory" for note in notes)


def test_during_preview_a_list_of_as_many_unknown_arns_as_policies_attaches_them_all(policy_pack):
    # `managed_policy_arns=[first.arn, second.arn]`: still blocked before anything is deployed.
    stack = Stack()
    halves = [stack.add("aws:iam/policy:Policy", name, {"name": name, "policy": document(allow(half)), "arn": UNKNOWN})
              for name, half in (("first", FIRST_HALF), ("second", SECOND_HALF))]
    role = stack.role(managedPolicyArns=[UNKNOWN, UNKNOWN])
    role.property_dependencies["managedPolicyArns"] = [policy.urn for policy in halves]
    [finding] = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert finding.enforcement_level == "mandatory" and finding.urn == role.urn


def test_during_preview_a_membership_in_one_of_several_groups_leaves_the_verdict_to_the_update(policy_pack):
    stack = Stack()
    groups = [stack.add("aws:iam/group:Group", name, {"name": name}) for name in ("readers", "trainers")]
    for group, half in zip(groups, (FIRST_HALF, SECOND_HALF), strict=True):
        stack.add("aws:iam/groupPolicy:GroupPolicy", f"{group.name}-policy",
                  {"group": group.name, "policy": document(allow(half))})
    stack.add("aws:iam/user:User", "alice", {"name": "alice"})
    membership = stack.add("aws:iam/userGroupMembership:UserGroupMembership", "alice-in",
                           {"user": "alice", "groups": [UNKNOWN]},
                           property_dependencies={"groups": [group.urn for group in groups]})
    notes = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert notes and all(note.enforcement_level == "advisory" for note in notes)
    membership.inputs["groups"] = [UNKNOWN, UNKNOWN]
    assert [d.enforcement_level for d in judged_as_the_engine_does(policy_pack, stack, preview=True)] == ["mandatory"]


def test_during_preview_a_new_roles_own_managed_policy_list_is_read_as_the_program_wrote_it(policy_pack):
    # The role's outputs are unknown in a preview of a new role; its inputs say which attachments it keeps.
    stack = Stack()
    role = stack.add("aws:iam/role:Role", "ml-role",
                     {"name": "ml-role", "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"]},
                     outputs={"name": "ml-role", "managedPolicyArns": UNKNOWN, "inlinePolicies": UNKNOWN})
    stack.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deny-all",
              {"role": "ml-role", "policyArn": DENY_ALL_ARN})
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.role_policy("second-half", "ml-role", SECOND_HALF)
    [finding] = judged_as_the_engine_does(policy_pack, stack, preview=True)
    assert finding.enforcement_level == "mandatory" and finding.urn == role.urn


def test_during_an_update_a_roles_own_inline_policy_named_like_the_unknown_marker_is_a_name(policy_pack):
    stack = Stack()
    harmless = document(allow(["s3:ListAllMyBuckets"], "*"))
    role = stack.role(inlinePolicies=[{"name": UNKNOWN, "policy": harmless}])
    stack.role_policy("first-half", "ml-role", FIRST_HALF)
    stack.role_policy("second-half", "ml-role", SECOND_HALF)
    [finding] = judged_as_the_engine_does(policy_pack, stack)
    assert finding.enforcement_level == "mandatory" and finding.urn == role.urn
