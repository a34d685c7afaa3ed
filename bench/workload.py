"""What the benchmark sends: the realistic resource mix, stacks built from it, and long documents.

Every resource and document carries its index (and documents a per-round nonce) in names and
ARNs. The pack caches parsed documents by their text, and a real `pulumi up` rarely sends the
same document twice, so repeating one document would measure the cache, not the pack.

Requests are built here, before any clock starts, with the same `stackcheck.wire` helpers the
tests and `stackcheck.analyze_resources` use, so both packs receive exactly what the engine sends.
"""

import json

from stackcheck import RecordedResource, wire

ACCOUNT = "123456789012"
REGION = "us-west-2"
# A production stack, so every rule takes its strictest (and most expensive) path.
STACK = "prod"
PROJECT = "ml-platform"

ROLE = "aws:iam/role:Role"
POLICY = "aws:iam/policy:Policy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ENDPOINT = "aws:sagemaker/endpoint:Endpoint"

MIX_SIZE = 4


def _text(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def mix(index: int) -> list[RecordedResource]:
    """One copy of the issue's realistic mix: a role with a trust policy and an inline policy, a
    managed policy with three statements including partial wildcards, an attachment of that
    policy to the role, and a non-IAM resource. All of it passes the rules in production, as most
    of a real stack does."""
    name = f"churn-{index}"
    endpoint_arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{name}"
    bucket = f"ml-artifacts-{index}"
    trust = _text({
        "Effect": "Allow",
        "Principal": {"Service": "sagemaker.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    })
    inline = _text({
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": f"arn:aws:s3:::{bucket}/*",
    })
    managed = _text(
        {"Sid": "Invoke", "Effect": "Allow", "Action": ["sagemaker:InvokeEndpoint"], "Resource": endpoint_arn},
        {"Sid": "Describe", "Effect": "Allow", "Action": ["sagemaker:Describe*", "sagemaker:List*"],
         "Resource": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/churn-*"},
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/Endpoints/{name}:*"},
    )
    role_name, policy_name = f"{name}-role", f"{name}-policy"
    return [
        _resource(ROLE, role_name, {
            "name": role_name,
            "path": "/",
            "assumeRolePolicy": trust,
            "inlinePolicies": [{"name": "artifacts", "policy": inline}],
            "maxSessionDuration": 3600,
            "tags": {"team": "ml", "app": name},
        }),
        _resource(POLICY, policy_name, {"name": policy_name, "path": "/", "policy": managed}),
        _resource(ATTACHMENT, f"{name}-attachment", {
            "policyArn": f"arn:aws:iam::{ACCOUNT}:policy/{policy_name}",
            "role": role_name,
        }),
        _resource(ENDPOINT, name, {
            "name": name,
            "endpointConfigName": f"{name}-config",
            "tags": {"team": "ml", "app": name},
        }),
    ]


def _resource(type_: str, name: str, inputs: dict) -> RecordedResource:
    return RecordedResource.new(type_, name, inputs, stack=STACK, project=PROJECT)


def mix_requests(first: int, copies: int) -> list:
    """AnalyzeRequests for `copies` consecutive copies of the mix, as the engine sends them."""
    return [wire.analyze_request(resource) for index in range(first, first + copies) for resource in mix(index)]


def stack_request(resource_count: int):
    """An AnalyzeStackRequest over `resource_count` resources, the mix repeated."""
    request = wire.proto().AnalyzeStackRequest()
    copies = -(-resource_count // MIX_SIZE)
    resources = [resource for index in range(copies) for resource in mix(index)][:resource_count]
    request.resources.extend(wire.analyzer_resource(resource) for resource in resources)
    return request


# Statement shapes found in real SageMaker policies; each gets its own resource names below.
def _statement(i: int, nonce: str) -> dict:
    tag = f"{nonce}-{i}"
    shapes = (
        {"Action": ["sagemaker:InvokeEndpoint"], "Resource": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/e-{tag}"},
        {"Action": ["sagemaker:Describe*"], "Resource": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/m-{tag}*"},
        {"Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::bucket-{tag}/*"},
        {"Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/{tag}:*"},
        {"Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/r-{tag}"},
    )
    return {"Sid": f"S{i}", "Effect": "Allow", **shapes[i % len(shapes)]}


def document_request(statement_count: int, nonce: str):
    """An AnalyzeRequest for a managed policy whose document has `statement_count` statements."""
    text = _text(*(_statement(i, nonce) for i in range(statement_count)))
    name = f"long-policy-{nonce}"
    return wire.analyze_request(_resource(POLICY, name, {"name": name, "path": "/", "policy": text}))
