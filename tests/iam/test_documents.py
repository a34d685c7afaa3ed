import json

from policies.iam.documents import MAX_STATEMENTS, parse_document
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
