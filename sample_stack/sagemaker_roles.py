"""Who may do what in one SageMaker environment.

- the execution role SageMaker assumes to run jobs and endpoints in this account and region;
- the deployer role the deployment account assumes (with an ExternalId) to roll out this
  environment's endpoints, endpoint configs and models, and to pass the execution role only;
- a customer managed policy the application attaches to call this environment's endpoints.

The statement builders are plain functions, so a reader can see each document's shape without
running anything, and the component only wires them to resources.
"""

import pulumi
import pulumi_aws as aws
from environment import Environment

SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"

Statement = aws.iam.GetPolicyDocumentStatementArgs


def allow(sid: str, actions: list[str], resources: list[str] | None = None, **more) -> Statement:
    """An Allow statement; `more` takes principals= and conditions=."""
    return Statement(sid=sid, effect="Allow", actions=actions, resources=resources, **more)


def principal(type_: str, *identifiers: str) -> aws.iam.GetPolicyDocumentStatementPrincipalArgs:
    return aws.iam.GetPolicyDocumentStatementPrincipalArgs(type=type_, identifiers=list(identifiers))


def condition(test: str, variable: str, *values: str) -> aws.iam.GetPolicyDocumentStatementConditionArgs:
    return aws.iam.GetPolicyDocumentStatementConditionArgs(test=test, variable=variable, values=list(values))


def execution_trust(env: Environment) -> list[Statement]:
    """SageMaker may assume the role only for this account's resources in this region."""
    return [
        allow(
            "SageMakerInThisAccountAndRegion",
            ["sts:AssumeRole"],
            principals=[principal("Service", SAGEMAKER_SERVICE)],
            conditions=[
                condition("StringEquals", "aws:SourceAccount", env.account_id),
                condition("ArnLike", "aws:SourceArn", env.sagemaker_arn("*")),
            ],
        ),
    ]


def execution_permissions(env: Environment) -> list[Statement]:
    return [
        allow("ReadWriteModelArtifacts", ["s3:GetObject", "s3:PutObject"], [env.bucket_objects_arn()]),
        allow("ListModelBucket", ["s3:ListBucket"], [env.bucket_arn()]),
        allow(
            "SageMakerLogGroups",
            ["logs:CreateLogGroup", "logs:DescribeLogStreams"],
            [env.sagemaker_log_group_arn()],
        ),
        allow(
            "SageMakerLogStreams",
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [env.sagemaker_log_stream_arn()],
        ),
    ]


def deployer_trust(env: Environment) -> list[Statement]:
    """The deployment account, and only a caller that presents this environment's ExternalId."""
    return [
        allow(
            "DeploymentAccountWithExternalId",
            ["sts:AssumeRole"],
            principals=[principal("AWS", env.account_root_arn(env.deployment_account_id))],
            conditions=[condition("StringEquals", "sts:ExternalId", env.deployment_external_id)],
        ),
    ]


def deployer_permissions(env: Environment, execution_role_arn: str) -> list[Statement]:
    return [
        allow(
            "ManageThisEnvironmentsEndpoints",
            [
                "sagemaker:CreateEndpoint",
                "sagemaker:UpdateEndpoint",
                "sagemaker:DeleteEndpoint",
                "sagemaker:DescribeEndpoint",
            ],
            env.endpoint_arns(),
        ),
        # CreateEndpoint and UpdateEndpoint are also authorized against the endpoint config they use.
        allow(
            "ManageThisEnvironmentsEndpointConfigs",
            [
                "sagemaker:CreateEndpointConfig",
                "sagemaker:DeleteEndpointConfig",
                "sagemaker:DescribeEndpointConfig",
                "sagemaker:CreateEndpoint",
                "sagemaker:UpdateEndpoint",
            ],
            env.endpoint_config_arns(),
        ),
        allow(
            "ManageThisEnvironmentsModels",
            ["sagemaker:CreateModel", "sagemaker:DeleteModel", "sagemaker:DescribeModel"],
            env.model_arns(),
        ),
        allow(
            "PassOnlyTheExecutionRoleToSageMaker",
            ["iam:PassRole"],
            [execution_role_arn],
            conditions=[condition("StringEquals", "iam:PassedToService", SAGEMAKER_SERVICE)],
        ),
    ]


def invoke_permissions(env: Environment) -> list[Statement]:
    return [allow("InvokeThisEnvironmentsEndpoints", ["sagemaker:InvokeEndpoint"], env.endpoint_arns())]


class SageMakerRoles(pulumi.ComponentResource):
    """The execution role, the deployer role and the invoke policy of one environment."""

    def __init__(self, name: str, env: Environment, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("sagemaker-sample:iam:SageMakerRoles", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        def document(statements) -> pulumi.Output[str]:
            return aws.iam.get_policy_document_output(
                statements=statements, opts=pulumi.InvokeOutputOptions(parent=self)
            ).json

        execution_role_name = f"{env.name}-sagemaker-execution"
        # Explicit role names: the deployment account needs a stable ARN to assume, and the
        # PassRole statement below can name the execution role while it is still being planned.
        self.execution_role = aws.iam.Role(
            f"{name}-execution",
            name=execution_role_name,
            description=f"Assumed by SageMaker for {env.name} jobs and endpoints in {env.region}",
            assume_role_policy=document(execution_trust(env)),
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-execution-permissions",
            role=self.execution_role.id,
            policy=document(execution_permissions(env)),
            opts=child,
        )

        self.deployer_role = aws.iam.Role(
            f"{name}-deployer",
            name=f"{env.name}-sagemaker-endpoint-deployer",
            description=f"Assumed from the deployment account to roll out {env.name} SageMaker endpoints",
            assume_role_policy=document(deployer_trust(env)),
            max_session_duration=3600,
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-deployer-permissions",
            role=self.deployer_role.id,
            # Built from the role's chosen name, not from its `arn` output: an invoke that waits on a
            # resource is unknown during preview, and the pack must see this document then.
            policy=document(deployer_permissions(env, env.role_arn(execution_role_name))),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.execution_role]),
        )

        self.invoke_policy = aws.iam.Policy(
            f"{name}-invoke-endpoints",
            name=f"{env.name}-sagemaker-invoke-endpoints",
            description=f"Attach to the application role that calls the {env.name} SageMaker endpoints",
            policy=document(invoke_permissions(env)),
            opts=child,
        )

        self.register_outputs({
            "executionRoleArn": self.execution_role.arn,
            "deployerRoleArn": self.deployer_role.arn,
            "invokePolicyArn": self.invoke_policy.arn,
        })
