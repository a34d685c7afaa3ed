import dataclasses
import json
import pickle
from collections import OrderedDict
from types import MappingProxyType
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.iam import documents
from policies.iam.conditions import Condition
from policies.iam.documents import MAX_STATEMENTS, Statement, StatementRef, parse_document
from policies.iam.principals import Principal
from policies.iam.values import UNKNOWN


def statement(**fields):
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", **fields}


def test_text_and_object_forms_parse_the_same():
    doc = {"Version": "2012-10-17", "Statement": [statement()]}
    assert parse_document(json.dumps(doc)) == parse_document(doc)


def test_scalars_become_one_element_tuples():
    parsed = parse_document({"Statement": statement(Action="s3:GetObject")})
    assert parsed.statements[0].actions == ("s3:GetObject",)
    assert parsed.statements[0].resources == ("arn:aws:s3:::b/*",)


def test_principal_and_condition_shapes():
    parsed = parse_document({"Statement": {
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"AWS": ["123456789012", "arn:aws:iam::210987654321:root"], "Service": "x.amazonaws.com"},
        "Condition": {"StringEqualsIfExists": {"STS:ExternalId": ["a", True, 12]}},
    }})
    only = parsed.statements[0]
    assert [p.kind for p in only.principals] == ["AWS", "AWS", "Service"]
    assert only.principals[1].account == "210987654321"
    condition = only.conditions[0]
    assert condition.key == "sts:externalid" and condition.values == ("a", "true", "12")
    assert condition.if_exists and condition.base_operator == "StringEquals"
    assert not condition.requires_key()


def test_wildcard_principal():
    parsed = parse_document({"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}})
    assert parsed.statements[0].principals[0].is_everyone


def problems_of(raw):
    parsed = parse_document(raw)
    assert parsed.malformed, raw
    return " ".join(problem.message for problem in parsed.problems)


def test_malformed_documents_are_findings_not_exceptions():
    assert "not valid JSON" in problems_of("{nope")
    assert "more than once" in problems_of('{"Statement": [], "Statement": []}')
    assert "Statement is a string" in problems_of('{"Statement": "x"}')
    assert "exactly" in problems_of({"Statement": statement(Effect="allow")})
    assert "exactly" in problems_of({"Statement": statement(Effect=None)})
    assert "has no Statement" in problems_of({"Version": "2012-10-17"})
    assert "both Action and NotAction" in problems_of({"Statement": statement(NotAction="x")})
    assert "unknown element" in problems_of({"Statement": statement(action="sagemaker:*")})
    assert "must hold strings" in problems_of({"Statement": statement(Action=[["s3:*"]])})
    assert "not JSON" in problems_of('{"Statement": NaN}')
    assert "nested too deeply" in problems_of("[" * 100_000 + "]" * 100_000)
    assert "not JSON text or an object" in problems_of(42)


def test_statement_limit_is_a_finding():
    huge = {"Statement": [statement()] * (MAX_STATEMENTS + 1)}
    assert "statements" in problems_of(huge)


def test_unknown_anywhere_makes_the_document_unknown():
    assert parse_document(UNKNOWN).unknown
    assert parse_document({"Statement": [statement(Resource=UNKNOWN)]}).unknown


# --- The plain path: statements of the usual shape skip the checks, and must read exactly the same ---------------


def parsed_or_raised(raw):
    """What parsing `raw` gives, in a comparable form: the document, or the exception a hostile object raises.

    Text goes to `_parse_text` directly, because `parse_document` would answer a repeated text from its cache.
    """
    try:
        parsed = documents._parse_text(raw) if isinstance(raw, str) else parse_document(raw)
    except Exception as error:
        return "raised", type(error), str(error)
    # repr as well, so that a value that merely compares equal (a str subclass, say) would still differ.
    return parsed, repr(parsed)


def reference_parse(raw):
    """The parse with every statement sent through `_parse_statement`, the full checks the plain path skips.

    `_parse_statement` and its helpers are the parser from before the plain path, left as they were.
    """
    with mock.patch.object(documents, "_parse_plain_statement", lambda index, raw: None):
        return parsed_or_raised(raw)


class Text(str):
    """A string that is not exactly a str, which the plain path leaves to the full checks."""


class Items(list):
    """Likewise for lists."""


def evenly(*strategies):
    """Any of `strategies`, each as often (st.one_of flattens nested choices, giving every branch of them a share)."""
    return st.sampled_from(strategies).flatmap(lambda chosen: chosen)


def usually(usual, odd, odds: int = 4):
    """`odd` one time in `odds`, else `usual`."""
    return evenly(*[usual] * (odds - 1), odd)


words = st.sampled_from(["Allow", "Deny", "allow", "*", "s3:GetObject", "sagemaker:*", "arn:aws:s3:::b/*", "", "S1",
                         "123456789012", "AWS"])
word_lists = st.lists(words, max_size=3)
scalars = st.one_of(words, st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2), st.builds(Text, words))
odd_values = evenly(scalars, st.lists(scalars, min_size=1, max_size=3), st.builds(Items, word_lists),
                     st.dictionaries(words, scalars, max_size=2))


def strategies_by_element(sometimes_odd) -> dict:
    """A strategy for each element's value, with `sometimes_odd` applied at every level of it."""
    strings = sometimes_odd(st.one_of(words, word_lists))
    principals = sometimes_odd(st.one_of(st.just("*"), st.dictionaries(
        sometimes_odd(st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]), st.sampled_from(["aws", "X"])),
        strings, max_size=3)), evenly(words, odd_values))
    condition_values = st.one_of(words, st.booleans(), st.integers(-3, 3), st.floats(-2, 2))
    conditions = sometimes_odd(st.dictionaries(
        st.sampled_from(["StringEquals", "ArnLike", "ForAnyValue:StringLike", "Bool"]),
        sometimes_odd(st.dictionaries(
            # An int key is a hostile object's: the parser has always raised on it, and must keep raising the same.
            # Keys that differ only in letter case, which one block must not hold together.
            sometimes_odd(st.sampled_from(["aws:SourceAccount", "AWS:SourceArn", "sts:ExternalId", "AWS:SOURCEACCOUNT",
                                           "sts:externalid"]), st.integers(0, 1)),
            sometimes_odd(st.one_of(condition_values, st.lists(condition_values, max_size=3))),
            max_size=2,
        )),
        max_size=2,
    ))
    return {
        "Sid": sometimes_odd(words, scalars),
        "Effect": sometimes_odd(st.sampled_from(["Allow", "Deny"]), scalars),
        "Action": strings,
        "NotAction": strings,
        "Resource": strings,
        "NotResource": strings,
        "Principal": principals,
        "NotPrincipal": principals,
        "Condition": conditions,
    }


