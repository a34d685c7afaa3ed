"""Answers to data sources that look up an existing AWS resource, offline.

`aws:<module>/get<Kind>:get<Kind>` looks up a resource of type `aws:<module>/<kind>:<Kind>`: it is
answered with the ARN, ID and name a created resource of that type gets (`aws_mocks`), named by the
argument that identifies it, in the stack's account and region (or the explicit provider's, or those
of an ARN it is given). A lookup by filters or tags alone stays unanswered. IAM policies and roles
looked up by name (`getPolicy`, `getRole`) are AWS's own managed policy where AWS has one of that
name, else the stack account's. SageMaker's prebuilt images come from AWS's accounts
(`sagemaker_images`).
"""

from __future__ import annotations

import re
from typing import Any

from .aws_mocks import (
    ID_IS_ARN,
    KMS_KEY_TYPE,
    NAME_KEYS,
    AwsEnvironment,
    aws_managed_policy_document,
    aws_managed_policy_path,
    generated_id,
    resource_arn,
    short_hash,
    split_token,
)
from .aws_sdk import sdk_resource_types
from .sagemaker_images import prebuilt_image_account

PREBUILT_ECR_IMAGE = "aws:sagemaker/getPrebuiltEcrImage:getPrebuiltEcrImage"
# `aws:<module>/get<Kind>:get<Kind>`: the lookup of an existing resource of type `aws:<module>/<kind>:<Kind>`.
_LOOKUP_TOKEN = re.compile(r"aws:(\w+)/get([A-Z]\w*):get\2")


def lookup_resource_type(token: str) -> str | None:
    """`aws:s3/getBucket:getBucket` -> `aws:s3/bucket:Bucket`, when the SDK has that resource type."""
    match = _LOOKUP_TOKEN.fullmatch(token)
    if match is None:
        return None
    module, kind = match.groups()
    type_ = f"aws:{module}/{kind[:1].lower()}{kind[1:]}:{kind}"
    return type_ if type_ in sdk_resource_types() else None


def _lookup_identifier(type_: str, args: dict[str, Any]) -> tuple[str, str] | None:
    """The argument that names the resource looked up: its ARN, name (`name`, `repositoryName`,
    `bucket`) or ID (`keyId`, `id`); None when it is found by filters or tags alone."""
    _, _, type_name = split_token(type_)
    lower_first = type_name[:1].lower() + type_name[1:]
    for key in ("arn", "name", f"{lower_first}Name", NAME_KEYS.get(type_, "name"), f"{lower_first}Id", "id"):
        value = args.get(key)
        if isinstance(value, str) and value:
            return key, value
    return None


def _arn_env(arn: str, env: AwsEnvironment) -> AwsEnvironment:
    """The account and region an ARN names (a resource looked up by its ARN lives there)."""
    fields = arn.split(":", 5)
    if len(fields) < 6:
        return env
    return AwsEnvironment(account=fields[4] or env.account, region=fields[3] or env.region)


def lookup_result(token: str, args: dict[str, Any], env: AwsEnvironment) -> dict[str, Any] | None:
    """A lookup of an existing resource (`aws.s3.get_bucket(bucket=...)`, `aws.ecr.get_repository(name=...)`)
    answered as that resource would be if the stack created it: its ARN, ID and name, named by the
    argument that identifies it, in the stack's (or the provider's) account and region; an ARN given
    is kept. Only identifying values are invented: anything else the real lookup reads stays empty.
    None when it is not a lookup this module answers."""
    if token == PREBUILT_ECR_IMAGE:
        return _prebuilt_image_lookup(args, env)
    if token == "aws:iam/getPolicy:getPolicy":
        return _policy_lookup(args, env)
    if token == "aws:iam/getRole:getRole":
        return _role_lookup(args, env)
    type_ = lookup_resource_type(token)
    found = _lookup_identifier(type_, args) if type_ else None
    if type_ is None or found is None:
        return None
    region = _text_arg(args, "region")
    if region is not None:  # pulumi-aws v7 data sources take the region to look in
        env = AwsEnvironment(account=env.account, region=region)
    key, value = found
    if type_ == KMS_KEY_TYPE:
        return _kms_key_lookup(value, env)
    if type_ == "aws:kms/alias:Alias":
        return _kms_alias_lookup(value, env)
    if value.startswith("arn:"):  # looked up by its ARN (in `arn`, or in the argument for its name)
        arn, env = value, _arn_env(value, env)
        name = re.split(r"[/:]", arn.split(":", 5)[-1])[-1]
    else:
        name = value
        if type_ == "aws:ecr/repository:Repository" and _text_arg(args, "registryId") is not None:
            env = AwsEnvironment(account=args["registryId"], region=env.region)
        arn = resource_arn(type_, name, {}, env)
        if arn is None:  # IAM attachments and inline policies have no ARN
            return None
    result: dict[str, Any] = {"arn": arn, "id": arn if type_ in ID_IS_ARN else name, "name": name,
                              key: value, "region": env.region}
    if type_ in NAME_KEYS:  # an S3 bucket
        result.update(bucket=name, bucketRegion=env.region, bucketDomainName=f"{name}.s3.{env.dns_suffix}",
                      bucketRegionalDomainName=f"{name}.s3.{env.region}.{env.dns_suffix}")
    if type_ == "aws:ecr/repository:Repository":
        result.update(registryId=env.account,
                      repositoryUrl=f"{env.account}.dkr.ecr.{env.region}.{env.dns_suffix}/{name}")
    return result


