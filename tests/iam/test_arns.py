import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policies.iam.arns import Arn, ArnFormats, arn_field_problems, arn_formats_of, format_as_fields, parse_arn
from policies.iam.catalog import get_catalog
from policies.iam.wildcards import glob_matches, globs_overlap, has_wildcard, literal_head
from policies.iam.work_budget import DocumentTooComplex, budget


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
    assert arn_field_problems(parse_arn("arn:aws:s3:::b")) == ()
    assert arn_field_problems(parse_arn("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:model/m")) == ()
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
    assert sagemaker.matching(parse_arn("arn:aws:sagemaker::123456789012:endpoint/x")) == ()
    assert sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint/x")) == (
        "arn:${Partition}:sagemaker:${Region}:${Account}:endpoint/${EndpointName}",
    )
    assert len(sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint*"))) >= 2


def test_a_field_of_only_stars_also_matches_a_format_without_that_field():
    s3 = arn_formats_of(get_catalog(), ("s3",))
    objects = s3.matching(parse_arn("arn:aws:s3:*:*:bucket/key"))
    assert any("${ObjectName}" in f for f in objects)
    assert s3.need_region_and_account(objects) == (False, False)
    assert any("${ObjectName}" in f for f in s3.matching(parse_arn("arn:aws:s3:**::bucket/key")))
    # `?` is one character, so it never matches an empty field; nor does a partial wildcard.
    assert not any("${ObjectName}" in f for f in s3.matching(parse_arn("arn:aws:s3:?::bucket/key")))
    assert not any("${ObjectName}" in f for f in s3.matching(parse_arn("arn:aws:s3:us-*::bucket/key")))
    # A wildcard account still matches the formats that have one, and then production needs it.
    access_points = s3.matching(parse_arn("arn:aws:s3:*:*:accesspoint/x"))
    assert any("accesspoint/" in f for f in access_points)
    assert s3.need_region_and_account(access_points) == (True, True)
    apigateway = arn_formats_of(get_catalog(), ("apigateway",))
    assert apigateway.matching(parse_arn("arn:aws:apigateway:us-west-2:*:/restapis/a/stages/*"))


def test_a_field_the_catalog_writes_as_a_star_is_any_value_or_none():
    # Braket's device format is `arn:${Partition}:braket:*:*:device/...`: the on-demand simulators have
    # neither region nor account, the QPUs a region only, and production can ask for neither.
    braket = arn_formats_of(get_catalog(), ("braket",))
    for text in ("arn:aws:braket:::device/quantum-simulator/amazon/sv1", "arn:aws:braket:us-east-1::device/qpu/ionq/x",
                 "arn:aws:braket:us-east-1:123456789012:device/qpu/ionq/x"):
        devices = braket.matching(parse_arn(text))
        assert [f for f in devices if ":device/" in f], text
        assert braket.need_region_and_account(devices) == (False, False), text
    health = arn_formats_of(get_catalog(), ("health",))
    for text in ("arn:aws:health:*::event/EC2/*/*", "arn:aws:health:us-east-1::event/EC2/X/*"):
        events = health.matching(parse_arn(text))
        assert [f for f in events if ":event/" in f], text
        assert health.need_region_and_account(events) == (False, False), text
    # A format that names no resource type (Backup's recovery points: `${ResourceType}:${Id}` with
    # account `*`) would vouch for any text, so there `*` still stands for an account.
    backup = arn_formats_of(get_catalog(), ("backup",))
    assert not [f for f in backup.matching(parse_arn("arn:aws:backup:us-east-1::bogus:x")) if "${RecoveryPointId}" in f]
    assert [f for f in backup.matching(parse_arn("arn:aws:backup:us-east-1:123456789012:bogus:x"))
            if "${RecoveryPointId}" in f]


def test_without_an_account_an_arn_names_what_aws_owns_where_no_format_lacks_one():
    # Public SSM parameters and AWS-owned documents have no account in their ARN; the catalog's
    # formats for them have one.
    ssm = arn_formats_of(get_catalog(), ("ssm",))
    public = ssm.matching(parse_arn("arn:aws:ssm:us-west-2::parameter/aws/service/sagemaker-distribution/*"))
    assert any(":parameter/" in f for f in public)
    assert any(":document/" in f for f in ssm.matching(parse_arn("arn:aws:ssm:us-west-2::document/AWS-RunShellScript")))
    # Where a format without an account matches, it is the answer (an S3 bucket named "job").
    s3 = arn_formats_of(get_catalog(), ("s3",))
    assert all(":${Account}:" not in f for f in s3.matching(parse_arn("arn:aws:s3:::job/*")))
    # An empty region is not excused.
    assert ssm.matching(parse_arn("arn:aws:ssm::123456789012:parameter/x")) == ()


def test_policy_variables_may_hold_colons_in_any_field():
    arn = parse_arn("arn:aws:sagemaker:${aws:RequestedRegion}:${aws:PrincipalAccount}:endpoint/x")
    assert (arn.region, arn.account) == ("${aws:RequestedRegion}", "${aws:PrincipalAccount}")
    assert arn.resource == "endpoint/x"
    assert parse_arn("arn:aws:iam::${aws:PrincipalAccount}:role/x").resource == "role/x"
    assert parse_arn("arn:aws:s3:::b/${aws:username}/*").resource == "b/${aws:username}/*"
    assert parse_arn("arn:aws:s3:::b/${aws:user:name").resource == "b/${aws:user:name"  # never closed: literal
    assert arn_field_problems(arn) == ()


def test_newer_partitions_and_regions_are_well_formed():
    assert arn_field_problems(parse_arn("arn:aws-eusc:sagemaker:eusc-de-east-1:123456789012:model/m")) == ()
    assert arn_field_problems(parse_arn("arn:aws-iso-b:sagemaker:us-isob-east-1:123456789012:model/m")) == ()
    assert arn_field_problems(parse_arn("arn:aws:sagemaker:uswest2:123456789012:model/m"))


def test_literal_region_and_account_fields_of_a_format_must_match():
    eks = arn_formats_of(get_catalog(), ("eks",))
    assert eks.matching(parse_arn("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"))
    assert eks.matching(parse_arn("arn:aws:eks::123456789012:cluster-access-policy/AmazonEKSAdminPolicy")) == ()


def test_a_wildcard_resource_spends_a_unit_per_format_it_is_compared_with():
    sagemaker = ArnFormats(tuple(get_catalog().arn_formats("sagemaker").values()))
    regional = sum(1 for f in sagemaker.formats if all(format_as_fields(f)[3:5]))
    everything = parse_arn("arn:aws:sagemaker:us-west-2:123456789012:*")
    with pytest.raises(DocumentTooComplex), budget(regional - 1):
        sagemaker.matching(everything)
    assert len(sagemaker.matching(everything)) == regional


# Matching against the index must answer exactly what comparing the ARN with every format answers.


def reference_matching(formats: tuple[str, ...], arn: Arn) -> list[str]:
    """Every format whose region and account are present where the ARN's are, compared field by field;
    sorted. A field of only `*` also matches a format without that field, since `*` matches the empty
    string, and a format's field written as `*` matches an ARN without one where the format names its
    resource type. An ARN without an account that matches none is compared with the formats that have one and
    name their resource type (AWS-owned resources)."""

    def can_be(value: str, written: str, names_type: bool) -> bool:
        # A field the format writes as `*` (not a placeholder) is any value or none, where the
        # format names its resource type.
        present = bool(written)
        return (bool(value) == present or (not present and set(value) == {"*"})
                or (written == "*" and names_type and not value))

    def with_presence(account_present) -> list[str]:
        return sorted(
            text for text in formats
            if can_be(arn.region, (written := (text.split(":", 5) + [""] * 6))[3],
                      names_type := bool(literal_head(format_as_fields(text)[5])))
            and (can_be(arn.account, written[4], names_type) if account_present is None else bool(written[4]))
            and _fields_can_match(arn, format_as_fields(text))
        )

    matched = with_presence(None)
    if not matched and not arn.account:
        # Only formats that name their resource type vouch for an AWS-owned form.
        matched = [text for text in with_presence(True) if literal_head(format_as_fields(text)[5])]
    return matched


def _fields_can_match(arn: Arn, fields: tuple[str, ...]) -> bool:
    pairs = [(arn.service, fields[2]), (arn.resource, fields[5])]
    literal = [index for index in (3, 4) if fields[index] not in ("", "*")]
    pairs += [((arn.region, arn.account)[index - 3], fields[index]) for index in literal]
    if has_wildcard(arn.text):
        return all(globs_overlap(value, glob) for value, glob in pairs)
    return all(glob_matches(glob, value) for value, glob in pairs)


catalog = get_catalog()
SERVICES = (
    "sagemaker", "s3", "logs", "ecr", "iam", "kms", "eks", "ses", "sts", "ssm", "glue", "apigateway",
    "elasticloadbalancing", "events", "clouddirectory",
)
# Odd shapes the catalog has few of: literal and partly literal fields, `?`, prefixes without a
# separator or starting with one, prefixes that extend others, a placeholder service, a format cut
# short, a format listed twice.
SYNTHETIC = (
    "arn:${Partition}:svc:${Region}:aws:thing/${Id}",
    "arn:${Partition}:svc:us-west-2:${Account}:x?y/${Id}",
    "arn:${Partition}:svc:us-*-1:${Account}:thing/${Id}",
    "arn:${Partition}:svc:::${Name}",
    "arn:${Partition}:svc:::catalog",
    "arn:${Partition}:svc:::cat",
    "arn:${Partition}:svc:::cat${Name}",
    "arn:${Partition}:svc:::/apis",
    "arn:${Partition}:svc:::/apis/${Id}",
    "arn:${Partition}:svc:::/restapis/${Id}/stages/${Stage}",
    "arn:${Partition}:svc:::a${X}b:c${Y}",
    "arn:${Partition}:svc:::log-group:${Name}:log-stream:${Stream}",
    "arn:${Partition}:svc:::thing/${Id}",
    "arn:${Partition}:svc:::thing/deep/${Id}",
    "arn:${Partition}:svc:::thing/deeper",
    "arn:${Partition}:${Service}:::${Anything}",
    "arn:${Partition}:svc:${Region}::${Anything}/x",
    "arn:${Partition}:svc",
    "arn:${Partition}:svc:::${Name}",
    # Fields the catalog writes as `*`: any region or account, or none (Braket's devices, Health's events).
    "arn:${Partition}:svc:*:*:device/${Type}/${Id}",
    "arn:${Partition}:svc:*::event/${Service}/*",
    "arn:${Partition}:svc:${Region}:*:point/${Id}",
    "arn:${Partition}:svc:${Region}:*:${Type}:${Id}",
)
# The formats an ARN's service field reaches, from every service that lists them (the pack's sets).
ARN_SERVICE_FIELDS = ("ec2", "kafka", "catalog", "apigateway", "sagemaker", "iam", "s3", "elasticloadbalancing")
FORMAT_SETS = [tuple(catalog.arn_formats(service).values()) for service in SERVICES] + [
    tuple(f for service in SERVICES for f in catalog.arn_formats(service).values()),  # s3 and ssm share a format
    *(catalog.arn_formats_spelling(field) for field in ARN_SERVICE_FIELDS),
    SYNTHETIC,
]
INDEXED = [ArnFormats(formats) for formats in FORMAT_SETS]
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")

plain_segments = st.text(alphabet="ab-_/:.0", min_size=1, max_size=6)
segments = st.one_of(plain_segments, plain_segments, st.text(alphabet="ab-/:*?", max_size=6))


@st.composite
def arns_near_formats(draw, format_sets: list[int]) -> tuple[int, str]:
    """An index into FORMAT_SETS, and an ARN made from one of its formats, perhaps bent out of shape."""
    which = draw(st.sampled_from(format_sets))
    text = PLACEHOLDER.sub(lambda _: draw(segments), draw(st.sampled_from(FORMAT_SETS[which])))
    fields = (text.split(":", 5) + ["", "", "", "", ""])[:6]
    fields[1] = draw(st.sampled_from(["aws", "aws", "*", "aws-cn", "a?s"]))
    for _ in range(draw(st.integers(0, 2))):
        index = draw(st.sampled_from([2, 3, 4, 5, 5, 5]))  # mostly the resource part, where formats differ
        fields[index] = draw(st.one_of(
            _bent(fields[index]),
            st.sampled_from(["", "*", "?*", "aws", "123456789012", "us-west-2", "sagemaker", "s3", "s*", "svc"]),
        ))
    return which, ":".join(fields)


def _bent(field: str):
    """The field cut short, grown, or with a `*` or `?` put in or in place of a character."""
    cut = st.integers(0, len(field)).map(lambda end: field[:end])
    grown = st.tuples(st.integers(0, len(field)), segments).map(lambda p: field[: p[0]] + p[1] + field[p[0]:])
    wildcard = st.tuples(st.integers(0, len(field)), st.sampled_from(["*", "?"]), st.booleans()).map(
        lambda p: field[: p[0]] + p[1] + field[p[0] + p[2]:]
    )
    return st.one_of(cut, grown, wildcard, cut.map(lambda start: start + "*"))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(arns_near_formats(list(range(len(FORMAT_SETS) - 1))))
def test_matching_catalog_formats_equals_comparing_with_every_format(case):
    _assert_matching_equals_reference(*case)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(arns_near_formats([len(FORMAT_SETS) - 1]))
def test_matching_odd_formats_equals_comparing_with_every_format(case):
    _assert_matching_equals_reference(*case)


def _assert_matching_equals_reference(which: int, text: str) -> None:
    arn = parse_arn(text)
    assume(arn is not None)
    assert sorted(INDEXED[which].matching(arn)) == reference_matching(FORMAT_SETS[which], arn)


@pytest.mark.parametrize("text", [
    "arn:aws:sagemaker:us-west-2:123456789012:endpoint/e-p1-7",
    "arn:aws:sagemaker:us-west-2:123456789012:model/m-p1-3*",
    "arn:aws:sagemaker:us-west-2:123456789012:*",
    "arn:aws:sagemaker:us-west-2:123456789012:e*",
    "arn:aws:sagemaker:us-west-2:123456789012:endpoint?e",
    "arn:*:sagemaker:*:*:endpoint/x",
    "arn:aws:s*:us-west-2:123456789012:endpoint/x",
    "arn:aws:s3:::bucket-p1-2/*",
    "arn:aws:s3:::*",
    "arn:aws:logs:us-west-2:123456789012:log-group:/aws/sagemaker/p1-3:*",
    "arn:aws:ecr:us-west-2:123456789012:repository/r-p1-4",
    "arn:aws:iam::123456789012:role/x",
    "arn:aws:iam::aws:policy/*",
    "arn:aws:eks::aws:cluster-access-policy/*",
    "arn:aws:apigateway:us-west-2::/restapis/a/stages/*",
    "arn:aws:apigateway:us-west-2::/apis*",
    "arn:aws:glue:us-west-2:123456789012:catalog",
    "arn:aws:glue:us-west-2:123456789012:cat*",
    "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/*",
    "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/a?p/x/y",
    "arn:aws:events:us-west-2:123456789012:target/re*",
    "arn:aws:sagemaker:us-west-2:123456789012:" + "a/*" * 660,
    "arn:aws:sagemaker:us-west-2:123456789012:endpoint/" + "?" * 500,
])
def test_known_arns_match_like_comparing_with_every_format(text):
    arn = parse_arn(text)
    for formats, indexed in zip(FORMAT_SETS, INDEXED, strict=True):
        assert sorted(indexed.matching(arn)) == reference_matching(formats, arn), formats[0]
