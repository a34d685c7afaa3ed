"""Allow and deny cases for every rule bullet, as (resource, stack, config) -> mandatory policies.

Each case is sent over the Analyzer protocol to the pack started the way the Pulumi CLI starts
it (tests/pack/test_rules_over_protocol.py). `mandatory` is the exact set of policies expected to
report a mandatory diagnostic; `advisory` lists substrings expected among advisory diagnostics.
"""

from dataclasses import dataclass, field

from stackcheck import unknown

from .documents import (
    ACCOUNT,
    ATTACHMENT,
    ENDPOINT_ARN,
    OTHER_ACCOUNT,
    POLICY,
    REGION,
    ROLE,
    ROLE_POLICY,
    SAGEMAKER,
    SCOPED,
    TRUST,
    allow,
    assume,
    attachment,
    deny,
    document,
    permission_policy,
    role,
)


@dataclass(frozen=True)
class Case:
    id: str
    resource: tuple
    mandatory: frozenset
    stack: str = "prod"
    config: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)
    advisory: tuple = ()
    # Sent as ConfigureStack's dry_run: only a preview has unknown values.
    preview: bool = False


def case(id, resource, mandatory=(), stack="prod", config=None, tags=None, advisory=(), preview=False):
    return Case(id, resource, frozenset(mandatory), stack, config or {}, tags or {}, tuple(advisory), preview)


EXTERNAL_ID = {"StringEquals": {"sts:ExternalId": "a1b2c3-shared-secret"}}
SOURCE_ACCOUNT = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
SAGEMAKER_SERVICE = {"Service": "sagemaker.amazonaws.com"}
GITHUB = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
SCOPED_SAGEMAKER = allow(["sagemaker:InvokeEndpoint"], ENDPOINT_ARN)

