"""What the offline provider answers is what a real deployment would hold, so the pack's verdict on
a recorded stack is its verdict on the real one: ARNs of KMS keys, ECR repositories and OIDC
providers, and policies and roles looked up by name. What has no offline answer is said on stderr
and in the JSON and SARIF reports."""

import json

import jsonschema

from stackcheck import check_stack
from stackcheck.cli import main
from stackcheck.output import SARIF_SCHEMA_PATH
from stackcheck.program import record_program

from .conftest import KIT_PACK, write_program

PROGRAM = '''
import json
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
