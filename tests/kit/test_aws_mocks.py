"""The offline provider's computed outputs and data-source answers."""
import re

from stackcheck.aws_mocks import (
    AwsEnvironment,
    existing_resource_outputs,
    invoke_result,
    new_resource_outputs,
    resource_arn,
    with_auto_name,
)

ENV = AwsEnvironment(account="111122223333", region="eu-west-1")


def test_environment_from_config():
    assert AwsEnvironment.from_config({}) == AwsEnvironment("123456789012", "us-east-1")
    env = AwsEnvironment.from_config({"aws:region": "cn-north-1", "aws:allowedAccountIds": '["999988887777"]'})
    assert (env.account, env.region, env.partition) == ("999988887777", "cn-north-1", "aws-cn")
    assert AwsEnvironment.from_config({"aws:allowedAccountIds": ["1"], "stackcheck:accountId": "2"}).account == "2"
    assert AwsEnvironment(region="us-gov-west-1").partition == "aws-us-gov"
    # The default provider assumes a role: its account, the last of a chain's (where the pack judges too).
    chain = ('[{"roleArn": "arn:aws:iam::111122223333:role/hop"}, '
             '{"roleArn": "arn:aws:iam::555566667777:role/deployer"}]')
    assert AwsEnvironment.from_config({"aws:assumeRoles": chain}).account == "555566667777"
    assert AwsEnvironment.from_config({"aws:assumeRole": {"roleArn": "arn:aws:iam::444455556666:role/d"}}).account == (
        "444455556666")


def test_iam_role_gets_name_arn_with_path_and_name_as_id():
    resource_id, outputs = new_resource_outputs("aws:iam/role:Role", "training",
                                                {"name": "trainer", "path": "/service-role/"}, ENV)
    assert resource_id == "trainer"
    assert outputs["arn"] == "arn:aws:iam::111122223333:role/service-role/trainer"
    assert outputs["name"] == "trainer" and outputs["path"] == "/service-role/"


def test_autonamed_policy_uses_a_stable_suffix_and_its_arn_as_id():
    first = new_resource_outputs("aws:iam/policy:Policy", "read", {}, ENV)
    again = new_resource_outputs("aws:iam/policy:Policy", "read", {}, ENV)
    assert first == again
    resource_id, outputs = first
    assert outputs["name"].startswith("read-") and len(outputs["name"]) == len("read-") + 7
    assert resource_id == outputs["arn"] == f"arn:aws:iam::111122223333:policy/{outputs['name']}"


def test_sagemaker_arns_are_regional_lowercase_and_use_aws_kind_names():
    _, endpoint = new_resource_outputs("aws:sagemaker/endpoint:Endpoint", "ep", {"name": "Churn-EP"}, ENV)
    assert endpoint["arn"] == "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/churn-ep"
    _, config = new_resource_outputs("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "cfg",
                                     {"name": "cfg"}, ENV)
    assert config["arn"].endswith(":endpoint-config/cfg")
    _, notebook = new_resource_outputs("aws:sagemaker/notebookInstance:NotebookInstance", "nb", {"name": "nb"}, ENV)
    assert notebook["arn"].endswith(":notebook-instance/nb")
    domain_id, domain = new_resource_outputs("aws:sagemaker/domain:Domain", "d", {"domainName": "studio"}, ENV)
    # A Studio domain is known by the ID AWS generates; its user profiles and spaces live inside it.
    assert re.fullmatch(r"d-[0-9a-f]{12}", domain_id)
    assert domain["domainName"] == "studio" and domain["arn"].endswith(f":domain/{domain_id}")
    studio = (("aws:sagemaker/userProfile:UserProfile", "user-profile"), ("aws:sagemaker/space:Space", "space"))
    for type_, kind in studio:
        name_key = "userProfileName" if kind == "user-profile" else "spaceName"
        resource_id, inside = new_resource_outputs(type_, "u", {"domainId": domain_id, name_key: "Alice"}, ENV)
        assert resource_id == inside["arn"] == f"arn:aws:sagemaker:eu-west-1:111122223333:{kind}/{domain_id}/alice"