TRUST_CASES = [
    # AWS principals need a literal sts:ExternalId under StringEquals.
    case("aws-account-id-with-external-id", role(assume({"AWS": OTHER_ACCOUNT}, EXTERNAL_ID))),
    case("aws-account-id-without-condition", role(assume({"AWS": OTHER_ACCOUNT})), {TRUST}),
    case("aws-root-arn-with-external-id", role(assume({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}, EXTERNAL_ID))),
    case("aws-root-arn-without-condition", role(assume({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"})), {TRUST}),
    case("aws-role-arn-with-external-id",
         role(assume({"AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:role/deployer"]}, EXTERNAL_ID))),
    case("aws-user-arn-without-condition", role(assume({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:user/ci"})), {TRUST}),
    case("aws-govcloud-partition-without-condition",
         role(assume({"AWS": f"arn:aws-us-gov:iam::{OTHER_ACCOUNT}:root"})), {TRUST}),
    case("aws-china-partition-with-external-id",
         role(assume({"AWS": f"arn:aws-cn:iam::{OTHER_ACCOUNT}:root"}, EXTERNAL_ID))),
    case("external-id-under-stringlike-star",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringLike": {"sts:ExternalId": "*"}})), {TRUST}),
    case("external-id-under-stringlike-literal",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringLike": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-ifexists",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEqualsIfExists": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-null-false",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"sts:ExternalId": "false"}})), {TRUST}),
    # Null false demands the key, and IfExists then compares it: together they mean StringEquals.
    case("external-id-ifexists-with-null-false",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"sts:ExternalId": False},
                                              "StringEqualsIfExists": {"sts:ExternalId": "abc"}}))),
    case("external-id-ifexists-with-null-false-in-another-case",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"sts:ExternalId": "FALSE"},
                                              "StringEqualsIfExists": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-ifexists-with-null-true",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"sts:ExternalId": "true"},
                                              "StringEqualsIfExists": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-ifexists-with-null-false-on-another-key",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"aws:SourceAccount": "false"},
                                              "StringEqualsIfExists": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-ifexists-with-null-false-under-stringlike",
         role(assume({"AWS": OTHER_ACCOUNT}, {"Null": {"sts:ExternalId": "false"},
                                              "StringLikeIfExists": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-not-equals",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringNotEquals": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-empty", role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"sts:ExternalId": ""}})), {TRUST}),
    case("external-id-with-wildcard",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"sts:ExternalId": "abc*"}})), {TRUST}),
    case("external-id-forallvalues",
         role(assume({"AWS": OTHER_ACCOUNT}, {"ForAllValues:StringEquals": {"sts:ExternalId": "abc"}})), {TRUST}),
    case("external-id-key-in-other-case",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"STS:EXTERNALID": "abc"}}))),
    case("external-id-list-with-a-wildcard",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"sts:ExternalId": ["abc", "*"]}})), {TRUST}),
    case("internal-account-exempt", role(assume({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"})),
         config={TRUST: {"internalAccountIds": [OTHER_ACCOUNT]}}),
    case("internal-account-list-names-another-account", role(assume({"AWS": OTHER_ACCOUNT})), {TRUST},
         config={TRUST: {"internalAccountIds": [ACCOUNT]}}),
    case("principal-org-id-not-accepted-by-default",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})), {TRUST}),
    case("principal-org-id-accepted-when-configured",
         role(assume({"AWS": OTHER_ACCOUNT}, {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})),
         config={TRUST: {"allowPrincipalOrgId": True}}),
    # Wildcard principals are violations whatever the conditions.
    case("wildcard-principal-string", role(assume("*", EXTERNAL_ID)), {TRUST}),
    case("wildcard-aws-principal", role(assume({"AWS": "*"}, EXTERNAL_ID)), {TRUST}),
    case("not-principal-allow", role({"Effect": "Allow", "NotPrincipal": {"AWS": OTHER_ACCOUNT},
                                      "Action": "sts:AssumeRole", "Condition": EXTERNAL_ID}), {TRUST}),
    # Service principals need a confused-deputy condition.
    case("service-with-source-account", role(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT))),
    # A placeholder copied from a doc pins the caller to no account at all: it fails closed, with a note.
    case("service-with-source-account-placeholder",
         role(assume(SAGEMAKER_SERVICE, {"StringEquals": {"aws:SourceAccount": "account-id"}})),
         advisory=("aws:SourceAccount 'account-id' is not a 12-digit account ID",)),
    # Python's \d also matches other scripts' digits; IAM's account IDs are ASCII.
    case("service-with-source-account-in-fullwidth-digits",
         role(assume(SAGEMAKER_SERVICE, {"StringEquals": {"aws:SourceAccount": "\uff11" * 12}})),
         advisory=("is not a 12-digit account ID",)),
    case("account-id-principal-with-a-trailing-newline-is-external",
         role(assume({"AWS": OTHER_ACCOUNT + "\n"})), {TRUST},
         config={TRUST: {"internalAccountIds": [OTHER_ACCOUNT]}}),
    case("principal-arn-with-a-trailing-newline-is-external",
         role(assume({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root\n"})), {TRUST},
         config={TRUST: {"internalAccountIds": [OTHER_ACCOUNT]}}),
    case("service-without-condition", role(assume(SAGEMAKER_SERVICE)), {TRUST}),
    case("service-with-source-arn-literal-account",
         role(assume(SAGEMAKER_SERVICE, {"ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"}}))),
    case("service-with-source-arn-wildcard-account",
         role(assume(SAGEMAKER_SERVICE, {"ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:*:*"}})), {TRUST}),
    case("service-with-source-arn-equals-one-job", role(assume(SAGEMAKER_SERVICE, {
        "ArnEquals": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/nightly"}}))),
    case("service-with-source-arn-of-an-s3-bucket-has-no-account",
         role(assume(SAGEMAKER_SERVICE, {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::models"}})), {TRUST}),
    # Under StringLike `*` and `?` also match `:`, so only a pattern literal up to its account pins it.
    case("service-with-source-arn-stringlike-literal-up-to-the-account", role(assume(SAGEMAKER_SERVICE, {
        "StringLike": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"}}))),
    case("service-with-source-arn-stringlike-wildcard-before-the-account", role(assume(SAGEMAKER_SERVICE, {
        "StringLike": {"aws:SourceArn": f"arn:aws:*:*:{ACCOUNT}:*"}})), {TRUST}),
    case("service-with-source-arn-stringlike-wildcard-region", role(assume(SAGEMAKER_SERVICE, {
        "StringLike": {"aws:SourceArn": f"arn:aws:sagemaker:*:{ACCOUNT}:*"}})), {TRUST}),
    case("service-with-source-arn-arnlike-wildcard-region", role(assume(SAGEMAKER_SERVICE, {
        "ArnLike": {"aws:SourceArn": f"arn:aws:sagemaker:*:{ACCOUNT}:*"}}))),
    case("service-with-source-arn-ifexists", role(assume(SAGEMAKER_SERVICE, {
        "ArnLikeIfExists": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"}})), {TRUST}),
    case("service-with-source-org-id", role(assume(SAGEMAKER_SERVICE, {"StringEquals": {"aws:SourceOrgID": "o-a1"}}))),
    case("service-with-source-org-paths",
         role(assume(SAGEMAKER_SERVICE,
                     {"ForAnyValue:StringLike": {"aws:SourceOrgPaths": "o-a1/r-ab12/ou-ab12-1/*"}}))),
    case("service-with-source-account-wildcard",
         role(assume(SAGEMAKER_SERVICE, {"StringLike": {"aws:SourceAccount": "*"}})), {TRUST}),
    case("service-with-source-account-ifexists",
         role(assume(SAGEMAKER_SERVICE, {"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}})), {TRUST}),
    case("service-with-source-account-ifexists-and-null-false",
         role(assume(SAGEMAKER_SERVICE, {"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT},
                                         "Null": {"aws:SourceAccount": "false"}}))),
    case("service-with-source-account-not-equals-ifexists-and-null-false",
         role(assume(SAGEMAKER_SERVICE, {"StringNotEqualsIfExists": {"aws:SourceAccount": ACCOUNT},
                                         "Null": {"aws:SourceAccount": "false"}})), {TRUST}),
    case("service-with-source-account-as-number",
         role(assume(SAGEMAKER_SERVICE, {"StringEquals": {"aws:SourceAccount": int(ACCOUNT)}}))),
    # Accepted (issue 2, seed 1), with a note: it is no confused-deputy condition.
    case("service-with-external-id-only", role(assume(SAGEMAKER_SERVICE, EXTERNAL_ID)),
         advisory=("SageMaker and most AWS services do not send an ExternalId",)),
    case("cognito-sms-service-with-external-id-only",
         role(assume({"Service": "cognito-idp.amazonaws.com"}, EXTERNAL_ID)),
         advisory=("takes it from whoever configures the service, in any account",)),
    case("cognito-sms-service-with-external-id-and-source-account",
         role(assume({"Service": "cognito-idp.amazonaws.com"}, {"StringEquals": {
             "sts:ExternalId": "a1b2c3-shared-secret", "aws:SourceAccount": ACCOUNT}}))),
    # OIDC providers need aud and a specific sub.
    case("oidc-with-aud-and-sub", role(assume({"Federated": GITHUB}, {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/models:ref:refs/heads/main"}},
        action="sts:AssumeRoleWithWebIdentity"))),
    case("oidc-without-sub", role(assume({"Federated": GITHUB}, {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
        action="sts:AssumeRoleWithWebIdentity")), {TRUST}),
    case("oidc-without-aud", role(assume({"Federated": GITHUB}, {
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/models:*"}},
        action="sts:AssumeRoleWithWebIdentity")), {TRUST}),
    case("oidc-sub-only-wildcards", role(assume({"Federated": GITHUB}, {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "*"}},
        action="sts:AssumeRoleWithWebIdentity")), {TRUST}),
    case("oidc-sub-repo-star", role(assume({"Federated": GITHUB}, {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}},
        action="sts:AssumeRoleWithWebIdentity")), {TRUST}),
    case("oidc-conditions-for-another-provider", role(assume({"Federated": GITHUB}, {
        "StringEquals": {"accounts.google.com:aud": "x"}, "StringLike": {"accounts.google.com:sub": "123"}},
        action="sts:AssumeRoleWithWebIdentity")), {TRUST}),
    # Which statements count.
    case("deny-statement-needs-nothing", role({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"})),
    case("sts-star-counts-as-assume-role", role(assume({"AWS": OTHER_ACCOUNT}, action="sts:*")), {TRUST}),
    case("star-action-counts-as-assume-role", role(assume({"AWS": OTHER_ACCOUNT}, action="*")), {TRUST}),
    case("assume-role-pattern-in-other-case", role(assume({"AWS": OTHER_ACCOUNT}, action="STS:assumerole")), {TRUST}),
    case("tag-session-only-is-not-assume-role", role(assume({"AWS": OTHER_ACCOUNT}, action="sts:TagSession"))),
    case("not-action-includes-assume-role",
         role({"Effect": "Allow", "Principal": {"AWS": OTHER_ACCOUNT}, "NotAction": "s3:*"}), {TRUST}),
    # Malformed trust documents are violations of the rule that reads them.
    case("trust-not-json", (ROLE, {"assumeRolePolicy": "{not json"}), {TRUST}),
    case("trust-duplicate-keys", (ROLE, {"assumeRolePolicy":
        '{"Statement": {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, '
        '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}, '
        '"Condition": {}}}'}), {TRUST}),
    case("trust-effect-lowercase", role({"Effect": "allow", "Principal": {"AWS": OTHER_ACCOUNT},
                                         "Action": "sts:AssumeRole", "Condition": EXTERNAL_ID}), {TRUST}),
    case("trust-statement-is-a-string", (ROLE, {"assumeRolePolicy": '{"Statement": "nope"}'}), {TRUST}),
    case("trust-as-object", (ROLE, {"assumeRolePolicy": document(assume(SAGEMAKER_SERVICE), as_text=False)}),
         {TRUST}),
    case("trust-in-dev-is-still-mandatory", role(assume(SAGEMAKER_SERVICE)), {TRUST}, stack="dev"),
]

SAGEMAKER_STAR = allow("sagemaker:*", ENDPOINT_ARN)

SAGEMAKER_CASES = [
    case("sagemaker-star-in-prod", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}),
    case("sagemaker-star-in-dev-is-advisory", permission_policy(SAGEMAKER_STAR), stack="dev",
         advisory=("grants every SageMaker action",)),
    case("sagemaker-star-any-case", permission_policy(allow("SageMaker:*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("star-action", permission_policy(allow("*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("star-colon-star", permission_policy(allow("*:*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("service-prefix-wildcard", permission_policy(allow("sage*:*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("question-mark-service", permission_policy(allow("s?gemaker:*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("action-wildcard-covering-all", permission_policy(allow("sagemaker:?*", ENDPOINT_ARN)), {SAGEMAKER}),
    # `?` matches any one character, the colon too.
    case("question-mark-for-the-colon", permission_policy(allow("sagemaker?*", ENDPOINT_ARN)), {SAGEMAKER}),
    case("question-marks-for-the-colon-and-a-letter", permission_policy(allow("s?gemaker?*", ENDPOINT_ARN)),
         {SAGEMAKER}),
    case("not-action-leaves-sagemaker-in",
         permission_policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": ENDPOINT_ARN}), {SAGEMAKER}),
    case("not-action-excluding-sagemaker",
         permission_policy({"Effect": "Allow", "NotAction": ["sagemaker:*", "iam:*"], "Resource": ENDPOINT_ARN})),
    case("explicit-actions-pass", permission_policy(SCOPED_SAGEMAKER)),
    case("partial-wildcard-is-advisory", permission_policy(allow("sagemaker:Describe*", ENDPOINT_ARN)),
         advisory=("of the",)),
    case("split-across-statements", permission_policy(
        allow(["sagemaker:[a-m]*".replace("[a-m]", c) for c in "abcdefghijklm"], ENDPOINT_ARN),
        allow(["sagemaker:[n-z]*".replace("[n-z]", c) for c in "nopqrstuvwxyz"], ENDPOINT_ARN)), {SAGEMAKER}),
    # A Deny naming every present and future SageMaker action in another spelling cancels too (names
    # are never empty); a NotAction too short to reach `sagemaker:` and a name leaves all of it denied.
    case("deny-of-question-mark-star-cancels-grant", permission_policy(
        SAGEMAKER_STAR, {"Effect": "Deny", "Action": "sagemaker:?*", "Resource": "*"})),
    case("deny-not-action-too-short-to-reach-sagemaker-cancels-grant", permission_policy(
        SAGEMAKER_STAR, {"Effect": "Deny", "NotAction": "S?g?", "Resource": "*"})),
    case("deny-of-two-question-marks-star-does-not-cancel", permission_policy(
        SAGEMAKER_STAR, {"Effect": "Deny", "Action": "sagemaker:??*", "Resource": "*"}), {SAGEMAKER}),
    # Without the colon one `?` stands for it: `sagemaker??*` is `sagemaker:?*`, and `sagemaker???*` is not.
    case("deny-of-question-marks-standing-for-the-colon-cancels-grant", permission_policy(
        SAGEMAKER_STAR, {"Effect": "Deny", "Action": "sagemaker??*", "Resource": "*"})),
    case("deny-of-one-question-mark-too-many-without-the-colon-does-not-cancel", permission_policy(
        SAGEMAKER_STAR, {"Effect": "Deny", "Action": "sagemaker???*", "Resource": "*"}), {SAGEMAKER}),
    case("deny-cancels-grant", permission_policy(SAGEMAKER_STAR, deny("sagemaker:*"))),
    case("conditional-deny-does-not-cancel",
         permission_policy(SAGEMAKER_STAR,
                           deny("sagemaker:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}})),
         {SAGEMAKER}),
    case("scoped-deny-does-not-cancel", permission_policy(SAGEMAKER_STAR, deny("sagemaker:*", ENDPOINT_ARN)),
         {SAGEMAKER}),
    case("managed-full-access-attached", attachment("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"), {SAGEMAKER}),
    case("managed-admin-attached", attachment("arn:aws:iam::aws:policy/AdministratorAccess"), {SAGEMAKER}),
    case("attachment-arn-that-is-not-text", (ATTACHMENT, {"policyArn": ["arn:aws:iam::aws:policy/AdministratorAccess"],
                                                          "role": "r"}), {SAGEMAKER}),
    case("role-managed-policy-arns-nested", role(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT),
                                                 managedPolicyArns=[["arn:aws:iam::aws:policy/AdministratorAccess"]]),
         {SAGEMAKER}),
    case("managed-power-user-attached", attachment("arn:aws:iam::aws:policy/PowerUserAccess"), {SAGEMAKER}),
    case("managed-read-only-attached", attachment("arn:aws:iam::aws:policy/AmazonSageMakerReadOnly")),
    case("customer-managed-attachment-is-noted", attachment(f"arn:aws:iam::{ACCOUNT}:policy/app-policy"),
         advisory=("customer-managed policy",)),
    case("managed-full-access-in-dev", attachment("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"), stack="dev"),
    case("role-managed-policy-arns", (ROLE, {
        "assumeRolePolicy": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
        "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"]}), {SAGEMAKER}),
    case("role-inline-policy", (ROLE, {
        "assumeRolePolicy": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
        "inlinePolicies": [{"name": "inline", "policy": document(SAGEMAKER_STAR)}]}), {SAGEMAKER}),
    # Entries that are not {name, policy} objects are judged where they stand, never skipped.
    case("role-inline-policies-entry-is-text", (ROLE, {
        "assumeRolePolicy": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
        "inlinePolicies": [document(SAGEMAKER_STAR)]}), {SAGEMAKER}),
    case("role-inline-policies-nested-list", (ROLE, {
        "assumeRolePolicy": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
        "inlinePolicies": [[{"name": "inline", "policy": document(SAGEMAKER_STAR)}]]}), {SAGEMAKER, SCOPED}),
    case("aws-native-role-policies-entry-is-a-number", ("aws-native:iam:Role", {
        "assumeRolePolicyDocument": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT), as_text=False),
        "policies": [7]}), {SAGEMAKER, SCOPED}),
    case("role-policy-resource", permission_policy(SAGEMAKER_STAR, resource_type=ROLE_POLICY), {SAGEMAKER}),
    case("user-policy-resource",
         permission_policy(SAGEMAKER_STAR, resource_type="aws:iam/userPolicy:UserPolicy"), {SAGEMAKER}),
    case("group-policy-resource",
         permission_policy(SAGEMAKER_STAR, resource_type="aws:iam/groupPolicy:GroupPolicy"), {SAGEMAKER}),
    case("policy-as-object", permission_policy(SAGEMAKER_STAR, as_text=False), {SAGEMAKER}),
    case("aws-native-managed-policy",
         ("aws-native:iam:ManagedPolicy", {"policyDocument": document(SAGEMAKER_STAR, as_text=False)}), {SAGEMAKER}),
    case("aws-native-role-inline-policy", ("aws-native:iam:Role", {
        "assumeRolePolicyDocument": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT), as_text=False),
        "policies": [{"policyName": "p", "policyDocument": document(SAGEMAKER_STAR, as_text=False)}]}), {SAGEMAKER}),
    case("aws-native-policy", ("aws-native:iam:Policy", {
        "policyName": "p", "roles": ["r"], "policyDocument": document(SAGEMAKER_STAR, as_text=False)}), {SAGEMAKER}),
    # An IAM Identity Center permission set becomes a role in every account it is assigned to.
    case("permission-set-inline-policy", ("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", {
        "inlinePolicy": document(SAGEMAKER_STAR), "instanceArn": "arn:aws:sso:::instance/ssoins-1",
        "permissionSetArn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1"}), {SAGEMAKER}),
    case("permission-set-scoped-inline-policy", ("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", {
        "inlinePolicy": document(SCOPED_SAGEMAKER)})),
    case("permission-set-managed-policy", ("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", {
        "managedPolicyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"}), {SAGEMAKER}),
    case("permission-set-managed-policies-exclusive",
         ("aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive", {
             "managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",
                                   "arn:aws:iam::aws:policy/AdministratorAccess"]}), {SAGEMAKER}),
    case("aws-native-permission-set", ("aws-native:sso:PermissionSet", {
        "name": "ml", "inlinePolicy": document(SAGEMAKER_STAR, as_text=False),
        "managedPolicies": ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"]}), {SAGEMAKER}),
    case("aws-native-permission-set-empty-inline-policy", ("aws-native:sso:PermissionSet", {
        "name": "ml", "inlinePolicy": ""})),
    case("aws-native-permission-set-managed-policy", ("aws-native:sso:PermissionSet", {
        "name": "ml", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}), {SAGEMAKER}),
    case("aws-native-role-trust", ("aws-native:iam:Role", {
        "assumeRolePolicyDocument": document(assume(SAGEMAKER_SERVICE), as_text=False)}), {TRUST}),
    case("stack-tag-environment-prod", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}, stack="blue",
         tags={"environment": "prod"}),
    case("stack-tag-env-production", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}, stack="blue",
         tags={"env": "Production"}),
    case("stack-tag-environment-dev", permission_policy(SAGEMAKER_STAR), stack="blue", tags={"environment": "dev"}),
    case("config-forces-production", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}, stack="blue",
         config={SAGEMAKER: {"production": True}}),
    case("custom-production-pattern", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}, stack="live-eu",
         config={SAGEMAKER: {"productionStackPatterns": ["live-*"]}}),
    *[
        case(f"production-stack-name-{name}", permission_policy(SAGEMAKER_STAR), {SAGEMAKER}, stack=name)
        for name in ("production", "prd", "ml-prod", "ml-production", "ml_prod", "ml.prod", "eu-prd", "ml_prd",
                     "ml_production", "ml.prd", "ml.production")
    ],
    *[
        case(f"non-production-stack-name-{name}", permission_policy(SAGEMAKER_STAR), stack=name)
        for name in ("dev", "staging", "produce", "prod-sandbox")
    ],
    case("malformed-permission-policy", (POLICY, {"policy": '{"Statement": [}'}), {SAGEMAKER, SCOPED}),
    case("effect-in-wrong-case", permission_policy({"Effect": "allow", "Action": "sagemaker:*", "Resource": "*"}),
         {SAGEMAKER, SCOPED}),
    case("duplicate-action-key", (POLICY, {"policy":
        '{"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Action": "sagemaker:ListModels", '
        '"Resource": "*"}]}'}), {SAGEMAKER, SCOPED}),
]

SCOPED_CASES = [
    case("resource-star-with-scopable-action", permission_policy(allow("s3:GetObject", "*")), {SCOPED}),
    case("resource-star-with-unscopable-actions",
         permission_policy(allow(["sagemaker:ListModels", "s3:ListAllMyBuckets"], "*"))),
    # Ordinary CloudWatch metric calls are authorized against "*" (policies/iam/catalog_overrides.py).
    case("resource-star-for-cloudwatch-metrics",
         permission_policy({"Effect": "Allow", "Action": ["cloudwatch:PutMetricData", "cloudwatch:GetMetricData",
                                                           "cloudwatch:ListMetrics"], "Resource": "*",
                            "Condition": {"StringEquals": {"cloudwatch:namespace": "SageMaker/Endpoints"}}})),
    case("resource-star-for-cloudwatch-alarms", permission_policy(allow("cloudwatch:PutMetricAlarm", "*")), {SCOPED}),
    # Likewise the built-in-model calls of Translate, Comprehend, Rekognition and Polly, which name
    # a resource only when they use a custom one (policies/iam/catalog_overrides.py).
    case("resource-star-for-calls-that-name-no-resource",
         permission_policy(allow(["translate:TranslateText", "translate:TranslateDocument",
                                  "translate:StartTextTranslationJob", "comprehend:DetectEntities",
                                  "comprehend:DetectSentiment", "rekognition:DetectModerationLabels",
                                  "rekognition:StartMediaAnalysisJob", "polly:SynthesizeSpeech",
                                  "polly:StartSpeechSynthesisStream", "polly:StartSpeechSynthesisTask"], "*"))),
    case("resource-star-for-the-custom-resources-themselves",
         permission_policy(allow(["translate:ImportTerminology", "polly:PutLexicon"], "*")), {SCOPED}),
    # ARNs compare case-sensitively: this one names no S3 object, so it grants nothing (a note), in any stack.
    case("arn-with-upper-case-service-grants-nothing", permission_policy(allow("s3:GetObject", "arn:aws:S3:::x/*")),
         advisory=("grants nothing",)),
    # Should IAM read the service field without regard to case, production still gets its demand.
    case("arn-with-upper-case-service-and-wildcard-region-in-prod",
         permission_policy(allow("sagemaker:InvokeEndpoint", "arn:aws:SageMaker:*:*:endpoint/churn")), {SCOPED}),
    case("resource-star-mixed-actions",
         permission_policy(allow(["sagemaker:ListModels", "sagemaker:DescribeModel"], "*")),
         {SCOPED}),
    case("resource-star-in-dev", permission_policy(allow("s3:GetObject", "*")), {SCOPED}, stack="dev"),
    case("not-resource", permission_policy({"Effect": "Allow", "Action": "s3:GetObject",
                                            "NotResource": "arn:aws:s3:::secret/*"}), {SCOPED}),
    case("not-an-arn", permission_policy(allow("s3:GetObject", "my-bucket/*")), {SCOPED}),
    case("well-formed-arn", permission_policy(allow("s3:GetObject", "arn:aws:s3:::models/*"))),
    case("arn-s3-star", permission_policy(allow("s3:GetObject", "arn:aws:s3:::*")), {SCOPED}),
    case("arn-resource-part-star",
         permission_policy(allow("sagemaker:DescribeModel", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*")), {SCOPED}),
    case("arn-all-wildcards", permission_policy(allow("s3:GetObject", "arn:*:*:*:*:*")), {SCOPED}),
    case("arn-typed-wildcard-name-in-dev",
         permission_policy(allow("sagemaker:DescribeEndpoint", "arn:aws:sagemaker:*:*:endpoint/*")), stack="dev"),
    case("arn-wildcard-region-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sagemaker:*:{ACCOUNT}:endpoint/churn")),
         {SCOPED}),
    case("arn-wildcard-account-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sagemaker:{REGION}:*:endpoint/churn")),
         {SCOPED}),
    case("arn-literal-in-prod", permission_policy(allow("sagemaker:DescribeEndpoint", ENDPOINT_ARN))),
    case("arn-in-a-newer-partition-and-region", permission_policy(
        allow("sagemaker:InvokeEndpoint", f"arn:aws-eusc:sagemaker:eusc-de-east-1:{ACCOUNT}:endpoint/churn"))),
    case("arn-region-not-a-region", permission_policy(
        allow("sagemaker:InvokeEndpoint", f"arn:aws:sagemaker:uswest2:{ACCOUNT}:endpoint/churn")), {SCOPED}),
    # No account names only what AWS owns (public SSM parameters): nothing here, but no wildcard either.
    case("arn-empty-account-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sagemaker:{REGION}::endpoint/churn")),
         advisory=["names only resources AWS itself owns"]),
    case("s3-arn-has-no-region-or-account", permission_policy(allow("s3:PutObject", "arn:aws:s3:::models/run-1/*"))),
    case("iam-arn-wildcard-account-in-prod",
         permission_policy(allow("iam:PassRole", "arn:aws:iam::*:role/sagemaker-exec")), {SCOPED}),
    case("wrong-resource-type-is-advisory", permission_policy(allow("s3:GetObject", "arn:aws:s3:::models")),
         advisory=("not a resource type",)),
    case("unknown-action-is-advisory", permission_policy(allow("sagemaker:NotARealAction", ENDPOINT_ARN)),
         advisory=("not known to the IAM catalog",)),
    case("unknown-service-is-advisory", permission_policy(allow("sagemakr:CreateModel", ENDPOINT_ARN)),
         advisory=("no AWS service has the prefix",)),
    case("unknown-arn-service-is-advisory",
         permission_policy(allow("sagemaker:InvokeEndpoint", f"arn:aws:sagemakr:{REGION}:{ACCOUNT}:endpoint/churn")),
         advisory=("which the IAM catalog",)),
    # ARN patterns the format index must still place: a wildcard service field, a wildcard before the
    # first separator, a prefix wildcard, a format whose account field is the literal `aws`.
    case("arn-wildcard-service-field-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sage*:{REGION}:{ACCOUNT}:endpoint/churn"))),
    case("arn-wildcard-before-first-separator-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:end*"))),
    case("arn-wildcard-before-first-separator-wildcard-account-in-prod",
         permission_policy(allow("sagemaker:DescribeEndpoint", f"arn:aws:sagemaker:{REGION}:*:end*")), {SCOPED}),
    case("arn-name-prefix-wildcard-in-prod",
         permission_policy(allow("sagemaker:DescribeModel", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/churn-*"))),
    # Formats whose ARN service field is not the acting service's prefix: Service Catalog products
    # (`catalog`, SageMaker Projects are built on them), MSK clusters for kafka-cluster, API Gateway
    # stages for wafv2. Production reads their region and account like any other ARN's.
    case("arn-service-field-of-another-prefix-wildcard-region-in-prod",
         permission_policy(allow("servicecatalog:ProvisionProduct", "arn:aws:catalog:*:*:product/*")), {SCOPED}),
    case("arn-service-field-of-another-prefix-literal-in-prod",
         permission_policy(allow("servicecatalog:ProvisionProduct",
                                 f"arn:aws:catalog:{REGION}:{ACCOUNT}:product/prod-abcdefghijklm"))),
    case("arn-service-field-without-region-wildcard-account-in-prod",
         permission_policy(allow("route53-recovery-cluster:UpdateRoutingControlState",
                                 "arn:aws:route53-recovery-control::*:controlpanel/*/routingcontrol/*")), {SCOPED}),
    case("msk-cluster-arn-for-kafka-cluster-actions",
         permission_policy(allow("kafka-cluster:Connect", f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/ml/abcd-1234"))),
    case("api-gateway-stage-arn-for-wafv2",
         permission_policy(allow("wafv2:AssociateWebACL", f"arn:aws:apigateway:{REGION}::/restapis/a1b2/stages/prod"))),
    # `*` matches the empty string and never spans a field, so a region or account of only `*` also
    # names resources whose ARN has none: these name exactly what the empty field names.
    case("star-account-in-a-format-without-one-in-prod", permission_policy(
        allow("apigateway:GET", f"arn:aws:apigateway:{REGION}:*:/restapis/a1b2/*"))),
    case("star-region-and-account-on-s3-objects-in-prod", permission_policy(
        allow("s3:GetObject", "arn:aws:s3:*:*:ml-artifacts/models/*"))),
    case("star-region-on-an-iam-role-in-prod", permission_policy(
        allow("iam:GetRole", f"arn:aws:iam:*:{ACCOUNT}:role/ml-*"))),
    # Where the format has the field, production still wants it written out.
    case("star-account-on-s3-access-points-in-prod", permission_policy(
        allow("s3:GetObject", "arn:aws:s3:*:*:accesspoint/ml/object/*")), {SCOPED}),
    case("star-account-on-an-iam-role-in-prod", permission_policy(
        allow("iam:GetRole", "arn:aws:iam::*:role/ml-*")), {SCOPED}),
    case("partial-wildcard-region-on-s3-objects-in-prod", permission_policy(
        allow("s3:GetObject", "arn:aws:s3:us-*::ml-artifacts/*")), {SCOPED}),
    # A format that is all placeholders (Backup's `${Vendor}` recovery points) vouches for no AWS-owned form.
    case("arn-without-account-of-no-named-form-in-prod", permission_policy(
        allow("backup:ListTags", "arn:aws:backup:us-east-1::bogus:x")), {SCOPED}),
    case("arn-variable-in-service-field-wildcard-region-in-prod", permission_policy(
        allow("sagemaker:InvokeEndpoint", "arn:aws:${aws:PrincipalTag/svc}:*:*:endpoint/x")), {SCOPED}),
    case("arn-format-with-literal-aws-account", permission_policy(
        allow("eks:AssociateAccessPolicy", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"))),
    case("arn-of-another-type-than-the-action-is-advisory",
         permission_policy(allow("sagemaker:DescribeEndpointConfig", ENDPOINT_ARN)), advisory=("not a resource type",)),
    # A region or account the catalog's own format writes as `*` (not a placeholder) may be absent.
    case("braket-simulator-arn-without-region-or-account-in-prod", permission_policy(
        allow("braket:CreateQuantumTask", "arn:aws:braket:::device/quantum-simulator/amazon/sv1"))),
    case("health-event-arn-as-the-catalog-writes-it-in-prod", permission_policy(
        allow("health:DescribeAffectedEntities", "arn:aws:health:*::event/EC2/*/*"))),
    case("health-global-event-arn-in-prod", permission_policy(
        allow("health:DescribeEventDetails", "arn:aws:health:global::event/IAM/AWS_IAM_OPERATIONAL_ISSUE/*"))),
    # An ARN of only wildcards is "*" to the actions it grants: fine where none can be scoped (AWS's own
    # example for s3:ListAllMyBuckets), a violation as soon as one can.
    case("star-arn-for-an-action-without-resource-level-permissions",
         permission_policy(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*"))),
    case("star-arn-for-sagemaker-list-without-resource-level-permissions",
         permission_policy(allow("sagemaker:ListModels", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"))),
    # What the ARN's service field names is all it gives: an S3 pattern gives a SageMaker action nothing.
    case("star-arn-of-another-service-than-the-scopable-action", permission_policy(
        allow(["s3:ListAllMyBuckets", "sagemaker:CreateEndpoint"], ["arn:aws:s3:::*", ENDPOINT_ARN]))),
    case("star-arn-of-the-service-of-a-scopable-action", permission_policy(
        allow(["s3:ListAllMyBuckets", "sagemaker:CreateEndpoint"],
              ["arn:aws:s3:::*", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"])), {SCOPED}),
    case("star-arn-with-one-scopable-action",
         permission_policy(allow(["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "arn:aws:s3:::*")), {SCOPED}),
    # A wildcard such as List* also matches actions that do support them (sagemaker:ListAliases).
    case("resource-star-with-list-wildcard", permission_policy(allow("sagemaker:List*", "*")), {SCOPED}),
    # Actions that support no resource-level permissions grant nothing on an ARN (a note).
    case("unscopable-action-on-an-arn-grants-nothing", permission_policy(
        allow("ecr:GetAuthorizationToken", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/train")),
        advisory=("grants nothing: no action of the statement (such as ecr:GetAuthorizationToken)",)),
    case("no-resource-element", permission_policy({"Effect": "Allow", "Action": "s3:GetObject"}), {SCOPED}),
    case("deny-with-star-resource-is-fine", permission_policy(SCOPED_SAGEMAKER, deny("s3:*"))),
]

PREVIEW = "during preview"
SAGEMAKER_STAR_ANYWHERE = permission_policy(allow("sagemaker:*", "*"))


def exemption(resource, expires="2999-12-31", reason="migrating to scoped roles (JIRA-123)"):
    return {"exemptions": [{"resource": resource, "reason": reason, "expires": expires}]}


PREVIEW_CASES = [
    case("unknown-trust-is-the-sdk-advisory", (ROLE, {"assumeRolePolicy": unknown()}), advisory=(PREVIEW,),
         preview=True),
    case("unknown-trust-under-strict-preview", (ROLE, {"assumeRolePolicy": unknown()}), {TRUST},
         config={TRUST: {"strictPreview": True}}, preview=True),
    case("unknown-policy-is-the-sdk-advisory", (POLICY, {"policy": unknown()}), advisory=(PREVIEW,), preview=True),
    case("unknown-policy-under-strict-preview", (POLICY, {"policy": unknown()}), {SCOPED},
         config={SCOPED: {"strictPreview": True}}, preview=True),
    case("unknown-inside-a-document-object",
         (POLICY, {"policy": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": unknown()}]}}),
         advisory=(PREVIEW,), preview=True),
    case("unknown-inline-policy-list-under-strict-preview",
         (ROLE, {"assumeRolePolicy": document(assume(SAGEMAKER_SERVICE, SOURCE_ACCOUNT)),
                 "inlinePolicies": unknown("array")}),
         {SAGEMAKER, SCOPED}, config={SAGEMAKER: {"strictPreview": True}, SCOPED: {"strictPreview": True}},
         preview=True),
    case("unknown-attachment-arn-stays-advisory-under-strict-preview",
         (ATTACHMENT, {"policyArn": unknown(), "role": "app-role"}), advisory=(PREVIEW,),
         config={SAGEMAKER: {"strictPreview": True}}),
    case("known-trust-is-judged-beside-an-unknown-policy",
         (ROLE, {"assumeRolePolicy": document(assume(SAGEMAKER_SERVICE)), "inlinePolicies": unknown("array")}),
         {TRUST}, preview=True),
    # An update has no unknown values: the sentinel inside a document is the stack's own text, and
    # cannot hide the document from the rules.
    case("sentinel-text-inside-a-document-object-is-judged-on-update",
         (POLICY, {"policy": {"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*",
                                             "Condition": {"StringNotEquals": {"aws:ResourceTag/x": unknown()}}}]}}),
         {SAGEMAKER, SCOPED}),
    case("sentinel-text-in-an-object-trust-policy-is-judged-on-update",
         ("aws-native:iam:Role", {"assumeRolePolicyDocument": {"Statement": [{
             "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {"StringNotEquals": {"aws:PrincipalTag/x": unknown()}}}]}}),
         {TRUST}),
    case("the-same-sentinel-during-preview-is-unknown",
         (POLICY, {"policy": {"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*",
                                             "Condition": {"StringNotEquals": {"aws:ResourceTag/x": unknown()}}}]}}),
         advisory=(PREVIEW,), preview=True),
]

EXEMPTION_CASES = [
    case("exemption-by-name-glob", SAGEMAKER_STAR_ANYWHERE, {SCOPED}, config={SAGEMAKER: exemption("exemption-by-*")},
         advisory=("exempt until 2999-12-31",)),
    # A name holding glob characters is matched as written, too.
    case("exemption-by-name[0]", SAGEMAKER_STAR_ANYWHERE, {SCOPED},
         config={SAGEMAKER: exemption("exemption-by-name[0]")}, advisory=("exempt until 2999-12-31",)),
    case("exemption-by-urn", SAGEMAKER_STAR_ANYWHERE, {SCOPED},
         config={SAGEMAKER: exemption("urn:pulumi:prod::ml-platform::aws:iam/policy:Policy::exemption-by-urn")}),
    case("exemption-for-another-resource", SAGEMAKER_STAR_ANYWHERE, {SAGEMAKER, SCOPED},
         config={SAGEMAKER: exemption("some-other-policy")}),
    case("exemption-expired", SAGEMAKER_STAR_ANYWHERE, {SAGEMAKER, SCOPED},
         config={SAGEMAKER: exemption("exemption-expired", expires="2020-01-31")}),
    case("exemption-per-policy", SAGEMAKER_STAR_ANYWHERE, set(),
         config={SAGEMAKER: exemption("exemption-per-policy"), SCOPED: exemption("exemption-per-policy")}),
    case("exemption-of-a-trust-violation", role(assume(SAGEMAKER_SERVICE)),
         config={TRUST: exemption("exemption-of-a-trust-*")}, advisory=("exempt until",)),
    # A URN names one resource: not another resource whose name happens to be that URN.
    case("urn:pulumi:prod::other-project::aws:iam/policy:Policy::x", SAGEMAKER_STAR_ANYWHERE, {SAGEMAKER, SCOPED},
         config={SAGEMAKER: exemption("urn:pulumi:prod::other-project::aws:iam/policy:Policy::x")}),
    # An expired exemption of the advisories policy silences nothing.
    case("exemption-of-notes-expired", attachment("arn:aws:iam::123456789012:policy/team-shared"),
         config={"guardrails-advisories": exemption("exemption-of-notes-expired", expires="2020-01-31")},
         advisory=("customer-managed policy",)),
    case("exemption-of-a-document-unknown-under-strict-preview", (ROLE, {"assumeRolePolicy": unknown()}),
         config={TRUST: {"strictPreview": True, **exemption("exemption-of-a-document-*")}}, preview=True,
         advisory=("exempt until", "strictPreview is on")),
]

ALL_CASES = TRUST_CASES + SAGEMAKER_CASES + SCOPED_CASES + PREVIEW_CASES + EXEMPTION_CASES
