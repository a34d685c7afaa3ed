"""One environment (dev, staging, prod) as its stack config describes it, and the ARNs it owns.

Everything that differs between environments is read here, once, and checked. The rest of the
program builds ARNs from these literal values only, so every policy document is fully known at
`pulumi preview` time, where the policy pack reads it.
"""

import re
from dataclasses import dataclass

import pulumi

ACCOUNT_ID = re.compile(r"^\d{12}$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")
# SageMaker writes resource names into its ARNs in lower case, and IAM compares ARNs case-sensitively,
# so endpoint names are asked for in lower case to keep the ARNs in the policies exact.
SAGEMAKER_NAME = re.compile(r"^[a-z0-9](-*[a-z0-9]){0,62}$")
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class Environment:
    name: str  # also the prefix of this environment's SageMaker model names
    region: str
    account_id: str
    project_name: str
    product_id: str
    provisioning_artifact_id: str
    deployment_account_id: str
    deployment_external_id: str
    model_bucket: str
    endpoint_names: tuple[str, ...]

    @classmethod
    def from_config(cls) -> "Environment":
        config = pulumi.Config()
        aws_config = pulumi.Config("aws")
        env = cls(
            name=config.require("environment"),
            region=aws_config.require("region"),
            account_id=config.require("accountId"),
            project_name=config.require("projectName"),
            product_id=config.require("serviceCatalogProductId"),
            provisioning_artifact_id=config.require("serviceCatalogProvisioningArtifactId"),
            deployment_account_id=config.require("deploymentAccountId"),
            deployment_external_id=config.require("deploymentExternalId"),
            model_bucket=config.require("modelBucketName"),
            endpoint_names=tuple(config.require_object("endpointNames")),
        )
        env.check(aws_config.get_object("allowedAccountIds"))
        return env

    def check(self, allowed_account_ids: list | None) -> None:
        problems = []
        if not SAGEMAKER_NAME.match(self.name):
            problems.append(f"environment {self.name!r} must be lower-case letters, digits and hyphens")
        if not REGION.match(self.region):
            problems.append(f"aws:region {self.region!r} is not a region name")
        for key, value in (("accountId", self.account_id), ("deploymentAccountId", self.deployment_account_id)):
            if not ACCOUNT_ID.match(value):
                problems.append(f"{key} {value!r} must be a 12-digit AWS account ID")
        if allowed_account_ids is not None and allowed_account_ids != [self.account_id]:
            problems.append(f"aws:allowedAccountIds {allowed_account_ids} must be exactly [{self.account_id!r}]")
        if not self.deployment_external_id.strip():
            problems.append("deploymentExternalId must not be empty")
        if not BUCKET_NAME.match(self.model_bucket):
            problems.append(f"modelBucketName {self.model_bucket!r} is not a valid S3 bucket name")
        if not self.endpoint_names:
            problems.append("endpointNames must list at least one endpoint")
        for endpoint in self.endpoint_names:
            if not isinstance(endpoint, str) or not SAGEMAKER_NAME.match(endpoint):
                problems.append(f"endpoint name {endpoint!r} must be lower-case letters, digits and hyphens")
        if problems:
            raise pulumi.RunError("invalid stack config: " + "; ".join(problems))

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    # ARNs, written the way IAM matches them. Region and account are always literal.

    def sagemaker_arn(self, resource: str) -> str:
        return f"arn:{self.partition}:sagemaker:{self.region}:{self.account_id}:{resource}"

    def endpoint_arns(self) -> list[str]:
        return [self.sagemaker_arn(f"endpoint/{name}") for name in self.endpoint_names]

    def endpoint_config_arns(self) -> list[str]:
        # Endpoint configs are versioned by suffix: <endpoint>-2024-06-01, <endpoint>-v7, ...
        return [self.sagemaker_arn(f"endpoint-config/{name}*") for name in self.endpoint_names]

    def model_arns(self) -> list[str]:
        return [self.sagemaker_arn(f"model/{self.name}-*")]

    def bucket_arn(self) -> str:
        return f"arn:{self.partition}:s3:::{self.model_bucket}"

    def bucket_objects_arn(self) -> str:
        return f"{self.bucket_arn()}/*"

    def sagemaker_log_group_arn(self) -> str:
        return f"arn:{self.partition}:logs:{self.region}:{self.account_id}:log-group:/aws/sagemaker/*"

    def sagemaker_log_stream_arn(self) -> str:
        return f"{self.sagemaker_log_group_arn()}:log-stream:*"

    def account_root_arn(self, account_id: str) -> str:
        return f"arn:{self.partition}:iam::{account_id}:root"

    def role_arn(self, role_name: str) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:role/{role_name}"