WELL_FORMED = strategies_by_element(lambda usual, odd=None: usual)
# Odd at any level, but rarely, so that many statements are declined for just one odd value deep inside.
ANYTHING = {**strategies_by_element(lambda usual, odd=odd_values: usually(usual, odd, odds=8)), "action": odd_values,
            "Effects": odd_values}


@st.composite
def statements(draw) -> dict:
    """A statement of one of the usual shapes, perhaps with odd values and an element or two added or dropped."""
    element_values = draw(st.sampled_from([WELL_FORMED, ANYTHING]))
    statement = {"Effect": draw(element_values["Effect"])}
    statement[draw(st.sampled_from(["Action", "NotAction"]))] = draw(element_values["Action"])
    for elements in (("Sid",), ("Resource", "NotResource"), ("Principal", "NotPrincipal"), ("Condition",)):
        if draw(st.booleans()):
            element = draw(st.sampled_from(elements))
            statement[element] = draw(element_values[element])
    for element in draw(usually(st.just(()), st.lists(st.sampled_from(sorted(ANYTHING)), max_size=2))):
        if draw(st.booleans()):
            statement[element] = draw(ANYTHING[element])
        else:
            statement.pop(element, None)
    # Problems are reported in the order of the elements, so that order varies too.
    return dict(draw(st.permutations(list(statement.items()))))


# Most are plain dicts, which the plain path reads; other mappings, and non-mappings, always get the full checks.
statement_items = usually(statements(), st.one_of(
    scalars, st.builds(OrderedDict, statements()), st.builds(MappingProxyType, statements())))