def test_only_auto_named_types_get_the_auto_name_among_their_inputs():
    assert with_auto_name("aws:iam/policy:Policy", {}, {"name": "p-1"}) == {"name": "p-1"}
    assert with_auto_name("aws:iam/policy:Policy", {"namePrefix": "app-"}, {"name": "app-1"}) == {"namePrefix": "app-"}
    assert with_auto_name("aws:iam/openIdConnectProvider:OpenIdConnectProvider", {}, {"name": "x"}) == {}
    assert with_auto_name("aws:s3/bucket:Bucket", {"bucketPrefix": "b-"}, {"bucket": "b-1"}) == {"bucketPrefix": "b-"}


def test_a_sagemaker_project_gets_its_generated_project_id():
    _, project = new_resource_outputs("aws:sagemaker/project:Project", "p", {"projectName": "churn"}, ENV)
    assert re.fullmatch(r"p-[0-9a-f]{12}", project["projectId"])
    assert project["arn"] == "arn:aws:sagemaker:eu-west-1:111122223333:project/churn"


def test_an_oidc_providers_url_is_read_back_without_its_scheme():
    _, provider = new_resource_outputs("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "gh",
                                       {"url": "https://token.actions.githubusercontent.com"}, ENV)
    assert provider["url"] == "token.actions.githubusercontent.com"
    assert provider["arn"].endswith(":oidc-provider/token.actions.githubusercontent.com")


def test_a_resource_looked_up_by_id_is_named_by_that_id():
    policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonSageMakerServiceCatalogProductsUseRole"
    resource_id, policy = existing_resource_outputs("aws:iam/policy:Policy", policy_arn, {}, ENV)
    assert resource_id == policy["arn"] == policy_arn
    assert (policy["name"], policy["path"]) == ("AmazonSageMakerServiceCatalogProductsUseRole", "/service-role/")
    resource_id, role = existing_resource_outputs("aws:iam/role:Role", "legacy-exec", {}, ENV)
    assert resource_id == role["name"] == "legacy-exec"
    assert role["arn"] == "arn:aws:iam::111122223333:role/legacy-exec"


def test_an_explicit_provider_works_in_its_own_account_and_region():
    provider = ENV.for_provider({"region": "us-east-2", "allowedAccountIds": '["444455556666"]'})
    assert (provider.account, provider.region) == ("444455556666", "us-east-2")
    assumed = ENV.for_provider({"assumeRoles": '[{"roleArn": "arn:aws:iam::555566667777:role/deployer"}]'})
    assert (assumed.account, assumed.region) == ("555566667777", ENV.region)
    chained = ENV.for_provider({"assumeRoles": '[{"roleArn": "arn:aws:iam::111122223333:role/hop"}, '
                                               '{"roleArn": "arn:aws:iam::555566667777:role/deployer"}]'})
    assert chained.account == "555566667777"
    assert ENV.for_provider({}) == ENV


def test_types_without_an_arn_get_none_and_keep_their_inputs():
    resource_id, outputs = new_resource_outputs("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "att",
                                                {"role": "r", "policyArn": "arn:x"}, ENV)
    assert outputs == {"role": "r", "policyArn": "arn:x"}
    assert resource_id.startswith("att-")
    assert resource_arn("aws:iam/rolePolicy:RolePolicy", "x", {}, ENV) is None
    assert resource_arn("kubernetes:core/v1:Namespace", "x", {}, ENV) is None
    assert resource_arn("aws:s3/bucket:Bucket", "logs", {}, ENV) == "arn:aws:s3:::logs"


