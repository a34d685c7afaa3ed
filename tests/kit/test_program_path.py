"""A program sees its own modules and stackcheck, never the pack's: a program's own `policies`
(a package or a namespace folder) is the one it imports, and the offline provider still reads the
pack's IAM catalog and managed policies."""

from pathlib import Path

from stackcheck.program import record_program

from .conftest import write_program

REPO_ROOT = Path(__file__).resolve().parents[2]

OWN_POLICIES = '''
import pulumi
import pulumi_aws as aws
from policies.documents import reader

logs = aws.cloudwatch.LogGroup("logs", name="/aws/sagemaker/Endpoints/churn")
managed = aws.iam.get_policy(name="AmazonSageMakerNotebooksServiceRolePolicy")
aws.iam.Policy("reader", policy=logs.arn.apply(reader))
pulumi.export("managedArn", managed.arn)
pulumi.export("managedHasDocument", bool(managed.policy))
'''
READER = '''import json


def reader(arn):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": arn}]})
'''


def _program_with_own_policies(directory: Path, *, namespace: bool) -> Path:
    program = write_program(directory, OWN_POLICIES)
    (program / "policies").mkdir()
    (program / "policies" / "documents.py").write_text(READER)
    if not namespace:
        (program / "policies" / "__init__.py").write_text('"""The program\'s own documents."""\n')
    return program


def _assert_the_pack_data_was_used(recording) -> None:
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/churn"
    assert recording.get("logs").outputs["arn"] == arn  # the catalog's format for log groups
    assert arn in recording.get("reader").inputs["policy"]  # built by the program's own module
    exports = recording.resources[0].outputs
    assert exports["managedArn"] == "arn:aws:iam::aws:policy/aws-service-role/AmazonSageMakerNotebooksServiceRolePolicy"
    assert exports["managedHasDocument"] is True  # from the pack's managed-policy snapshot


def test_a_programs_own_policies_namespace_folder_is_the_one_it_imports(tmp_path):
    recording = record_program(_program_with_own_policies(tmp_path / "p", namespace=True), "dev")
    _assert_the_pack_data_was_used(recording)


def test_a_programs_own_policies_package_does_not_hide_the_pack_data(tmp_path):
    recording = record_program(_program_with_own_policies(tmp_path / "p", namespace=False), "dev")
    _assert_the_pack_data_was_used(recording)


def test_the_pack_is_not_importable_by_the_program_even_from_the_callers_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    main = ("import importlib.util\nimport pulumi\n"
            "pulumi.export('pack', importlib.util.find_spec('policies') is not None)\n"
            "pulumi.export('kit', importlib.util.find_spec('stackcheck') is not None)\n")
    recording = record_program(write_program(tmp_path / "p", main), "dev")
    assert recording.resources[0].outputs == {"pack": False, "kit": True}
