"""Recording a program offline: URNs, inputs, outputs, config, tags and load errors."""

import json

import pytest

from stackcheck import ProgramLoadError, is_secret, record_program, unknown

from .conftest import MINIMAL, write_program

STACK_URN = "urn:pulumi:dev::minimal::pulumi:pulumi:Stack::minimal-dev"
ROLE_URN = "urn:pulumi:dev::minimal::aws:iam/role:Role::training"


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


def test_urns_follow_the_engine_with_parent_type_chains_and_no_stack_prefix(minimal_dev):
    urns = [r.urn for r in minimal_dev.resources]
    assert urns[0] == STACK_URN
    assert ROLE_URN in urns
    assert "urn:pulumi:dev::minimal::kit:index:Team::team" in urns
    assert "urn:pulumi:dev::minimal::kit:index:Team$aws:s3/bucket:Bucket::team-data" in urns
    assert not any("pulumi:pulumi:Stack$" in urn for urn in urns)
    assert minimal_dev.get("team-data").parent == "urn:pulumi:dev::minimal::kit:index:Team::team"
    assert minimal_dev.get("training").parent == STACK_URN


def test_inputs_keep_the_engines_camel_case_keys_and_the_rendered_policy_document(minimal_dev):
    role = minimal_dev.get("training", "aws:iam/role:Role")
    assert set(role.inputs) == {"assumeRolePolicy", "name", "tags"}
    assert role.inputs["tags"] == {"team": "ml-platform"}  # project-level config default
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"] == [{
        "Sid": "SageMakerAssume",
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"Service": "sagemaker.amazonaws.com"},
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    }]


def test_outputs_add_computed_values_that_flow_into_dependent_inputs(minimal_dev):
    role = minimal_dev.get("training")
    assert role.outputs["arn"] == "arn:aws:iam::123456789012:role/good-role"
    assert role.id == "good-role" and role.outputs["id"] == "good-role"
    inline = minimal_dev.get("training-inline")
    assert inline.inputs["role"] == "good-role"
    policy = json.loads(inline.inputs["policy"])
    assert policy["Statement"][0]["Resource"] == "arn:aws:iam::123456789012:role/good-role"
    assert inline.dependencies == [ROLE_URN]
    assert inline.property_dependencies["policy"] == [ROLE_URN]
    bucket = minimal_dev.get("team-data")
    # The engine hands analyzers the provider-checked inputs, auto-name included.
    assert bucket.inputs == {"bucket": bucket.outputs["bucket"]}
    assert bucket.outputs["bucket"].startswith("team-data-")
    assert bucket.outputs["arn"] == f"arn:aws:s3:::{bucket.outputs['bucket']}"


def test_default_provider_is_recorded_with_config_and_referenced(minimal_dev):
    provider = minimal_dev.find("pulumi:providers:aws")[0]
    assert provider.inputs["region"] == "eu-west-1"
    assert provider.inputs["version"]
    role = minimal_dev.get("training")
    assert role.provider_urn == provider.urn
    assert minimal_dev.resources.index(provider) < minimal_dev.resources.index(role)


def test_options_and_declaration_sites(minimal_dev):
    role = minimal_dev.get("training")
    assert role.options["protect"] is True
    assert role.options["customTimeouts"]["create"] == 300
    assert role.source_file == "__main__.py"
    assert role.source_line == _line_of(MINIMAL / "__main__.py", "role = aws.iam.Role(")
    bucket = minimal_dev.get("team-data")
    assert (bucket.source_file, bucket.source_line) == ("components.py", _line_of(MINIMAL / "components.py",
                                                                                  "aws.s3.Bucket("))


def test_config_of_every_shape_reaches_the_program(minimal_dev):
    stack = minimal_dev.resources[0]
    assert stack.outputs["region"] == "eu-west-1"
    assert stack.outputs["accountId"] == "123456789012"
    assert stack.outputs["retries"] == 3  # from an object-valued config key
    assert is_secret(stack.outputs["token"])  # `secure:` values stay opaque ciphertext, marked secret
    assert stack.outputs["token"]["value"] == "v1:AAAAexampleciphertext"
    assert minimal_dev.secret_keys == ["minimal:apiToken"]
    assert json.loads(minimal_dev.config["minimal:settings"]) == {"retries": 3, "subnets": ["a", "b"]}
    assert minimal_dev.invokes.count("aws:iam/getPolicyDocument:getPolicyDocument") == 1
    assert minimal_dev.unmocked_invokes == []