def test_other_aws_types_take_the_arn_format_of_their_kind_from_the_catalog():
    """A policy built from a log group's or a queue's ARN must be judged on a real-looking ARN, not None."""
    expected = {
        ("aws:cloudwatch/logGroup:LogGroup", "/aws/sagemaker/TrainingJobs"):
            "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/TrainingJobs",
        ("aws:lambda/function:Function", "score"): "arn:aws:lambda:eu-west-1:111122223333:function:score",
        ("aws:dynamodb/table:Table", "features"): "arn:aws:dynamodb:eu-west-1:111122223333:table/features",
        ("aws:sns/topic:Topic", "alerts"): "arn:aws:sns:eu-west-1:111122223333:alerts",
        ("aws:sqs/queue:Queue", "jobs"): "arn:aws:sqs:eu-west-1:111122223333:jobs",
        ("aws:secretsmanager/secret:Secret", "hf-token"):
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hf-token",
        ("aws-native:logs:LogGroup", "native"): "arn:aws:logs:eu-west-1:111122223333:log-group:native",
    }
    for (type_, name), arn in expected.items():
        resource_id, outputs = new_resource_outputs(type_, "logical", {"name": name}, ENV)
        assert (resource_id, outputs["arn"]) == (name, arn), type_
    # A kind the catalog does not know (or knows in several services) still gets a well-formed ARN,
    # in the service its module stands for.
    assert resource_arn("aws:sfn/madeUpKind:MadeUpKind", "flow", {}, ENV) == (
        "arn:aws:states:eu-west-1:111122223333:made-up-kind/flow")
    # Placeholders before the name (a service's cluster) get a stable ID.
    service = resource_arn("aws:ecs/service:Service", "api", {}, ENV)
    assert re.fullmatch(r"arn:aws:ecs:eu-west-1:111122223333:service/[0-9a-f]{7}/api", service)
    assert service == resource_arn("aws:ecs/service:Service", "api", {}, ENV)
    # aws-native's IAM roles are IAM roles.
    _, role = new_resource_outputs("aws-native:iam:Role", "r", {"roleName": "trainer"}, ENV)
    assert role["arn"] == "arn:aws:iam::111122223333:role/trainer"
    # Formats whose account placeholder has another name, and formats that list alternatives.
    assert resource_arn("aws:datasync/task:Task", "nightly", {}, ENV) == (
        "arn:aws:datasync:eu-west-1:111122223333:task/nightly")
    assert ", " not in resource_arn("aws:apigateway/stage:Stage", "prod", {}, ENV)
    # A type whose `arn` is an input keeps it; a resource looked up by its ARN has that ARN.
    _, target = new_resource_outputs("aws:cloudwatch/eventTarget:EventTarget", "t",
                                     {"rule": "r", "arn": "arn:aws:lambda:eu-west-1:111122223333:function:f"}, ENV)
    assert target["arn"] == "arn:aws:lambda:eu-west-1:111122223333:function:f"
    topic = "arn:aws:sns:us-east-1:999988887777:alerts"
    assert existing_resource_outputs("aws:sns/topic:Topic", topic, {}, ENV)[1]["arn"] == topic
    _, linked = new_resource_outputs("aws:iam/serviceLinkedRole:ServiceLinkedRole", "slr",
                                     {"awsServiceName": "sagemaker.amazonaws.com"}, ENV)
    assert linked["arn"].startswith("arn:aws:iam::111122223333:role/aws-service-role/sagemaker.amazonaws.com/")
    # During preview the ARN is unknown, as for every other type.
    assert "arn" not in new_resource_outputs("aws:sqs/queue:Queue", "q", {"name": "jobs"}, ENV, preview=True)[1]


def test_data_source_invokes():
    assert invoke_result("aws:index/getCallerIdentity:getCallerIdentity", {}, ENV)["accountId"] == "111122223333"
    assert invoke_result("aws:index/getRegion:getRegion", {}, ENV)["region"] == "eu-west-1"
    assert invoke_result("aws:index/getRegion:getRegion", {"region": "us-east-2"}, ENV)["name"] == "us-east-2"
    partition = invoke_result("aws:index/getPartition:getPartition", {}, ENV)
    assert partition == {"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com",
                         "reverseDnsPrefix": "com.amazonaws"}
    document = invoke_result("aws:iam/getPolicyDocument:getPolicyDocument",
                             {"statements": [{"actions": ["s3:GetObject"]}]}, ENV)
    assert '"Action": "s3:GetObject"' in document["json"]
    assert invoke_result("aws:ec2/getVpc:getVpc", {}, ENV) is None