def _kms_key_lookup(key_id: str, env: AwsEnvironment) -> dict[str, Any]:
    """`aws.kms.get_key(key_id=...)`: by key ID, key ARN, alias name or alias ARN. An alias's target is
    a key ID generated from the alias, the same one `aws.kms.get_alias` answers."""
    if key_id.startswith("arn:"):
        env = _arn_env(key_id, env)
        key_id = key_id.split(":", 5)[-1]
    if key_id.startswith("alias/"):
        key_id = generated_id(KMS_KEY_TYPE, key_id)
    key_id = key_id.removeprefix("key/")
    arn = resource_arn(KMS_KEY_TYPE, key_id, {}, env)
    return {"arn": arn, "id": key_id, "keyId": key_id, "awsAccountId": env.account, "region": env.region,
            "enabled": True, "keyManager": "CUSTOMER", "keyState": "Enabled"}


def _kms_alias_lookup(name: str, env: AwsEnvironment) -> dict[str, Any]:
    """`aws.kms.get_alias(name="alias/...")`: the alias's ARN, and the key it targets."""
    if name.startswith("arn:"):
        env = _arn_env(name, env)
        name = name.split(":", 5)[-1]
    key = _kms_key_lookup(name, env)
    arn = resource_arn("aws:kms/alias:Alias", name.removeprefix("alias/"), {}, env)
    return {"arn": arn, "id": arn, "name": name, "region": env.region,
            "targetKeyArn": key["arn"], "targetKeyId": key["keyId"]}


def _text_arg(args: dict[str, Any], key: str) -> str | None:
    value = args.get(key)
    return value if isinstance(value, str) and value else None


def _prebuilt_image_lookup(args: dict[str, Any], env: AwsEnvironment) -> dict[str, Any] | None:
    """`aws.sagemaker.get_prebuilt_ecr_image`: AWS's account for that repository in the region, and
    the image's registry path, as the provider builds them."""
    repository = _text_arg(args, "repositoryName")
    if repository is None:
        return None
    region = _text_arg(args, "region") or env.region
    suffix = _text_arg(args, "dnsSuffix") or AwsEnvironment(region=region).dns_suffix
    tag = _text_arg(args, "imageTag") or "1"
    account = prebuilt_image_account(repository, region)
    return {"id": account, "registryId": account,
            "registryPath": f"{account}.dkr.ecr.{region}.{suffix}/{repository}:{tag}",
            "repositoryName": repository, "imageTag": tag, "region": region, "dnsSuffix": suffix}


def _policy_lookup(args: dict[str, Any], env: AwsEnvironment) -> dict[str, Any] | None:
    """`aws.iam.get_policy`: by ARN as given; by name, AWS's own policy when AWS has one of that
    name (AmazonSageMakerFullAccess), else the stack account's. The document is AWS's own for its
    managed policies (from the pack's snapshot) and not invented for anyone else's."""
    arn = args.get("arn")
    name = args.get("name")
    if not arn and isinstance(name, str) and name:
        path_prefix = args.get("pathPrefix") if isinstance(args.get("pathPrefix"), str) else "/"
        aws_path = aws_managed_policy_path(name)
        arn = (f"arn:{env.partition}:iam::aws:policy{aws_path}" if aws_path is not None
               else f"arn:{env.partition}:iam::{env.account}:policy{path_prefix}{name}")
    if not isinstance(arn, str) or not arn:
        return None
    path_and_name = arn.split(":policy", 1)[-1]
    found = {"arn": arn, "id": arn, "name": path_and_name.rsplit("/", 1)[-1],
             "path": path_and_name.rsplit("/", 1)[0] + "/", "description": "", "tags": {}}
    document = aws_managed_policy_document(arn)
    if document is not None:
        found["policy"] = document
    return found


def _role_lookup(args: dict[str, Any], env: AwsEnvironment) -> dict[str, Any] | None:
    """`aws.iam.get_role`: the stack account's role of that name (at the root path, as a name alone
    cannot tell another). Its trust policy is not invented, as `_policy_lookup` invents no document."""
    name = args.get("name")
    if not isinstance(name, str) or not name:
        return None
    arn = f"arn:{env.partition}:iam::{env.account}:role/{name}"
    return {"arn": arn, "id": name, "name": name, "path": "/", "description": "", "maxSessionDuration": 3600,
            "permissionsBoundary": "", "roleLastUseds": [], "tags": args.get("tags") or {},
            "uniqueId": "AROA" + short_hash(arn, length=17).upper()}
