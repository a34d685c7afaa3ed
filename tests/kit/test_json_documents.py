"""Policy documents written as Python dicts: the run completes, they are recorded as the JSON text
the provider makes of them, and the pack judges them like any other document."""

import json
import re
from pathlib import Path

import pulumi_aws
from pulumi.runtime import rpc

from stackcheck import check_stack
from stackcheck.json_documents import DOCUMENT_PROPERTIES, with_json_documents
from stackcheck.program import record_program
from stackcheck.values import secret

from .conftest import write_program

_DOCUMENT_INPUT = re.compile(
    r"^ +(\w+): pulumi\.Input\[(?:Optional\[)?Union\[_builtins\.str, '\w*DocumentArgs'\]\]\]? = None", re.M)
_RESOURCE_TOKEN = re.compile(r"super\(\w+, __self__\)\.__init__\(\s*'([^']+)'")


def _camel(snake: str) -> str:
    first, *rest = snake.split("_")
    return first + "".join(part.title() for part in rest)


def test_every_sdk_resource_with_an_object_document_input_is_covered():
    in_sdk = {}
    for path in Path(pulumi_aws.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "DocumentArgs'" not in text or not (properties := set(_DOCUMENT_INPUT.findall(text))):
            continue
        in_sdk[_RESOURCE_TOKEN.search(text).group(1)] = tuple(sorted(_camel(p) for p in properties))
    assert "aws:iam/role:Role" in in_sdk and "aws:iam/rolePolicy:RolePolicy" in in_sdk  # the scan works
    assert in_sdk == {token: tuple(sorted(keys)) for token, keys in DOCUMENT_PROPERTIES.items()}


def test_documents_are_marshalled_as_the_provider_does():
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a&b/<x>",
         "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600.0}}}]}
    checked = with_json_documents("aws:iam/policy:Policy", {"policy": document, "name": "p"}, "UNKNOWN")
    assert checked["name"] == "p"
    assert checked["policy"] == (
        '{"Statement":[{"Action":"s3:GetObject","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}},'
        '"Effect":"Allow","Resource":"arn:aws:s3:::a\\u0026b/\\u003cx\\u003e"}],"Version":"2012-10-17"}')
    assert json.loads(checked["policy"]) == {**document, "Statement": [
        {**document["Statement"][0], "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}}]}
    text = '{"Statement": []}'
    assert with_json_documents("aws:iam/policy:Policy", {"policy": text}, "U") == {"policy": text}
    assert with_json_documents("aws:iam/user:User", {"policy": document}, "U") == {"policy": document}


def test_unknown_and_secret_parts_make_the_whole_document_unknown_or_secret():
    role = "aws:iam/role:Role"
    with_unknown = {"Statement": [{"Resource": rpc.UNKNOWN}]}
    assert with_json_documents(role, {"assumeRolePolicy": with_unknown}, "U") == {"assumeRolePolicy": "U"}
    # The mocks' own form of an unknown (an object, not JSON) is unknown as well.
    assert with_json_documents(role, {"assumeRolePolicy": {"Statement": [object()]}}, "U") == {"assumeRolePolicy": "U"}
    hidden = {"Statement": [{"Resource": secret("arn:aws:s3:::x")}]}
    assert with_json_documents("aws:s3/bucketPolicy:BucketPolicy", {"policy": hidden}, "U") == {
        "policy": secret('{"Statement":[{"Resource":"arn:aws:s3:::x"}]}')}
    assert with_json_documents("aws:s3/bucketPolicy:BucketPolicy", {"policy": secret({"Statement": []})}, "U") == {
        "policy": secret('{"Statement":[]}')}


DICT_DOCUMENTS = '''
import pulumi
import pulumi_aws as aws

trust = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
role = aws.iam.Role("nb-role", assume_role_policy=trust)
bucket = aws.s3.Bucket("data")
reader = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
aws.iam.RolePolicy("inline", role=role.id, policy=reader)
aws.iam.Policy("managed", policy=reader)
aws.s3.BucketPolicy("data-policy", bucket=bucket.id, policy={"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": bucket.arn,
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
# What the program reads back is the provider's text, as after a deployment.
pulumi.export("trust", role.assume_role_policy)
'''


def test_a_program_with_dict_documents_runs_and_records_their_json_text(tmp_path):
    program = write_program(tmp_path / "p", DICT_DOCUMENTS, stacks=("prod",))
    recording = record_program(program, "prod")
    role = recording.get("nb-role")
    assert isinstance(role.inputs["assumeRolePolicy"], str)
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {
        "Service": "sagemaker.amazonaws.com"}
    assert role.outputs["assumeRolePolicy"] == role.inputs["assumeRolePolicy"]
    assert recording.get(recording.project + "-prod").outputs["trust"] == role.inputs["assumeRolePolicy"]
    for name in ("inline", "managed"):
        assert json.loads(recording.get(name).inputs["policy"])["Statement"][0]["Action"] == "s3:GetObject"
    bucket_policy = json.loads(recording.get("data-policy").inputs["policy"])
    assert bucket_policy["Statement"][0]["Resource"] == recording.get("data").outputs["arn"]


def test_in_a_preview_a_document_built_from_unknown_values_is_unknown(tmp_path):
    program = write_program(tmp_path / "p", DICT_DOCUMENTS, stacks=("prod",))
    recording = record_program(program, "prod", preview=True)
    assert recording.get("data-policy").inputs["policy"] == rpc.UNKNOWN
    assert json.loads(recording.get("nb-role").inputs["assumeRolePolicy"])["Version"] == "2012-10-17"


def test_the_pack_judges_a_trust_policy_written_as_a_dict(policy_pack, tmp_path):
    program = write_program(tmp_path / "p", DICT_DOCUMENTS, stacks=("prod",))
    report = check_stack(program, "prod", client=policy_pack)
    trust = [f for f in report.mandatory if f.policy_name == "iam-trust-conditions"]
    assert [f.resource_name for f in trust] == ["nb-role"], [f.message for f in report.findings]
    assert "sagemaker.amazonaws.com" in trust[0].message
