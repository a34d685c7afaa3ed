import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policies.iam.arn_shapes import PLACEHOLDER, ResourceShapes
from policies.iam.arns import ArnFormats, format_as_fields, parse_arn
from policies.iam.catalog import get_catalog

from .test_arns import FORMAT_SETS, _bent, reference_matching, segments
from .test_arns import PLACEHOLDER as FORMAT_PLACEHOLDER

Z = PLACEHOLDER


def shapes_of(*globs: str) -> ResourceShapes:
    shapes = ResourceShapes.for_globs(globs)
    assert shapes is not None
    return shapes


def test_names_no_format_spells_become_the_placeholder():
    shapes = shapes_of("endpoint/*", "log-group:*:log-stream:*", "*/*", "catalog")
    assert shapes.shape("endpoint/churn-7") == f"endpoint/{Z}"
    assert shapes.shape("endpoint/churn-8") == shapes.shape("endpoint/churn-7")
    assert shapes.shape("log-group:/aws/x:log-stream:s1") == f"log-group:/{Z}/{Z}:log-stream:{Z}"
    assert shapes.shape("catalog") == "catalog"
    assert shapes.shape("catalogue") == Z
    assert shapes.shape("a//b") == f"{Z}//{Z}"  # an empty word stays empty


def test_wildcard_runs_are_kept_where_a_format_word_could_continue_them():
    shapes = shapes_of("endpoint/*", "log-group:*:log-stream:*")
    assert shapes.shape("end*") == "end*"  # could still be `endpoint/...`
    assert shapes.shape("model/m-7*") == f"{Z}/{Z}*"
    assert shapes.shape("*point/x") == "*point/x".replace("x", Z)  # could be the end of `endpoint`
    assert shapes.shape("*pointless/x") == f"*{Z}/{Z}"
    assert shapes.shape("*-stre*") == "*-stre*"  # inside `log-stream`
    assert shapes.shape("*xyz*") == f"*{Z}*"


def test_no_shape_for_question_marks_or_formats_that_cut_a_word():
    assert shapes_of("endpoint/*").shape("endpoint/e?") is None
    assert ResourceShapes.for_globs(["framework:*-*"]) is None
    assert ResourceShapes.for_globs(["policy/*/p-*"]) is None
    catalog = get_catalog()
    for service in ("organizations", "backup", "apigateway"):
        formats = catalog.arn_formats(service).values()
        assert ResourceShapes.for_globs(format_as_fields(text)[5] for text in formats) is None, service
    for service in ("sagemaker", "s3", "logs", "ecr", "iam", "kms"):
        formats = catalog.arn_formats(service).values()
        assert ResourceShapes.for_globs(format_as_fields(text)[5] for text in formats) is not None, service


def test_arns_of_one_shape_share_one_comparison_with_the_formats():
    sagemaker = ArnFormats(tuple(get_catalog().arn_formats("sagemaker").values()))
    first = sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint/a-1"))
    assert first == sagemaker.matching(parse_arn("arn:aws:sagemaker:us-west-2:123456789012:endpoint/b-2"))
    assert len(sagemaker._matches_by_shape) == 1
    # Region and account are part of the key: formats can spell them (`aws`), and production reads them.
    sagemaker.matching(parse_arn("arn:aws:sagemaker:eu-west-1:123456789012:endpoint/a-1"))
    assert len(sagemaker._matches_by_shape) == 2


# The claim the shapes rest on: a resource part and its shape match exactly the same formats.
# Checked with the reference matcher of test_arns, which compares with every format one by one.

# Words that run into, out of and across each other, over the alphabet the segments are drawn from.
SAFE_SYNTHETIC = (
    "arn:${Partition}:svc:::ab/${Id}",
    "arn:${Partition}:svc:::a:${X}:ba:${Y}",
    "arn:${Partition}:svc:::${X}/b-a/${Y}",
    "arn:${Partition}:svc:::aa",
    "arn:${Partition}:svc:::a_b/${X}/a.0",
    "arn:${Partition}:svc:::${Bucket}",
    "arn:${Partition}:svc:::/ab/${X}",
    "arn:${Partition}:svc:::b//a/${X}",
    "arn:${Partition}:svc:${Region}:${Account}:ab:${X}",
    "arn:${Partition}:svc:${Region}:aws:ab/${X}",
)
SHAPED_SETS = [formats for formats in FORMAT_SETS if ArnFormats(formats)._shapes is not None] + [SAFE_SYNTHETIC]
SHAPES = [ResourceShapes.for_globs(format_as_fields(text)[5] for text in formats) for formats in SHAPED_SETS]


@st.composite
def arns_for_shaping(draw) -> tuple[int, str]:
    # Half the time the synthetic set, whose words collide most.
    which = draw(st.one_of(st.just(len(SHAPED_SETS) - 1), st.integers(0, len(SHAPED_SETS) - 1)))
    text = FORMAT_PLACEHOLDER.sub(lambda _: draw(segments), draw(st.sampled_from(SHAPED_SETS[which])))
    fields = (text.split(":", 5) + ["", "", "", "", ""])[:6]
    if draw(st.booleans()):
        for _ in range(draw(st.integers(0, 2))):
            fields[5] = draw(_bent(fields[5]))
    else:
        # Built from the formats' own words, pieces of them, separators and stars.
        words = FORMAT_PLACEHOLDER.sub("/", " ".join(SHAPED_SETS[which])).replace(":", "/").split("/")
        bits = st.one_of(
            st.sampled_from(words).flatmap(lambda word: st.sampled_from([word, word[:1], word[1:], word[1:-1]])),
            st.sampled_from(["*", "*", "/", ":", "x", "-"]),
        )
        fields[5] = "".join(draw(st.lists(bits, min_size=1, max_size=7)))
    return which, ":".join(fields)


@settings(max_examples=700, deadline=None, derandomize=True)
@given(arns_for_shaping())
def test_a_resource_part_and_its_shape_match_the_same_formats(case):
    which, text = case
    arn = parse_arn(text)
    assume(arn is not None)
    shape = SHAPES[which].shape(arn.resource)
    assume(shape is not None)
    shaped = parse_arn(text[: len(text) - len(arn.resource)] + shape)
    assert reference_matching(SHAPED_SETS[which], shaped) == reference_matching(SHAPED_SETS[which], arn)


@pytest.mark.parametrize("resource", [
    "ab/x", "ab*", "a*", "*b", "*a/x", "a:x:ba:y", "a:*:b*", "x/b-a/y", "x/b-*", "*-a/*", "aa", "a*a", "*",
    "a_b/x/a.0", "a_b/*.0", "/ab/x", "/a*", "b//a/x", "b/*/a/x", "ab:x", "ab/*/a.0", "*a*", "*b*", "*_*/x/a.0",
    "*-*", "x/*-*/y",
])
def test_hand_picked_resources_and_their_shapes_match_the_same_formats(resource):
    shapes = SHAPES[-1]
    for prefix in ("arn:aws:svc:::", "arn:aws:svc:us-west-2:123456789012:", "arn:aws:svc:us-west-2:aws:"):
        arn, shaped = parse_arn(prefix + resource), parse_arn(prefix + shapes.shape(resource))
        assert reference_matching(SAFE_SYNTHETIC, shaped) == reference_matching(SAFE_SYNTHETIC, arn), prefix