def test_regional_resources_a_policy_names_get_arns():
    key_id, key = new_resource_outputs("aws:kms/key:Key", "artifacts", {"description": "model artifacts"}, ENV)
    assert key["arn"] == f"arn:aws:kms:eu-west-1:111122223333:key/{key_id}"
    assert len(key_id) == 36 and key_id.count("-") == 4 and "name" not in key
    _, repository = new_resource_outputs("aws:ecr/repository:Repository", "images", {"name": "churn"}, ENV)
    assert repository["arn"] == "arn:aws:ecr:eu-west-1:111122223333:repository/churn"
    _, group = new_resource_outputs("aws:cloudwatch/logGroup:LogGroup", "logs", {"name": "/aws/x"}, ENV)
    assert group["arn"] == "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/x"  # from the catalog


def test_an_oidc_provider_is_named_by_its_url():
    resource_id, provider = new_resource_outputs(
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github",
        {"url": "https://token.actions.githubusercontent.com", "clientIdLists": ["sts.amazonaws.com"]}, ENV)
    assert resource_id == provider["arn"] == (
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com")
    found = invoke_result("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider",
                          {"url": "https://token.actions.githubusercontent.com"}, ENV)
    assert found["arn"] == provider["arn"] and found["url"] == "token.actions.githubusercontent.com"
    assert invoke_result("aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", {}, ENV) is None


def test_a_policy_looked_up_by_name_is_aws_managed_when_aws_has_it():
    managed = invoke_result("aws:iam/getPolicy:getPolicy", {"name": "AmazonSageMakerFullAccess"}, ENV)
    assert managed["arn"] == "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
    service_role = invoke_result("aws:iam/getPolicy:getPolicy", {"name": "AmazonSageMakerCanvasDirectDeployAccess"},
                                 ENV)
    assert service_role["arn"] == "arn:aws:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"
    assert service_role["path"] == "/service-role/"
    own = invoke_result("aws:iam/getPolicy:getPolicy", {"name": "team-readonly"}, ENV)
    assert own["arn"] == "arn:aws:iam::111122223333:policy/team-readonly" and own["name"] == "team-readonly"
    by_arn = invoke_result("aws:iam/getPolicy:getPolicy", {"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, ENV)
    assert by_arn["name"] == "ReadOnlyAccess" and by_arn["path"] == "/"


def test_an_eks_cluster_has_an_oidc_issuer_for_irsa_trusts():
    _, cluster = new_resource_outputs("aws:eks/cluster:Cluster", "ml", {"name": "ml"}, ENV)
    assert cluster["arn"] == "arn:aws:eks:eu-west-1:111122223333:cluster/ml"
    issuer = cluster["identities"][0]["oidcs"][0]["issuer"]
    assert re.fullmatch(r"https://oidc\.eks\.eu-west-1\.amazonaws\.com/id/[0-9A-F]{32}", issuer)


def test_lookups_of_existing_resources_are_named_by_the_argument_that_identifies_them():
    env = AwsEnvironment(account="333333333333", region="us-west-2")
    bucket = invoke_result("aws:s3/getBucket:getBucket", {"bucket": "lake"}, env)
    assert (bucket["arn"], bucket["id"], bucket["bucket"]) == ("arn:aws:s3:::lake", "lake", "lake")
    assert bucket["bucketDomainName"] == "lake.s3.amazonaws.com"
    alias = invoke_result("aws:kms/getAlias:getAlias", {"name": "alias/ml"}, env)
    assert alias["arn"] == "arn:aws:kms:us-west-2:333333333333:alias/ml"
    assert alias["targetKeyArn"] == f"arn:aws:kms:us-west-2:333333333333:key/{alias['targetKeyId']}"
    by_alias = invoke_result("aws:kms/getKey:getKey", {"keyId": "alias/ml"}, env)
    assert by_alias["arn"] == alias["targetKeyArn"] and by_alias["awsAccountId"] == "333333333333"
    key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    by_arn = invoke_result("aws:kms/getKey:getKey", {"keyId": key_arn}, env)
    assert (by_arn["arn"], by_arn["keyId"], by_arn["awsAccountId"]) == (
        key_arn, "1234abcd-12ab-34cd-56ef-1234567890ab", "111122223333")
    repo = invoke_result("aws:ecr/getRepository:getRepository", {"name": "ml/train", "registryId": "999988887777"}, env)
    assert repo["arn"] == "arn:aws:ecr:us-west-2:999988887777:repository/ml/train"
    assert repo["repositoryUrl"] == "999988887777.dkr.ecr.us-west-2.amazonaws.com/ml/train"
    topic_arn = "arn:aws:sns:eu-west-1:111122223333:alerts"
    assert invoke_result("aws:sns/getTopic:getTopic", {"arn": topic_arn}, env)["arn"] == topic_arn
    assert invoke_result("aws:lambda/getFunction:getFunction", {"functionName": "f"}, env)["arn"] == (
        "arn:aws:lambda:us-west-2:333333333333:function:f")
    # pulumi-aws v7 data sources take the region to look in.
    assert invoke_result("aws:sns/getTopic:getTopic", {"name": "t", "region": "eu-west-1"}, env)["arn"] == (
        "arn:aws:sns:eu-west-1:333333333333:t")
    # Found by filters alone, or of no resource type the SDK has: no answer.
    assert invoke_result("aws:ec2/getVpc:getVpc", {"default": True}, env) is None
    assert invoke_result("aws:ec2/getSubnets:getSubnets", {"filters": []}, env) is None
    assert invoke_result("aws:iam/getSessionContext:getSessionContext", {"arn": "x"}, env) is None


def test_prebuilt_sagemaker_images_live_in_aws_accounts_by_repository_and_region():
    env = AwsEnvironment(account="333333333333", region="us-west-2")
    token = "aws:sagemaker/getPrebuiltEcrImage:getPrebuiltEcrImage"
    sklearn = invoke_result(token, {"repositoryName": "sagemaker-scikit-learn", "imageTag": "1.2-1"}, env)
    assert (sklearn["id"], sklearn["registryId"], sklearn["registryPath"]) == (
        "246618743249", "246618743249", "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1")
    assert invoke_result(token, {"repositoryName": "pytorch-inference", "region": "eu-west-1"}, env)[
        "registryPath"] == "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:1"
    assert invoke_result(token, {"repositoryName": "kmeans"}, env)["registryId"] == "174872318107"
    assert invoke_result(token, {"repositoryName": "sagemaker-xgboost"},
                         AwsEnvironment(region="cn-north-1"))["registryPath"].startswith(
        "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/")
    assert invoke_result(token, {}, env) is None


AUTO_NAMED_TYPES = ("aws:ecr/repository:Repository", "aws:cloudwatch/logGroup:LogGroup", "aws:sns/topic:Topic",
                    "aws:sqs/queue:Queue", "aws:lambda/function:Function", "aws:secretsmanager/secret:Secret",
                    "aws:dynamodb/table:Table", "aws:sfn/stateMachine:StateMachine", "aws:iam/rolePolicy:RolePolicy")


def test_every_aws_type_whose_name_is_optional_is_auto_named_in_its_inputs_and_outputs():
    """pulumi-aws names any such resource at check time (logical name, "-", 7 hex characters): a real
    preview knows the name, and the ARN is built from it."""
    for type_ in AUTO_NAMED_TYPES:
        resource_id, outputs = new_resource_outputs(type_, "jobs", {}, ENV)
        assert re.fullmatch(r"jobs-[0-9a-f]{7}", outputs["name"]), type_
        assert with_auto_name(type_, {}, outputs) == {"name": outputs["name"]}, type_
        if type_ != "aws:iam/rolePolicy:RolePolicy":  # an inline policy has no ARN
            assert resource_id == outputs["name"] and outputs["name"] in outputs["arn"], type_
        _, planned = new_resource_outputs(type_, "jobs", {}, ENV, preview=True)
        assert planned["name"] == outputs["name"] and "arn" not in planned, type_
    # A name the program must give (a DNS record's), or one called otherwise (a SageMaker app's), is not.
    assert with_auto_name("aws:route53/record:Record", {}, {"name": "x"}) == {}
    assert with_auto_name("aws:sagemaker/app:App", {"appName": "default"}, {"name": "x"}) == {"appName": "default"}
    # A FIFO queue's auto-name ends in `.fifo`, as AWS requires.
    _, fifo = new_resource_outputs("aws:sqs/queue:Queue", "jobs", {"fifoQueue": True}, ENV)
    assert fifo["name"].endswith(".fifo") and fifo["arn"].endswith(fifo["name"])


def test_a_name_prefix_names_the_resource_when_it_is_created_not_while_planning():
    for type_, key in (("aws:sqs/queue:Queue", "name"), ("aws:s3/bucket:Bucket", "bucket"),
                       ("aws:cloudwatch/logGroup:LogGroup", "name")):
        inputs = {f"{key}Prefix": "ml-jobs-"}
        _, outputs = new_resource_outputs(type_, "jobs", inputs, ENV)
        assert outputs[key].startswith("ml-jobs-") and outputs["arn"].endswith(outputs[key]), type_
        assert with_auto_name(type_, inputs, outputs) == inputs, type_
        _, planned = new_resource_outputs(type_, "jobs", inputs, ENV, preview=True)
        assert key not in planned, type_


def test_the_identifiers_aws_assigns_are_filled_in():
    _, repository = new_resource_outputs("aws:ecr/repository:Repository", "images", {}, ENV)
    name = repository["name"]
    assert repository["registryId"] == "111122223333"
    assert repository["repositoryUrl"] == f"111122223333.dkr.ecr.eu-west-1.amazonaws.com/{name}"
    assert repository["arn"] == f"arn:aws:ecr:eu-west-1:111122223333:repository/{name}"
    key_id, key = new_resource_outputs("aws:kms/key:Key", "models", {}, ENV)
    assert key["keyId"] == key_id and key["arn"] == f"arn:aws:kms:eu-west-1:111122223333:key/{key_id}"
    _, alias = new_resource_outputs("aws:kms/alias:Alias", "a", {"name": "alias/ml", "targetKeyId": key_id}, ENV)
    assert alias["targetKeyArn"] == key["arn"]
    # A preview knows none of them.
    _, planned = new_resource_outputs("aws:ecr/repository:Repository", "images", {}, ENV, preview=True)
    assert not {"registryId", "repositoryUrl", "arn"} & set(planned)


def test_arns_of_modules_that_are_not_their_services_iam_prefix():
    arns = {
        ("aws:sfn/stateMachine:StateMachine", "retrain", ()):
            "arn:aws:states:eu-west-1:111122223333:stateMachine:retrain",
        ("aws:sfn/activity:Activity", "review", ()): "arn:aws:states:eu-west-1:111122223333:activity:review",
        ("aws:cloudwatch/eventRule:EventRule", "nightly", ()): "arn:aws:events:eu-west-1:111122223333:rule/nightly",
        ("aws:cloudwatch/eventRule:EventRule", "nightly", (("eventBusName", "ml"),)):
            "arn:aws:events:eu-west-1:111122223333:rule/ml/nightly",
        ("aws:cloudwatch/eventBus:EventBus", "ml", ()): "arn:aws:events:eu-west-1:111122223333:event-bus/ml",
        ("aws:cloudwatch/eventArchive:EventArchive", "old", ()): "arn:aws:events:eu-west-1:111122223333:archive/old",
        ("aws:cloudwatch/metricAlarm:MetricAlarm", "slow", ()): "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:slow",
        ("aws:cloudwatch/logGroup:LogGroup", "lg", ()): "arn:aws:logs:eu-west-1:111122223333:log-group:lg",
        ("aws:efs/fileSystem:FileSystem", "fs", ()): "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs",
        ("aws:kms/alias:Alias", "alias/ml-models", ()): "arn:aws:kms:eu-west-1:111122223333:alias/ml-models",
        ("aws:sagemaker/workteam:Workteam", "Labelers", ()):
            "arn:aws:sagemaker:eu-west-1:111122223333:workteam/private-crowd/labelers",
        ("aws:sagemaker/app:App", "default", (("domainId", "d-abc"), ("userProfileName", "Alice"),
                                              ("appType", "JupyterServer"))):
            "arn:aws:sagemaker:eu-west-1:111122223333:app/d-abc/alice/jupyterserver/default",
    }
    for (type_, name, inputs), arn in arns.items():
        assert resource_arn(type_, name, dict(inputs), ENV) == arn, type_