def test_stack_tags_from_config_defaults_and_arguments(minimal_dev):
    assert minimal_dev.stack_tags == {
        "pulumi:project": "minimal",
        "pulumi:runtime": "python",
        "pulumi:description": "Tiny program the stackcheck kit tests record.",
        "owner": "ml-platform",
    }
    recording = record_program(MINIMAL, "prod", stack_tags={"owner": "data", "env": "prod"})
    assert recording.stack_tags["owner"] == "data" and recording.stack_tags["env"] == "prod"
    # prod: the account comes from aws:allowedAccountIds, and the optional role is absent.
    assert recording.get("training").outputs["arn"] == "arn:aws:iam::111122223333:role/good-role"
    assert recording.find(name="extra") == []


def _recorded_with_stack_config(directory, exports: str, stack_file: str):
    """A program exporting `exports` (lines using `config`), recorded with this Pulumi.dev.yaml."""
    program = write_program(directory, "import pulumi\nconfig = pulumi.Config()\n" + exports)
    (program / "Pulumi.dev.yaml").write_text(stack_file)
    return record_program(program, "dev")


def test_dates_in_stack_config_reach_the_program_as_the_text_written(tmp_path):
    recording = _recorded_with_stack_config(
        tmp_path / "p",
        "pulumi.export('reviewBy', config.get('reviewBy'))\npulumi.export('window', config.get_object('window'))\n",
        "config:\n  scratch:reviewBy: 2025-06-30\n"
        "  scratch:window: {start: 2025-06-30T10:00:00Z, days: [2024-01-01]}\n")
    assert recording.config["scratch:reviewBy"] == "2025-06-30"
    assert recording.resources[0].outputs == {
        "reviewBy": "2025-06-30", "window": {"start": "2025-06-30T10:00:00Z", "days": ["2024-01-01"]}}


def test_plain_config_values_reach_the_program_as_the_text_written(tmp_path):
    # YAML 1.1 would read an account ID with a leading zero as an octal number and `on` as true.
    recording = _recorded_with_stack_config(
        tmp_path / "p",
        "for key in ('account', 'encrypt', 'ratio', 'enabled', 'quoted'):\n    pulumi.export(key, config.get(key))\n",
        "config:\n  scratch:account: 001122334455\n  scratch:encrypt: on\n  scratch:ratio: 1.50\n"
        "  scratch:enabled: True\n  scratch:quoted: '007'\n")
    assert recording.resources[0].outputs == {
        "account": "001122334455", "encrypt": "on", "ratio": "1.50", "enabled": "True", "quoted": "007"}


def test_config_overrides_take_precedence():
    recording = record_program(MINIMAL, "prod", config={"roleName": "other", "aws:region": "eu-central-1"})
    assert recording.get("training").inputs["name"] == "other"
    assert recording.resources[0].outputs["region"] == "eu-central-1"


def test_preview_leaves_uncomputed_outputs_unknown(tmp_path):
    program = write_program(tmp_path / "p", (
        "import pulumi_aws as aws\n"
        "role = aws.iam.Role('r', assume_role_policy='{}')\n"
        "aws.iam.RolePolicy('p', role=role.name, policy=role.create_date)\n"
        "policy = aws.iam.Policy('m', policy='{}')\n"
        "aws.iam.RolePolicyAttachment('a', role=role.id, policy_arn=policy.arn)\n"
    ))
    recording = record_program(program, "dev", preview=True)
    assert recording.get("p").inputs["policy"] == unknown("string")
    # The provider picks auto-names while planning, so they are known; IDs and ARNs are not.
    assert recording.get("p").inputs["role"].startswith("r-")
    assert recording.get("a").inputs == {"role": unknown("string"), "policyArn": unknown("string")}
    assert record_program(program, "dev").get("a").inputs["policyArn"].startswith("arn:aws:iam::")


