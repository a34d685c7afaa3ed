"""SageMaker IAM written the quick way. Every policy pack rule has something to say here.

See README.md for each mistake and its fix; sample_stack/ is the same thing done right.
"""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
region = pulumi.Config("aws").require("region")
account_id = config.require("accountId")
project_name = config.require("projectName")
endpoint_name = config.require("endpointName")
bucket_name = config.require("modelBucketName")

# --- Seed 1: a SageMaker project and a role that "can do SageMaker" -----------------------------

project = aws.sagemaker.Project(
    "project",
    project_name=project_name,
    service_catalog_provisioning_details={
        "product_id": config.require("serviceCatalogProductId"),
        "provisioning_artifact_id": config.require("serviceCatalogProvisioningArtifactId"),
    },
)

project_role = aws.iam.Role(
    "project-role",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": project_name}},
        }],
    }),
)

# MISTAKE: every SageMaker action on every resource.
project_policy = aws.iam.Policy(
    "project-policy",
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}],
    }),
)

aws.iam.RolePolicyAttachment("project-policy-attachment", role=project_role.name, policy_arn=project_policy.arn)

# --- Seed 2: an endpoint role -------------------------------------------------------------------

endpoint_policy = aws.iam.Policy(
    "endpoint-policy",
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["sagemaker:CreateEndpoint", "sagemaker:DeleteEndpoint", "sagemaker:InvokeEndpoint"],
                "Resource": f"arn:aws:sagemaker:{region}:{account_id}:endpoint/{endpoint_name}",
            },
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": f"arn:aws:s3:::{bucket_name}/*",
            },
        ],
    }),
)

# MISTAKE: SageMaker may assume this role on behalf of anyone's account (no condition).
endpoint_role = aws.iam.Role(
    "endpoint-role",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    }),
)

aws.iam.RolePolicyAttachment("endpoint-policy-attachment", role=endpoint_role.name, policy_arn=endpoint_policy.arn)

# --- One more classic: "it didn't work, so I attached FullAccess" -------------------------------

notebook_role = aws.iam.Role(
    "notebook-role",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
        }],
    }),
)

# MISTAKE: the AWS managed policy grants sagemaker:* (and much more) on "*".
aws.iam.RolePolicyAttachment(
    "notebook-full-access",
    role=notebook_role.name,
    policy_arn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
)

pulumi.export("projectId", project.project_id)
pulumi.export("projectRoleArn", project_role.arn)
pulumi.export("endpointRoleArn", endpoint_role.arn)
pulumi.export("notebookRoleArn", notebook_role.arn)
