from policies.iam.arns import arn_field_problems, arn_formats_of, parse_arn
from policies.iam.catalog import get_catalog


def test_parse_keeps_colons_in_the_resource_part():
    arn = parse_arn("arn:aws:logs:us-west-2:123456789012:log-group:/aws/sagemaker/x:*")
    assert (arn.partition, arn.service, arn.region, arn.account) == ("aws", "logs", "us-west-2", "123456789012")
    assert arn.resource == "log-group:/aws/sagemaker/x:*"


def test_not_arns():
    for text in ("bucket/*", "arn:aws:s3", "arn::s3:::b", "arn:aws::::x", "ARN:aws:s3:::b", "arn:aws:s3:::"):
        assert parse_arn(text) is None, text


def test_effectively_everything():
    for text in ("arn:aws:s3:::*", "arn:aws:sagemaker:us-west-2:123456789012:*", "arn:*:*:*:*:*", "arn:aws:s3:::*/*"):
        assert parse_arn(text).is_effectively_everything, text
    for text in ("arn:aws:s3:::models/*", "arn:aws:sagemaker:*:*:endpoint/*"):
        assert not parse_arn(text).is_effectively_everything, text


def test_field_problems():
    assert arn_field_problems(parse_arn("arn:aws:s3:::b")) == []
    assert arn_field_problems(parse_arn("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:model/m")) == []
    assert arn_field_problems(parse_arn("arn:amazon:s3:::b"))
    assert arn_field_problems(parse_arn("arn:aws:sagemaker:mars:123456789012:model/m"))
    assert arn_field_problems(parse_arn("arn:aws:sagemaker:us-west-2:1234:model/m"))


def test_matching_formats_from_the_catalog():
    s3 = arn_formats_of(get_catalog(), ("s3",))
    assert any("${ObjectName}" in f for f in s3.matching(parse_arn("arn:aws:s3:::b/k")))
    assert not any("${ObjectName}" in f for f in s3.matching(parse_arn("arn:aws:s3:::b")))


def test_region_and_account_are_present_exactly_where_the_format_has_them():
    s3 = arn_formats_of(get_catalog(), ("s3",))
    # A bucket named "job" is not an S3 Batch Operations job, whose ARN has a region and account.
    assert all(":${Region}:" not in f for f in s3.matching(parse_arn("arn:aws:s3:::job/*")))
    assert any("job/" in f for f in s3.matching(parse_arn("arn:aws:s3:us-east-1:123456789012:job/*")))
    sagemaker = arn_formats_of(get_catalog(), ("sagemaker",))
    assert sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2::endpoint/x")) == ()
    assert sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint/x")) == (
        "arn:${Partition}:sagemaker:${Region}:${Account}:endpoint/${EndpointName}",
    )
    assert len(sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint*"))) >= 2


def test_newer_partitions_and_regions_are_well_formed():
    assert arn_field_problems(parse_arn("arn:aws-eusc:sagemaker:eusc-de-east-1:123456789012:model/m")) == []
    assert arn_field_problems(parse_arn("arn:aws-iso-b:sagemaker:us-isob-east-1:123456789012:model/m")) == []
    assert arn_field_problems(parse_arn("arn:aws:sagemaker:uswest2:123456789012:model/m"))


def test_literal_region_and_account_fields_of_a_format_must_match():
    eks = arn_formats_of(get_catalog(), ("eks",))
    assert eks.matching(parse_arn("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"))
    assert eks.matching(parse_arn("arn:aws:eks::123456789012:cluster-access-policy/AmazonEKSAdminPolicy")) == ()