@pytest.mark.parametrize(("main", "expected"), [
    ("import pulumi\nx = = 1\n", ["syntax error", "__main__.py, line 2"]),
    ("import pulumi\n\ndef build():\n    raise ValueError('no subnets configured')\n\nbuild()\n",
     ["ValueError: no subnets configured", "raise ValueError"]),
    ("import pulumi\npulumi.log.error('refusing to build')\n", ["logged errors", "refusing to build"]),
    ("import pulumi_aws as aws\nfor _ in range(2):\n    aws.iam.Role('twice', assume_role_policy='{}')\n",
     ["same resource twice", "Duplicate resource URN 'urn:pulumi:dev::scratch::aws:iam/role:Role::twice'"]),
    ("import pulumi_aws as aws\nrole = aws.iam.Role('r', assume_role_policy='{}')\n"
     "role.arn.apply(lambda arn: 1 / 0)\n", ["ZeroDivisionError"]),
])
def test_program_failures_are_clear_errors(tmp_path, main, expected):
    program = write_program(tmp_path / "p", main)
    with pytest.raises(ProgramLoadError) as raised:
        record_program(program, "dev")
    for text in expected:
        assert text in str(raised.value)


def test_a_program_that_exits_is_a_failure_told_with_what_it_printed(tmp_path):
    main = ("import sys\nprint('loading endpoints.csv ...')\n"
            "print('endpoints.csv missing, refusing to continue', file=sys.stderr)\nsys.exit(3)\n")
    with pytest.raises(ProgramLoadError) as raised:
        record_program(write_program(tmp_path / "p", main), "dev")
    message = str(raised.value)
    assert "the program exited (sys.exit(3))" in message
    assert "__main__.py\", line 4" in message and "frozen runpy" not in message  # the program's frame only
    assert "--- stdout (tail) ---\nloading endpoints.csv ..." in message
    assert "--- stderr (tail) ---\nendpoints.csv missing, refusing to continue" in message


def test_missing_files_and_unknown_stacks(tmp_path):
    with pytest.raises(ProgramLoadError, match="no Pulumi.yaml"):
        record_program(tmp_path, "dev")
    program = write_program(tmp_path / "p", "", stacks=("dev", "prod"))
    (program / "__main__.py").unlink()
    with pytest.raises(ProgramLoadError, match="entry point .* does not exist"):
        record_program(program, "dev")
    with pytest.raises(ProgramLoadError, match=r"stack 'qa' has no Pulumi.qa.yaml .*\(stacks: dev, prod\)"):
        record_program(MINIMAL, "qa")
    with pytest.raises(ProgramLoadError, match="does not exist"):
        record_program(tmp_path / "nowhere", "dev")


def test_a_hanging_program_times_out(tmp_path):
    program = write_program(tmp_path / "p", "import time\nprint('starting')\ntime.sleep(60)\n")
    with pytest.raises(ProgramLoadError, match="did not finish within 2s") as raised:
        record_program(program, "dev", timeout=2)
    assert "starting" in str(raised.value)


def test_programs_can_import_their_own_modules_and_use_pulumi_run(tmp_path):
    program = write_program(tmp_path / "p", (
        "import pulumi\nimport pulumi_aws as aws\nfrom helpers import ROLE_NAME\n\n"
        "async def main():\n"
        "    aws.iam.Role('late', name=ROLE_NAME, assume_role_policy='{}')\n"
        "    return {'built': True}\n\n"
        "pulumi.run(main)\n"
    ), extra_files={"helpers.py": "ROLE_NAME = 'from-helper'\n"})
    recording = record_program(program, "dev")
    assert recording.get("late").inputs["name"] == "from-helper"
    assert recording.resources[0].outputs == {"built": True}
    assert not list(program.glob("__pycache__"))


