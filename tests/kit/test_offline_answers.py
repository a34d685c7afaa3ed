"""What the offline provider answers is what a real deployment would hold, so the pack's verdict on
a recorded stack is its verdict on the real one: ARNs of KMS keys, ECR repositories and OIDC
providers, and policies and roles looked up by name. What has no offline answer is said on stderr
and in the JSON and SARIF reports."""

import json
import re

import jsonschema

from stackcheck import check_stack
from stackcheck.cli import main
from stackcheck.output import SARIF_SCHEMA_PATH
from stackcheck.program import record_program

from .conftest import KIT_PACK, write_program

PROGRAM = '''
import json
import re
import pulumi
import pulumi_aws as aws

key = aws.kms.Key("artifacts", description="model artifacts")
repository = aws.ecr.Repository("images", name="churn")
github = aws.iam.OpenIdConnectProvider("github", url="https://token.actions.githubusercontent.com",
                                       client_id_lists=["sts.amazonaws.com"], thumbprint_lists=["a" * 40])
deployer = aws.iam.Role("deployer", assume_role_policy=github.arn.apply(lambda arn: json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity",
                   "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                                 "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/models:*"}}}],
})))
aws.iam.RolePolicy("pull-and-decrypt", role=deployer.id, policy=pulumi.Output.all(key.arn, repository.arn).apply(
    lambda arns: json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": arns[0]},
        {"Effect": "Allow", "Action": ["ecr:BatchGetImage"], "Resource": arns[1]},
    ]})))
full_access = aws.iam.get_policy(name="AmazonSageMakerFullAccess")
aws.iam.RolePolicyAttachment("full-access", role=deployer.name, policy_arn=full_access.arn)
'''


def test_a_realistic_program_is_judged_on_realistic_values(policy_pack, tmp_path):
    program = write_program(tmp_path / "p", PROGRAM, stacks=("prod",))
    report = check_stack(program, "prod", client=policy_pack)
    assert [(f.resource_name, f.policy_name) for f in report.mandatory] == [
        ("full-access", "no-sagemaker-star-in-production")], [f.message for f in report.mandatory]
    assert not any("None" in f.message or "null" in f.message for f in report.findings)