policy_documents = st.fixed_dictionaries(
    {"Statement": st.one_of(st.lists(statement_items, min_size=1, max_size=4), statement_items)},
    optional={"Version": words},
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(policy_documents)
def test_objects_parse_exactly_as_with_the_full_checks(document):
    assert parsed_or_raised(document) == reference_parse(document)


@st.composite
def statement_texts(draw) -> str:
    """A statement as JSON text, in which one element may appear twice (which json.dumps cannot write)."""
    pairs = list(draw(statements()).items())
    if pairs and draw(st.booleans()):
        element = draw(st.sampled_from([key for key, _ in pairs]))
        pairs.insert(draw(st.integers(0, len(pairs))), (element, draw(ANYTHING[element])))
    return "{" + ",".join(f"{json.dumps(key)}:{json.dumps(value)}" for key, value in pairs) + "}"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(statement_texts(), max_size=3))
def test_text_parses_exactly_as_with_the_full_checks(texts):
    text = '{"Version": "2012-10-17", "Statement": [' + ",".join(texts) + "]}"
    assert parsed_or_raised(text) == reference_parse(text)


def benchmark_statement(index: int) -> dict:
    return {"Sid": f"S{index}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"arn:aws:s3:::bucket-x-{index}/*"}


USUAL_STATEMENTS = [
    benchmark_statement(7),
    {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::*:role/x", "*"]},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"},
    {"Sid": "Trust", "Effect": "Allow", "Action": "sts:AssumeRole",
     "NotPrincipal": {"Service": "sagemaker.amazonaws.com", "AWS": ["123456789012"]},
     "Condition": {"StringEquals": {"AWS:SourceAccount": 123456789012.0}, "Bool": {"aws:SecureTransport": True}}},
    {"Effect": "Allow", "Action": "s3:*", "Condition": {}},
]


@pytest.mark.parametrize("raw", USUAL_STATEMENTS)
def test_usual_statements_take_the_plain_path_and_read_as_checked(raw):
    # Without this the equivalence tests above could pass with a plain path that declines everything.
    collector = documents._Collector()
    plain = documents._parse_plain_statement(3, raw)
    checked = documents._parse_statement(3, raw, collector)
    assert plain is not None and not collector.problems
    assert (plain, repr(plain)) == (checked, repr(checked))


def test_a_long_document_takes_the_plain_path_throughout():
    text = json.dumps({"Version": "2012-10-17", "Statement": [benchmark_statement(i) for i in range(300)]})
    assert parsed_or_raised(text) == reference_parse(text)
    assert all(documents._parse_plain_statement(i, raw) for i, raw in enumerate(json.loads(text)["Statement"]))


@pytest.mark.parametrize("raw", [
    {**benchmark_statement(0), "Sid": None},
    {**benchmark_statement(0), "Condition": None},
    {**benchmark_statement(0), "NotResource": None},
    {**benchmark_statement(0), "Action": Text("s3:GetObject")},
    {**benchmark_statement(0), "Action": []},
    {**benchmark_statement(0), "Effect": Text("Allow")},
    {**benchmark_statement(0), "Effect": "allow"},
    {**benchmark_statement(0), "Principal": {}},
    {**benchmark_statement(0), "Principal": {Text("AWS"): "1"}},
    {**benchmark_statement(0), "Principal": {"AWS": "1", "aws": "2"}},
    {**benchmark_statement(0), "NotPrincipal": "123456789012"},
    {**benchmark_statement(0), "Condition": {"Bool": {"aws:SecureTransport": [True, None]}}},
    {**benchmark_statement(0), "Condition": {"Bool": {"aws:SecureTransport": {"a": "b"}}}},
    {**benchmark_statement(0), "Condition": {"Bool": ["aws:SecureTransport"]}},
    {**benchmark_statement(0), "Condition": {"Bool": {1: True}}},
    {**benchmark_statement(0), "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "AWS:SOURCEVPC": "vpc-2"}}},
    {"Effect": "Allow", "Action": None, "NotAction": "s3:*"},
])
def test_anything_unusual_is_left_to_the_full_checks(raw):
    assert documents._parse_plain_statement(0, raw) is None


def test_duplicate_keys_are_reported_innermost_first_and_the_statement_is_still_read():
    text = ('{"Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject",'
            ' "Condition": {"Bool": {"aws:x": true, "aws:x": false}}}]}')
    parsed = parse_document(text)
    assert [problem.message for problem in parsed.problems] == [
        f'the JSON key "{key}" appears more than once in one object; readers disagree on which copy wins, '
        "so the document cannot be judged"
        for key in ("aws:x", "Effect")
    ]
    assert [(s.effect, s.conditions[0].values) for s in parsed.statements] == [("Deny", ("false",))]


CASE_VARIANT_CONDITION = {"StringLike": {"aws:SourceAccount": "123456789012", "AWS:SOURCEACCOUNT": "*"}}


@pytest.mark.parametrize("raw", [
    {"Statement": statement(Condition=CASE_VARIANT_CONDITION)},
    json.dumps({"Statement": [statement(Condition=CASE_VARIANT_CONDITION)]}),
    {"Statement": [statement(Sid="Other"), statement(Condition={"Bool": {"aws:x": True, "AWS:X": True}})]},
])
def test_a_condition_key_written_twice_in_other_letter_case_makes_the_document_malformed(raw):
    parsed = parse_document(raw)
    [problem] = parsed.problems
    assert "appears more than once in one" in problem.message and problem.statement.index == len(parsed.statements)
    assert parsed_or_raised(raw) == reference_parse(raw)


def test_the_same_key_under_two_operators_is_two_conditions():
    raw = {"Statement": statement(Condition={"StringEquals": {"aws:SourceAccount": "123456789012"},
                                             "StringLike": {"AWS:SOURCEACCOUNT": "1234*"}})}
    parsed = parse_document(raw)
    assert not parsed.malformed
    assert [(c.operator, c.key) for c in parsed.statements[0].conditions] == [
        ("StringEquals", "aws:sourceaccount"), ("StringLike", "aws:sourceaccount")]
    assert documents._parse_plain_statement(0, raw["Statement"]) is not None


def test_statements_built_for_the_plain_path_are_ordinary_statements():
    fields = (7, "S7", "Allow", ("s3:GetObject",), True, None, False, (Principal("*", "*"),), True,
              (Condition("Bool", "aws:securetransport", ("true",)),))
    built = documents._new_statement(*fields)
    usual = Statement(StatementRef(*fields[:2]), *fields[2:])
    assert (built, hash(built), repr(built), list(vars(built).items())) == (
        usual, hash(usual), repr(usual), list(vars(usual).items()))
    assert (built.ref, hash(built.ref), vars(built.ref)) == (usual.ref, hash(usual.ref), vars(usual.ref))
    assert pickle.loads(pickle.dumps(built)) == usual
    assert dataclasses.replace(built, effect="Deny") == dataclasses.replace(usual, effect="Deny")
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.effect = "Deny"
    # Building skips __init__, so a __post_init__ added later would silently not run.
    assert not hasattr(Statement, "__post_init__") and not hasattr(StatementRef, "__post_init__")


def test_conditions_built_for_the_plain_path_are_ordinary_conditions():
    fields = ("StringEquals", "aws:sourceaccount", ("123456789012",))
    built, usual = documents._new_condition(*fields), Condition(*fields)
    assert (built, hash(built), repr(built), list(vars(built).items())) == (
        usual, hash(usual), repr(usual), list(vars(usual).items()))
    assert (built.base_operator, built.set_qualifier) == (usual.base_operator, usual.set_qualifier)
    assert pickle.loads(pickle.dumps(built)) == usual
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.key = "aws:sourcearn"
    assert not hasattr(Condition, "__post_init__")


@pytest.mark.parametrize("text", [
    '\ufeff{"Statement": []}', '{"Statement": []} x', "", "   ", "{", '{"a": 1,}', "[1, 2", '"\\x"', "{'a': 1}",
])
def test_the_reused_decoder_reports_invalid_json_in_the_words_of_json_loads(text):
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(text)
    assert parse_document(text).problems[0].message == f"the document is not valid JSON ({error.value})"


# The text screen the stack policy uses to skip documents: it may say "maybe" too often, never "no" wrongly.

RISKY_PATTERNS = (
    "sagemaker:CreateModel", "SageMaker:List*", "SAGEMAKER:*", "*", "*:*", "s*:*", "sage?aker:*",
    "*maker:Invoke*", "?", "s?:*", "*e*",
)
# Service parts without a wildcard, some of them near SageMaker's.
PLAIN_PATTERNS = (
    "s3:GetObject", "s3:*", "ec2:Describe*", "iam:PassRole", "logs:*", "sts:AssumeRole", "ecr:Get*",
    "kms:Decrypt", "agemaker:*", "sagemake:List*", "sagemakr:*", "aws-marketplace:View*",
)
SCREEN_RESOURCES = (
    "arn:aws:s3:::bucket/*", "arn:aws:sagemaker:us-west-2:123456789012:endpoint/*", "arn:aws:*:*", "arn:*:s3:::b?",
    "*",
)


@st.composite
def screened_documents(draw) -> str:
    """Documents of plain patterns, of mixed ones, or of plain ones but one that names SageMaker (or
    is a NotAction), that one perhaps with a character spelled as a JSON escape, as a hand-written
    document may, so that the text no longer shows it."""
    mode = draw(st.sampled_from(["plain", "mixed", "one-risky"]))
    generated = st.from_regex(r"[a-z0-9-]{1,10}:[A-Za-z*?]{0,8}", fullmatch=True)
    plain = st.one_of(st.sampled_from(PLAIN_PATTERNS), generated)
    risky = st.one_of(st.sampled_from(RISKY_PATTERNS), st.text(alphabet="abcegikmrs*?:", min_size=1, max_size=12))

    def statement():
        element = draw(st.sampled_from(["Action", "Action", "Action", "NotAction", "notAction", "Actions"]))
        actions = draw(st.lists(st.one_of(plain, risky) if mode == "mixed" else plain, min_size=1, max_size=3))
        condition = draw(st.sampled_from([{}, {"Condition": {"StringLike": {"aws:userid": "AID*:x?"}}}]))
        resources = SCREEN_RESOURCES if mode == "mixed" else SCREEN_RESOURCES[:1]
        return {"Effect": draw(st.sampled_from(["Allow", "Deny"])), element: actions,
                "Resource": draw(st.sampled_from(resources)), **condition}

    statements = [statement() for _ in range(draw(st.integers(1, 3)))]
    if mode != "one-risky":
        return json.dumps({"Version": "2012-10-17", "Statement": statements})
    first = statements[0]
    element = next(key for key in first if key not in ("Effect", "Resource", "Condition"))
    odd = draw(st.sampled_from([*RISKY_PATTERNS, "NotAction"]))
    if odd == "NotAction":
        first["@ODD@"] = first.pop(element)
    else:
        first[element] = ["@ODD@", *first[element]]
    # Escaping a wildcard, or a letter of the word that shows the element or service, hides it.
    telling = [index for index, character in enumerate(odd) if character in "*?" or character.isalpha()]
    if telling and draw(st.integers(0, 2)):
        position = draw(st.sampled_from(telling))
        odd = odd[:position] + f"\\u{ord(odd[position]):04x}" + odd[position + 1:]
    return json.dumps({"Version": "2012-10-17", "Statement": statements}).replace("@ODD@", odd, 1)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(screened_documents())
def test_a_document_the_text_screen_rules_out_names_no_action_of_the_service(text):
    from policies.iam.catalog import get_catalog

    catalog = get_catalog()
    if documents.may_name_actions_of(text, "sagemaker"):
        return
    for statement in parse_document(text).statements:
        assert not statement.action_element.granted_in(catalog, "sagemaker"), (text, statement.actions)


def test_the_text_screen_rules_out_documents_without_sagemaker_or_service_wildcards():
    screen = documents.may_name_actions_of
    plain = json.dumps({"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]})
    assert not screen(plain, "sagemaker")
    assert screen(plain.replace("s3:GetObject", "SageMaker:ListModels"), "sagemaker")
    assert screen(plain.replace("s3:GetObject", "s*:GetObject"), "sagemaker")
    assert screen(plain.replace('"Action"', '"NotAction"'), "sagemaker")
    assert screen(plain.replace("s3:GetObject", "\\u0073agemaker:ListModels"), "sagemaker")
    assert screen(plain.replace("arn:aws:s3:::b/*", "*"), "sagemaker")  # "*" could be an action: maybe