def test_a_main_directory_is_where_the_program_runs_and_imports_from(tmp_path):
    program = tmp_path / "p"
    (program / "infra").mkdir(parents=True)
    (program / "Pulumi.yaml").write_text("name: scratch\nruntime: python\nmain: infra/\n")
    (program / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (program / "infra" / "__main__.py").write_text(
        "import pulumi_aws as aws\nfrom roles import ROLE_NAME\n"
        "aws.iam.Role('r', name=ROLE_NAME, assume_role_policy=open('trust.json').read())\n"
    )
    (program / "infra" / "roles.py").write_text("ROLE_NAME = 'from-main-dir'\n")
    (program / "infra" / "trust.json").write_text('{"Version": "2012-10-17", "Statement": []}')
    recording = record_program(program, "dev")
    assert recording.get("r").inputs["name"] == "from-main-dir"
    assert "2012-10-17" in recording.get("r").inputs["assumeRolePolicy"]


def test_stack_files_are_read_from_the_stack_config_dir(tmp_path):
    main = "import pulumi\npulumi.export('bucket', pulumi.Config().require('bucket'))\n"
    program = write_program(tmp_path / "p", main, stacks=())
    (program / "Pulumi.yaml").write_text("name: scratch\nruntime: python\nstackConfigDir: config\n")
    (program / "config").mkdir()
    (program / "config" / "Pulumi.prod.yaml").write_text("config:\n  aws:region: us-east-1\n  scratch:bucket: models\n")
    recording = record_program(program, "prod")
    assert recording.config["scratch:bucket"] == "models"
    with pytest.raises(ProgramLoadError, match=r"stacks: prod"):
        record_program(program, "dev")


def test_stack_references_read_their_outputs_from_config_or_are_named_as_unanswered(tmp_path):
    main = (
        "import pulumi\nimport pulumi_aws as aws\n"
        "network = pulumi.StackReference('acme/networking/prod')\n"
        "vpc = network.get_output('vpcId')\n"
        "aws.iam.Role('r', assume_role_policy='{}', description=vpc.apply(lambda v: f'vpc {v}'))\n"
    )
    program = write_program(tmp_path / "p", main)
    recording = record_program(program, "dev")
    assert recording.get("r").inputs["description"] == "vpc None"
    assert "StackReference acme/networking/prod" in recording.unmocked_invokes
    references = {"stackcheck:stackReferences": {"acme/networking/prod": {"vpcId": "vpc-123"}}}
    recording = record_program(program, "dev", config=references)
    assert recording.get("r").inputs["description"] == "vpc vpc-123"
    assert not recording.unmocked_invokes


def test_a_failing_program_is_told_which_data_sources_had_no_offline_answer(tmp_path):
    main = (
        "import pulumi_aws as aws\n"
        "vpc = aws.ec2.get_vpc(default=True)\n"  # found by a filter alone: no offline answer
        "aws.iam.Policy('p', policy='arn:' + vpc.arn)\n"
    )
    with pytest.raises(ProgramLoadError) as raised:
        record_program(write_program(tmp_path / "p", main), "dev")
    assert "aws:ec2/getVpc:getVpc" in str(raised.value)


def test_get_policy_gives_aws_managed_documents_and_names_the_ones_it_cannot(tmp_path):
    main = (
        "import pulumi_aws as aws\n"
        "managed = aws.iam.get_policy(arn='arn:aws:iam::aws:policy/AmazonSageMakerReadOnly')\n"
        "mine = aws.iam.get_policy(arn='arn:aws:iam::123456789012:policy/mine')\n"
        "merged = aws.iam.get_policy_document(source_policy_documents=[managed.policy, mine.policy])\n"
        "aws.iam.Policy('p', policy=merged.json)\n"
    )
    recording = record_program(write_program(tmp_path / "p", main), "dev")
    assert "sagemaker:Describe" in recording.get("p").inputs["policy"]
    assert recording.unmocked_invokes == [
        "aws:iam/getPolicy:getPolicy (the document of arn:aws:iam::123456789012:policy/mine)"
    ]


def test_transforms_change_what_is_recorded_as_under_the_engine(tmp_path):
    main = (
        "import json\nimport pulumi\nimport pulumi_aws as aws\n"
        "STAR = json.dumps({'Version': '2012-10-17', 'Statement': "
        "[{'Effect': 'Allow', 'Action': 'sagemaker:*', 'Resource': '*'}]})\n"
        "def widen(args):\n"
        "    if args.type_ == 'aws:iam/rolePolicy:RolePolicy':\n"
        "        return pulumi.ResourceTransformResult(props={**args.props, 'policy': STAR}, opts=args.opts)\n"
        "def tag(args):\n"
        "    if args.type_ == 'aws:iam/role:Role':\n"
        "        return pulumi.ResourceTransformResult(props={**args.props, 'description': 'tagged'}, opts=args.opts)\n"
        "class Team(pulumi.ComponentResource):\n"
        "    def __init__(self, name, opts=None):\n"
        "        super().__init__('acme:index:Team', name, None, opts)\n"
        "        aws.iam.Role(f'{name}-role', assume_role_policy='{}', opts=pulumi.ResourceOptions(parent=self))\n"
        "        self.register_outputs({})\n"
        "pulumi.runtime.register_resource_transform(widen)\n"
        "aws.iam.RolePolicy('p', role='r', policy='{}')\n"
        "Team('ml', opts=pulumi.ResourceOptions(transforms=[tag]))\n"
        "aws.iam.Role('plain', assume_role_policy='{}')\n"
    )
    recording = record_program(write_program(tmp_path / "p", main), "dev")
    assert "sagemaker:*" in recording.get("p").inputs["policy"]
    assert recording.get("ml-role").inputs["description"] == "tagged"  # a parent's transform reaches its children
    assert "description" not in recording.get("plain").inputs


def test_get_policy_document_fails_on_a_duplicate_sid_as_the_provider_does(tmp_path):
    main = (
        "import pulumi_aws as aws\n"
        "doc = aws.iam.get_policy_document(statements=[\n"
        "    {'sid': 'S3', 'actions': ['s3:GetObject'], 'resources': ['*']},\n"
        "    {'sid': 'S3', 'actions': ['s3:PutObject'], 'resources': ['arn:aws:s3:::b/*']},\n"
        "])\n"
        "aws.iam.Policy('p', policy=doc.json)\n"
    )
    with pytest.raises(ProgramLoadError, match=r"duplicate Sid \(S3\)"):
        record_program(write_program(tmp_path / "p", main), "dev")


def test_resources_passed_as_inputs_are_recorded_by_id_on_every_run(tmp_path):
    # The stock mock monitor, offered resource references, constructed the referenced resource on
    # another event loop and failed about half of the runs of programs like this one.
    main = (
        "import pulumi_aws as aws\n"
        "full = aws.iam.get_policy(name='AmazonSageMakerFullAccess')\n"
        "canvas = aws.iam.get_policy_output(arn='arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess')\n"
        "for i in range(3):\n"
        "    role = aws.iam.Role(f'team{i}', name=f'team{i}', assume_role_policy='{}')\n"
        "    aws.iam.RolePolicyAttachment(f'team{i}-canvas', role=role, policy_arn=canvas.arn)\n"
        "    aws.iam.PolicyAttachment(f'team{i}-full', roles=[role], policy_arn=full.arn)\n"
        "    aws.iam.RolePolicy(f'team{i}-copy', role=role, policy=full.policy)\n"
    )
    program = write_program(tmp_path / "p", main)
    for _ in range(4):
        recording = record_program(program, "dev")
        assert [recording.get(f"team{i}-canvas").inputs["role"] for i in range(3)] == ["team0", "team1", "team2"]
        assert recording.get("team2-full").inputs["roles"] == ["team2"]
        assert recording.get("team1-copy").inputs["role"] == "team1"


def test_the_recording_monitor_offers_no_resource_references():
    from pulumi.runtime.proto import resource_pb2

    from stackcheck.recorder import RecordingMonitor

    monitor = RecordingMonitor.__new__(RecordingMonitor)
    features = monitor.GetDeploymentInfo(None).supportedFeatures
    assert resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES not in features
    assert resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS in features
    legacy = type("Request", (), {"id": "resourceReferences"})
    assert not monitor.SupportsFeature(legacy).hasSupport


def test_explicit_providers_lookups_and_oidc_urls_are_answered_as_aws_would(tmp_path):
    main = (
        "import pulumi, pulumi_aws as aws\n"
        "shared = aws.Provider('shared', region='us-east-2', assume_roles=[aws.ProviderAssumeRoleArgs(\n"
        "    role_arn='arn:aws:iam::444455556666:role/deployer')])\n"
        "aws.iam.Role('ci', name='ci', assume_role_policy='{}', opts=pulumi.ResourceOptions(provider=shared))\n"
        "aws.iam.Role('local', name='local', assume_role_policy='{}')\n"
        "me = aws.get_caller_identity(opts=pulumi.InvokeOptions(provider=shared))\n"
        "aws.sagemaker.ModelPackageGroup('models', model_package_group_name='models',\n"
        "    opts=pulumi.ResourceOptions(provider=shared))\n"
        "full = aws.iam.Policy.get('full', 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess')\n"
        "aws.iam.RolePolicyAttachment('full-to-local', role='local', policy_arn=full.arn)\n"
        "gh = aws.iam.OpenIdConnectProvider('gh', url='https://token.actions.githubusercontent.com',\n"
        "    client_id_lists=['sts.amazonaws.com'])\n"
        "aws.iam.Role('gha', assume_role_policy=gh.url.apply(lambda url: url + ':sub'))\n"
        "pulumi.export('account', me.account_id)\n"
    )
    recording = record_program(write_program(tmp_path / "p", main), "dev")
    assert recording.get("ci", "aws:iam/role:Role").outputs["arn"] == "arn:aws:iam::444455556666:role/ci"
    assert recording.get("local", "aws:iam/role:Role").outputs["arn"] == "arn:aws:iam::123456789012:role/local"
    assert recording.get("models").outputs["arn"] == (
        "arn:aws:sagemaker:us-east-2:444455556666:model-package-group/models")
    [stack] = recording.find("pulumi:pulumi:Stack")
    assert stack.outputs["account"] == "444455556666"
    assert recording.get("full-to-local").inputs["policyArn"] == "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
    assert recording.get("gha").inputs["assumeRolePolicy"] == "token.actions.githubusercontent.com:sub"


def test_config_the_program_cannot_see_as_under_the_cli_is_named(tmp_path, capsys):
    from stackcheck.cli import main as cli_main

    main = "import pulumi\npulumi.export('account', pulumi.Config().require('account'))\n"
    program = write_program(tmp_path / "p", main, stacks=())
    (program / "Pulumi.prod.yaml").write_text(
        "environment:\n  - acme/ml-prod\nconfig:\n  aws:region: us-east-1\n  scratch:token:\n    secure: v1:abc\n")
    with pytest.raises(ProgramLoadError) as raised:
        record_program(program, "prod")
    assert "ConfigMissingError" in str(raised.value)
    assert "imports Pulumi ESC environments" in str(raised.value) and "scratch:token is encrypted" in str(raised.value)
    recording = record_program(program, "prod", config={"account": "111122223333"})
    assert len(recording.config_warnings) == 2
    assert cli_main(["check", str(program), "--stack", "prod", "--config", "account=111122223333"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("stackcheck: warning:")]
    assert len(warnings) == 2 and "--config scratch:token=VALUE" in warnings[1]
    assert cli_main(["record", str(program), "--stack", "prod", "--config", "account=111122223333"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["config_warnings"]) == 2 and captured.err.count("stackcheck: warning:") == 2


def test_secure_values_inside_structured_config_are_ciphertext_and_named(tmp_path):
    main = ("import pulumi\nvendor = pulumi.Config().require_object('vendor')\n"
            "pulumi.export('external_id', vendor['externalId'])\npulumi.export('ids', vendor['ids'])\n")
    program = write_program(tmp_path / "p", main, stacks=())
    (program / "Pulumi.prod.yaml").write_text(
        "config:\n  scratch:vendor:\n    account: '444444444444'\n    externalId:\n      secure: v1:abc\n"
        "    ids:\n      - plain\n      - secure: v1:def\n")
    recording = record_program(program, "prod")
    stack = recording.find("pulumi:pulumi:Stack")[0]
    assert stack.outputs["external_id"] == "v1:abc" and stack.outputs["ids"] == ["plain", "v1:def"]
    [warning] = recording.config_warnings
    assert "scratch:vendor.externalId" in warning and "scratch:vendor.ids[1]" in warning


def test_providers_of_one_name_under_different_parents_keep_their_own_accounts(tmp_path):
    main = (
        "import pulumi, pulumi_aws as aws\n"
        "class Team(pulumi.ComponentResource):\n"
        "    def __init__(self, name, account, type_):\n"
        "        super().__init__(type_, name, None, None)\n"
        "        provider = aws.Provider('provider', allowed_account_ids=[account],\n"
        "                                opts=pulumi.ResourceOptions(parent=self))\n"
        "        aws.iam.Role(f'{name}-role', name=f'{name}-role', assume_role_policy='{}',\n"
        "                     opts=pulumi.ResourceOptions(parent=self, provider=provider))\n"
        "Team('a', '111111111111', 'acme:teams:A')\n"
        "Team('b', '222222222222', 'acme:teams:B')\n"
        "aws.iam.Policy.get('no-name', 'arn:aws:iam::123456789012:policy')\n"
    )
    recording = record_program(write_program(tmp_path / "p", main), "dev")
    assert recording.get("a-role").outputs["arn"] == "arn:aws:iam::111111111111:role/a-role"
    assert recording.get("b-role").outputs["arn"] == "arn:aws:iam::222222222222:role/b-role"
    assert recording.get("no-name").outputs["arn"] == "arn:aws:iam::123456789012:policy"


def test_a_stack_named_with_its_organization_is_that_stack(_minimal_dev):
    qualified = record_program(MINIMAL, "acme/dev")
    assert (qualified.stack, qualified.organization) == ("dev", "acme")
    assert [r.urn for r in qualified.resources] == [r.urn for r in _minimal_dev.resources]
    assert record_program(MINIMAL, "acme/minimal/dev").organization == "acme"
