from hypothesis import given
from hypothesis import strategies as st

from policies.iam.action_sets import ActionElement
from policies.iam.catalog import get_catalog
from policies.iam.catalog_overrides import RESOURCE_LEVEL_SUPPORT_OVERRIDES
from policies.iam.wildcards import glob_matches

catalog = get_catalog()


def test_service_wide_patterns_cover_sagemaker():
    for pattern in ("sagemaker:*", "SageMaker:*", "*", "*:*", "sage*:*", "s?gemaker:*", "sagemaker:?*", "sage*"):
        assert ActionElement((pattern,)).covers_service(catalog, "sagemaker"), pattern
    for pattern in ("sagemaker:Create*", "sagemaker:InvokeEndpoint", "iam:*", "sagemaker-geospatial:*"):
        assert not ActionElement((pattern,)).covers_service(catalog, "sagemaker"), pattern


def test_not_action_is_the_complement():
    assert ActionElement(("iam:*",), negated=True).covers_service(catalog, "sagemaker")
    assert not ActionElement(("sagemaker:*",), negated=True).granted_in(catalog, "sagemaker")
    partial = ActionElement(("sagemaker:Delete*",), negated=True).granted_in(catalog, "sagemaker")
    assert 0 < len(partial) < len(catalog.service("sagemaker").actions)


def test_resource_level_support_comes_from_the_catalog():
    assert ActionElement(("sagemaker:ListModels", "s3:ListAllMyBuckets")).first_resource_level_action(catalog) is None
    assert str(ActionElement(("sagemaker:InvokeEndpoint",)).first_resource_level_action(catalog)) == (
        "sagemaker:InvokeEndpoint"
    )
    assert ActionElement(("s3:*",), negated=True).first_resource_level_action(catalog) is not None


def test_unrecognised_patterns_are_named():
    found = dict(ActionElement(("sagemakr:CreateModel", "sagemaker:NoSuchThing", "s3:GetObject"))
                 .unrecognised_patterns(catalog))
    assert set(found) == {"sagemakr:CreateModel", "sagemaker:NoSuchThing"}


def test_every_override_still_disagrees_with_the_catalog():
    # When a catalog bump fixes an entry, this fails: delete the entry from catalog_overrides.py.
    for key, supports in RESOURCE_LEVEL_SUPPORT_OVERRIDES.items():
        service, _, name = key.partition(":")
        [action] = catalog.actions_matching(key, service)
        assert bool(action.resource_types) != supports, key
        assert catalog.supports_resource_level(action) == supports


def test_every_name_of_a_service_is_covered_only_by_patterns_that_reach_names_not_yet_in_the_catalog():
    # Action names are never empty, so a `?` beside a `*` still matches every one.
    for pattern in ("sagemaker:*", "SAGEMAKER:**", "*", "*:*", "sage*", "s*:*", "*maker*", "sagemaker*",
                    "sagemaker:?*", "sagemaker:*?", "sagema*?", "*?", "*:?*", "sagemaker?*",
                    "sagemaker??*", "s*r??*", "??????????*", "???????????*"):
        assert ActionElement((pattern,)).covers_every_name_of(catalog, "sagemaker"), pattern
    for pattern in ("sagemaker:??*", "sagemaker:?", "sagemaker:Create*", "sagemaker", "*:Create*", "sage*:Describe*",
                    "s3:*", "sagemaker:*x", "sage?", "sagemaker??*x", "sagemaker???*", "????????????*"):
        assert not ActionElement((pattern,)).covers_every_name_of(catalog, "sagemaker"), pattern
    known = tuple(f"sagemaker:{action.name}" for action in catalog.service("sagemaker").actions)
    assert ActionElement(known).covers_service(catalog, "sagemaker")
    assert not ActionElement(known).covers_every_name_of(catalog, "sagemaker")


def test_a_not_action_covers_every_name_only_when_no_pattern_can_reach_the_service():
    # Too short to reach `sagemaker:` and a name: `?`, `S?g?`, `??x`.
    for patterns in (("s3:*",), ("iam:PassRole", "logs:*"), ("sagemaker-geospatial:*",), ("s3*",), ("?",),
                     ("S?g?",), ("??x",), ("?" * 9,)):
        assert ActionElement(patterns, negated=True).covers_every_name_of(catalog, "sagemaker"), patterns
    for patterns in (("sagemaker:CreateModel",), ("sagemaker?CreateModel",), ("*",), ("*Model",), ("s*:x",),
                     ("?" * 11,), ("?*",), ("*?",)):
        assert not ActionElement(patterns, negated=True).covers_every_name_of(catalog, "sagemaker"), patterns


def test_a_question_mark_may_stand_for_the_colon():
    assert "sagemaker" in catalog.services_granting("sagemaker?*")
    assert ActionElement(("sagemaker?*",)).covers_service(catalog, "sagemaker")
    [action] = ActionElement(("sagemaker?CreateModel",)).granted_in(catalog, "sagemaker")
    assert action.name == "CreateModel"
    assert not ActionElement(("sagemaker?CreateModel",)).granted_in(catalog, "s3")


def test_arn_formats_are_found_by_the_service_field_an_arn_spells():
    catalog = get_catalog()
    # Listed under servicecatalog, spelled `catalog`; listed under kafka-cluster, spelled `kafka`.
    assert any(":catalog:" in text and "product/" in text for text in catalog.arn_formats_spelling("catalog"))
    kafka = catalog.arn_formats_spelling("kafka")
    assert {text for text in catalog.arn_formats("kafka-cluster").values() if ":kafka:" in text} <= set(kafka)
    assert all(text.split(":")[2] == "kafka" for text in kafka)
    assert catalog.arn_service_fields_matching("CATALOG") == ("catalog",)
    assert set(catalog.arn_service_fields_matching("kafka*")) >= {"kafka"}
    assert catalog.arn_service_fields_matching("nosuchservice") == ()
    # A placeholder service field (`${Vendor}`) stays with the service that lists it.
    assert any("${Vendor}" in text for text in catalog.arn_formats_spelling("backup"))


@given(st.text(alphabet="sagemkr:*?x", max_size=16))
def test_a_pattern_names_every_action_of_a_service_exactly_when_it_matches_every_name(pattern):
    # Names of `Q`s, a letter no pattern here spells, stand for every name of their length; a `*`
    # stands for every longer one.
    matches_every_name = "*" in pattern and all(
        glob_matches(pattern, "sagemaker:" + "Q" * length, ignore_case=True) for length in range(1, 24)
    )
    assert ActionElement((pattern,)).covers_every_name_of(catalog, "sagemaker") == matches_every_name
