"""What a program reads back from the offline providers: auto-names and assigned identifiers of any
AWS type, pulumi_random's values, and a named warning for outputs nobody computes offline."""
import json

from stackcheck import record_program, unknown
from stackcheck.cli import main

from .conftest import KIT_PACK, write_program

PROGRAM = '''
import json
import pulumi
import pulumi_aws as aws
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class RandomUuid(pulumi.CustomResource):
    """pulumi_random's RandomUuid, as its SDK registers it (the package is not needed for the test)."""
    result: pulumi.Output[str]

    def __init__(self, name):
        super().__init__("random:index/randomUuid:RandomUuid", name, {"result": None})


class TokenProvider(ResourceProvider):
    def create(self, props):
        return CreateResult("t-1", {"value": "made-at-create"})


class Token(Resource):
    value: pulumi.Output[str]

    def __init__(self, name):
        super().__init__(TokenProvider(), name, {"value": None})


repository = aws.ecr.Repository("training-images")
logs = aws.cloudwatch.LogGroup("training-logs", retention_in_days=30)
external_id = RandomUuid("vendor-external-id")
token = Token("vendor-token")
role = aws.iam.Role("vendor", assume_role_policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": external_id.result}}}]}))
aws.iam.RolePolicy("pull", role=role.name, policy=pulumi.Output.all(repository.registry_id, repository.name).apply(
    lambda values: json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "ecr:BatchGetImage", "Resource": f"arn:aws:ecr:us-east-1:{values[0]}:repository/{values[1]}"}]})))
aws.iam.RolePolicy("write-logs", role=role.name, policy=logs.name.apply(lambda name: json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents",
        "Resource": f"arn:aws:logs:us-east-1:123456789012:log-group:{name}:*"}]})))
pulumi.export("token", token.value)
'''


def test_auto_names_assigned_identifiers_and_random_values_reach_the_documents(tmp_path):
    program = write_program(tmp_path / "p", PROGRAM)
    recording = record_program(program, "dev")
    repository = recording.get("training-images")
    name = repository.inputs["name"]
    assert name.startswith("training-images-") and repository.outputs["registryId"] == "123456789012"
    pull = json.loads(recording.get("pull").inputs["policy"])
    assert pull["Statement"][0]["Resource"] == f"arn:aws:ecr:us-east-1:123456789012:repository/{name}"
    trust = json.loads(recording.get("vendor", "aws:iam/role:Role").inputs["assumeRolePolicy"])
    external_id = trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"]
    assert external_id == recording.get("vendor-external-id").outputs["result"] and len(external_id) == 36
    # The dynamic resource's value is made by its provider at create: nobody knows it offline, so say so.
    assert recording.unmocked_invokes == ["the outputs of pulumi-python:dynamic:Resource (vendor-token)"]


def test_a_preview_knows_auto_names_but_not_what_is_made_at_create(tmp_path):
    program = write_program(tmp_path / "p", PROGRAM)
    recording = record_program(program, "dev", preview=True)
    log_group = recording.get("training-logs").inputs["name"]
    # The auto-name is chosen at check time, so a document built from it is judged in a preview too.
    assert log_group in json.loads(recording.get("write-logs").inputs["policy"])["Statement"][0]["Resource"]
    # What the providers make at create (a registry ID, a random value) is unknown, as in a real preview.
    assert recording.get("pull").inputs["policy"] == unknown("string")
    assert recording.get("vendor", "aws:iam/role:Role").inputs["assumeRolePolicy"] == unknown("string")
    assert recording.unmocked_invokes == []


def test_outputs_nobody_computes_are_named_on_stderr_and_in_the_json_report(tmp_path, capsys):
    program = write_program(tmp_path / "p", PROGRAM)
    code = main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK), "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert json.loads(out)["unmocked_invokes"] == ["the outputs of pulumi-python:dynamic:Resource (vendor-token)"]
    assert "no offline answer for the outputs of pulumi-python:dynamic:Resource (vendor-token)" in err