def test_data_sources_without_an_offline_answer_are_named_on_stderr_and_in_the_reports(capsys, tmp_path):
    program = write_program(tmp_path / "p", "import pulumi_aws as aws\naws.ec2.get_vpc(default=True)\n")
    code = main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK), "--format", "json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 0 and not [f for f in report["findings"] if f["enforcement_level"] == "mandatory"]
    assert "no offline answer for aws:ec2/getVpc:getVpc" in err
    assert report["unmocked_invokes"] == ["aws:ec2/getVpc:getVpc"]

    sarif_file = tmp_path / "out.sarif"
    main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK), "--format", "sarif", "-o", str(sarif_file)])
    capsys.readouterr()
    sarif = json.loads(sarif_file.read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA_PATH.read_text())).validate(sarif)
    [run] = sarif["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    [warning] = invocation["toolExecutionNotifications"]
    assert warning["level"] == "warning" and "aws:ec2/getVpc:getVpc" in warning["message"]["text"]
    assert run["properties"]["unmockedInvokes"] == ["aws:ec2/getVpc:getVpc"]


GET_ROLE_PROGRAM = '''
import json
import re
import pulumi_aws as aws

shared = aws.iam.get_role(name="ml-shared-exec")
aws.iam.Policy("pass", policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": shared.arn}]}))
'''


def test_get_role_is_answered_by_name_in_the_stack_account_without_inventing_its_trust(tmp_path):
    program = write_program(tmp_path / "p", GET_ROLE_PROGRAM, stacks=("prod",))
    (program / "Pulumi.prod.yaml").write_text(
        "config:\n  aws:region: eu-west-1\n  stackcheck:accountId: '111122223333'\n")
    recording = record_program(program, "prod")
    [statement] = json.loads(recording.get("pass").inputs["policy"])["Statement"]
    assert statement["Resource"] == "arn:aws:iam::111122223333:role/ml-shared-exec"
    assert recording.unmocked_invokes == [
        "aws:iam/getRole:getRole (the trust policy of arn:aws:iam::111122223333:role/ml-shared-exec)"]


ANY_SERVICE_PROGRAM = '''
import pulumi
import pulumi_aws as aws

logs = aws.cloudwatch.LogGroup("train-logs", name="/aws/sagemaker/TrainingJobs")
table = aws.dynamodb.Table("features", name="features", hash_key="id", attributes=[{"name": "id", "type": "S"}])
queue = aws.sqs.Queue("jobs", name="jobs")
writer = aws.iam.Policy("writer", policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": pulumi.Output.concat(logs.arn, ":*")},
    {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": table.arn},
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue.arn},
]}))
role = aws.iam.Role("worker", assume_role_policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}))
aws.iam.RolePolicyAttachment("worker-writer", role=role.name, policy_arn=writer.arn)
'''


def test_arns_of_any_service_and_auto_names_reach_the_pack_as_a_deployment_would_send_them(policy_pack, tmp_path):
    """A policy built from a log group's, a table's and a queue's ARN is judged on real-looking ARNs,
    and the attachment of the auto-named policy is known to attach a policy this stack defines."""
    program = write_program(tmp_path / "p", ANY_SERVICE_PROGRAM, stacks=("prod",))
    report = check_stack(program, "prod", client=policy_pack)
    assert report.findings == [], [f.message for f in report.findings]
    writer = record_program(program, "prod").get("writer")
    assert writer.inputs["name"] == writer.outputs["name"]  # the provider's auto-name, as the engine sends it


EXISTING_RESOURCES_PROGRAM = '''
"""A training role that reads an existing bucket, decrypts with an existing key and pulls from an
existing repository and one of SageMaker's prebuilt images: all looked up, none created."""
import json
import re
import pulumi
import pulumi_aws as aws

cfg = pulumi.Config()
env, account = cfg.require("env"), cfg.require("accountId")
lake = aws.s3.get_bucket(bucket=f"acme-datalake-{env}")
alias = aws.kms.get_alias(name=f"alias/ml-{env}")
key = aws.kms.get_key(key_id=f"alias/ml-{env}")
repo = aws.ecr.get_repository(name="ml/training")
image = aws.sagemaker.get_prebuilt_ecr_image(repository_name="sagemaker-scikit-learn", image_tag="1.2-1")
role = aws.iam.Role("train", name=f"{env}-train", assume_role_policy=json.dumps({"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
                   "Condition": {"StringEquals": {"aws:SourceAccount": account}}}]}))
aws.iam.RolePolicy("train-data", role=role.id, policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"{lake.arn}/curated/*"},
    {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": lake.arn},
    {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [alias.target_key_arn, key.arn]},
    {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": [
        repo.arn, f"arn:aws:ecr:us-west-2:{image.registry_id}:repository/{image.repository_name}"]},
]}))
pulumi.export("lookups", {"bucket": lake.id, "domain": lake.bucket_regional_domain_name, "keyId": alias.target_key_id,
                          "registry": repo.registry_id, "url": repo.repository_url, "image": image.registry_path})
'''
EXISTING_STACK = ("config:\n  aws:region: us-west-2\n  aws:allowedAccountIds: ['333333333333']\n"
                  "  scratch:env: prod\n  scratch:accountId: '333333333333'\n")


def _existing_resources_program(tmp_path):
    program = write_program(tmp_path / "p", EXISTING_RESOURCES_PROGRAM, stacks=("prod",))
    (program / "Pulumi.prod.yaml").write_text(EXISTING_STACK)
    return program


def test_lookups_of_existing_resources_get_the_arns_a_deployment_would(tmp_path):
    """Through the SDK's own result types: the camelCase names are the ones each result reads."""
    recording = record_program(_existing_resources_program(tmp_path), "prod")
    assert recording.unmocked_invokes == []
    statements = json.loads(recording.get("train-data").inputs["policy"])["Statement"]
    key_arn = statements[2]["Resource"][0]
    assert [s["Resource"] for s in statements] == [
        "arn:aws:s3:::acme-datalake-prod/curated/*",
        "arn:aws:s3:::acme-datalake-prod",
        [key_arn, key_arn],  # the alias's target is the key get_key finds by that alias
        ["arn:aws:ecr:us-west-2:333333333333:repository/ml/training",
         "arn:aws:ecr:us-west-2:246618743249:repository/sagemaker-scikit-learn"],
    ]
    assert re.fullmatch(r"arn:aws:kms:us-west-2:333333333333:key/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", key_arn)
    [stack] = [r for r in recording.resources if r.type == "pulumi:pulumi:Stack"]
    assert stack.outputs["lookups"] == {
        "bucket": "acme-datalake-prod", "domain": "acme-datalake-prod.s3.us-west-2.amazonaws.com",
        "keyId": key_arn.rsplit("/", 1)[1], "registry": "333333333333",
        "url": "333333333333.dkr.ecr.us-west-2.amazonaws.com/ml/training",
        "image": "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1"}


def test_a_program_built_on_existing_resources_passes_the_pack_in_prod(policy_pack, tmp_path):
    report = check_stack(_existing_resources_program(tmp_path), "prod", client=policy_pack)
    assert not report.mandatory, [f.message for f in report.mandatory]
    assert not any("None" in f.message or "null" in f.message for f in report.findings)
    assert report.unmocked_invokes == []


PROVIDER_LOOKUPS_PROGRAM = '''
import pulumi
import pulumi_aws as aws

eu = aws.Provider("eu", region="eu-west-1", allowed_account_ids=["444455556666"])
opts = pulumi.InvokeOptions(provider=eu)
pulumi.export("topic", aws.sns.get_topic(name="alerts", opts=opts).arn)
pulumi.export("queue", aws.sqs.get_queue(name="jobs").arn)
image = aws.sagemaker.get_prebuilt_ecr_image(repository_name="pytorch-training", opts=opts)
pulumi.export("image", image.registry_path)
pulumi.export("byArn", aws.s3.get_bucket(bucket="arn:aws:s3:::kept-as-given").arn)
pulumi.export("subnets", aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": ["vpc-1"]}]).ids)
'''


def test_lookups_under_an_explicit_provider_use_its_account_and_region_and_others_stay_unanswered(tmp_path):
    program = write_program(tmp_path / "p", PROVIDER_LOOKUPS_PROGRAM)
    recording = record_program(program, "dev")
    [stack] = [r for r in recording.resources if r.type == "pulumi:pulumi:Stack"]
    assert stack.outputs["topic"] == "arn:aws:sns:eu-west-1:444455556666:alerts"
    assert stack.outputs["queue"] == "arn:aws:sqs:us-east-1:123456789012:jobs"
    assert stack.outputs["image"] == "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:1"
    assert stack.outputs["byArn"] == "arn:aws:s3:::kept-as-given"
    assert recording.unmocked_invokes == ["aws:ec2/getSubnets:getSubnets"]


def test_unanswered_lookups_are_still_named_beside_answered_ones(capsys, tmp_path):
    program = write_program(tmp_path / "p", "import pulumi_aws as aws\naws.s3.get_bucket(bucket='b')\n"
                                            "aws.ec2.get_vpc(default=True)\naws.iam.get_session_context(arn='x')\n")
    code = main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["unmocked_invokes"] == [
        "aws:ec2/getVpc:getVpc", "aws:iam/getSessionContext:getSessionContext"]
    assert "getBucket" not in err and "aws:ec2/getVpc:getVpc" in err


AWS_NATIVE_PROGRAM = '''
import pulumi
import pulumi_aws_native as aws_native

trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"Service": "sagemaker.amazonaws.com"},
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}
role = aws_native.iam.Role("exec", assume_role_policy_document=trust, policies=[
    aws_native.iam.RolePolicyArgs(policy_name="all", policy_document={
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]})])
pulumi.export("arn", role.arn)
'''


def test_a_program_of_the_aws_native_provider_is_recorded_and_judged(policy_pack, tmp_path):
    # requirements-dev.txt installs pulumi-aws-native, so stackcheck runs such programs as they are.
    program = write_program(tmp_path / "native", AWS_NATIVE_PROGRAM, stacks=("prod",))
    recording = record_program(program, "prod")
    [role] = recording.find(type_="aws-native:iam:Role")
    # aws-native keeps documents as objects, as its provider sends them.
    assert role.inputs["assumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "sagemaker.amazonaws.com"}
    assert role.outputs["arn"].startswith("arn:aws:iam::123456789012:role/")
    report = check_stack(program, "prod", client=policy_pack)
    assert ("no-sagemaker-star-in-production", "exec") in {(f.policy_name, f.resource_name) for f in report.mandatory}
    assert not [f for f in report.mandatory if f.policy_name == "iam-trust-conditions"]


AWS_NATIVE_SPLIT_PROGRAM = '''
import string
import pulumi
import pulumi_aws_native as aws_native

def allow(letters):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*",
            "Action": [f"sagemaker:{letter}*" for letter in letters]}]}

trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"Service": "sagemaker.amazonaws.com"},
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}
# Auto-named: the policy below finds the role by the name the provider chose.
role = aws_native.iam.Role("exec", assume_role_policy_document=trust, policies=[
    aws_native.iam.RolePolicyArgs(policy_name="first", policy_document=allow(string.ascii_uppercase[:13]))])
aws_native.iam.ManagedPolicy("rest", roles=[role.role_name], policy_document=allow(string.ascii_uppercase[13:]))
model = aws_native.sagemaker.Model("churn", execution_role_arn=role.arn)
pulumi.export("model", model.model_arn)
'''


def test_aws_native_outputs_are_named_as_its_sdk_reads_them(policy_pack, tmp_path):
    program = write_program(tmp_path / "native-split", AWS_NATIVE_SPLIT_PROGRAM, stacks=("prod",))
    recording = record_program(program, "prod")
    [role] = recording.find(type_="aws-native:iam:Role")
    [managed] = recording.find(type_="aws-native:iam:ManagedPolicy")
    assert managed.inputs["roles"] == [role.inputs["roleName"]] and role.inputs["roleName"].startswith("exec-")
    assert managed.outputs["policyArn"].startswith("arn:aws:iam::123456789012:policy/")
    assert recording.resources[0].outputs["model"].startswith("arn:aws:sagemaker:us-east-1:123456789012:model/")
    # So the stack policy joins the role's inline half and the managed policy naming it.
    report = check_stack(program, "prod", client=policy_pack)
    blocked = {(finding.policy_name, finding.resource_name) for finding in report.mandatory}
    assert ("no-sagemaker-star-across-resources", "exec") in blocked
