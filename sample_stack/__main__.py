"""SageMaker on AWS, done right: one environment per stack (dev, staging, prod).

Everything environment-specific comes from Pulumi.<stack>.yaml; see environment.py for the keys.
"""

import pulumi
import pulumi_aws as aws
from environment import Environment
from sagemaker_roles import SageMakerRoles

env = Environment.from_config()

# Model artifacts: private, versioned, and reachable only through the roles below.
model_bucket = aws.s3.Bucket("model-bucket", bucket=env.model_bucket)
aws.s3.BucketPublicAccessBlock(
    "model-bucket-public-access",
    bucket=model_bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketVersioning(
    "model-bucket-versioning",
    bucket=model_bucket.id,
    versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
)

# The SageMaker project, provisioned from the organization's Service Catalog product.
project = aws.sagemaker.Project(
    "project",
    project_name=env.project_name,
    project_description=f"SageMaker MLOps project for the {env.name} environment",
    service_catalog_provisioning_details=aws.sagemaker.ProjectServiceCatalogProvisioningDetailsArgs(
        product_id=env.product_id,
        provisioning_artifact_id=env.provisioning_artifact_id,
    ),
)

roles = SageMakerRoles("sagemaker", env)

pulumi.export("environment", env.name)
pulumi.export("projectId", project.project_id)
pulumi.export("projectArn", project.arn)
pulumi.export("modelBucket", model_bucket.bucket)
pulumi.export("executionRoleArn", roles.execution_role.arn)
pulumi.export("deployerRoleArn", roles.deployer_role.arn)
pulumi.export("invokePolicyArn", roles.invoke_policy.arn)
pulumi.export("endpointArns", env.endpoint_arns())
