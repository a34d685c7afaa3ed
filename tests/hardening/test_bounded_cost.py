"""Bounded cost: big documents get a verdict, and past the pack's limits the verdict blocks.

The limits live in policies/iam/documents.py: MAX_DOCUMENT_CHARACTERS (of JSON text; an object
is measured as its JSON text) and MAX_STATEMENTS. At a limit the document is judged on its
content; one past it, every rule that reads it reports a mandatory finding naming the limit. IAM
itself accepts far less (6,144 characters for a managed policy, 10,240 for a role's inline
policies), so nothing deployable is near them.

No test here measures time. A call is bounded by its client's gRPC timeout: the session pack's
(120 s) for documents the pack is expected to handle, and a tighter one (HOSTILE_CALL_TIMEOUT) on
a throw-away pack process for documents built to be expensive, so that a regression fails in
seconds instead of keeping the shared pack busy for the rest of the session.
"""

import json

import pytest

from policies.iam.documents import MAX_DOCUMENT_CHARACTERS, MAX_STATEMENTS
from stackcheck.analyzer import AnalyzerClient

from .protocol import PROJECT, SAGEMAKER, SCOPED, TRUST, judge, messages, verdict, verdicts
from .strategies import ACCOUNT, ENDPOINT_ARN, OTHER_ACCOUNT, REGION

POLICY = "aws:iam/policy:Policy"
ROLE = "aws:iam/role:Role"
SAGEMAKER_STAR = {"Sid": "Broad", "Effect": "Allow", "Action": "sagemaker:*", "Resource": ENDPOINT_ARN}
UNPINNED_TRUST = {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": OTHER_ACCOUNT}, "Action": "sts:AssumeRole"}
# A legitimate document of any size is judged in a second or two, and a document past the work
# budget in about a second per policy (three policies read a permission document). A call that
# needs this long, several times that on a slow CI machine, is a cost the pack does not bound.
HOSTILE_CALL_TIMEOUT = 30.0


def compact(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, separators=(",", ":"))


def scoped_read(index: int) -> dict:
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::models/run-{index}/model.tar.gz"}


def pinned_trust(index: int) -> dict:
    return {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}, "ArnLike": {
                "aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/run-{index}"}}}


def limit_messages(result, phrase: str) -> set[str]:
    return {d.policy_name for d in result.mandatory if phrase in d.message}


# --- Big documents the pack must judge on their content -------------------------------------


def test_a_five_megabyte_permission_document_gets_a_verdict(policy_pack):
    # 6,000 S3 object ARNs with 900-character keys (S3 allows 1,024 bytes), then a broad grant.
    arns = [f"arn:aws:s3:::models/{'k' * 900}-{index:05d}" for index in range(6_000)]
    document = compact({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": arns},
                       SAGEMAKER_STAR)
    assert len(document) >= 5 * 1024 * 1024
    assert verdicts(policy_pack, POLICY, {"policy": document}) == {"prod": {SAGEMAKER}, "dev": frozenset()}


def test_a_five_megabyte_trust_document_gets_a_verdict(policy_pack):
    padded = {**pinned_trust(0), "Sid": "x" * (5 * 1024 * 1024)}
    document = compact(padded, UNPINNED_TRUST)
    assert len(document) >= 5 * 1024 * 1024
    result = judge(policy_pack, ROLE, {"assumeRolePolicy": document})
    assert verdict(result) == {TRUST}
    assert all('Sid "Open"' in d.message for d in result.mandatory), messages(result)


def test_ten_thousand_statements_get_a_verdict(policy_pack):
    compliant = [scoped_read(index) for index in range(10_000)]
    assert verdicts(policy_pack, POLICY, {"policy": compact(*compliant)}) == {"prod": frozenset(), "dev": frozenset()}
    with_broad_grant = compliant[:-1] + [SAGEMAKER_STAR]
    assert verdicts(policy_pack, POLICY, {"policy": compact(*with_broad_grant)}) == {
        "prod": {SAGEMAKER}, "dev": frozenset()}
    trust = [pinned_trust(index) for index in range(9_999)] + [UNPINNED_TRUST]
    result = judge(policy_pack, ROLE, {"assumeRolePolicy": compact(*trust)})
    assert verdict(result) == {TRUST}
    assert "Statement[9999]" in result.mandatory[0].message


# --- The statement limit ---------------------------------------------------------------------


def test_a_document_at_the_statement_limit_is_judged_on_its_content(policy_pack):
    cheap_deny = {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
    document = compact(*([cheap_deny] * (MAX_STATEMENTS - 1) + [SAGEMAKER_STAR]))
    result = judge(policy_pack, POLICY, {"policy": document})
    assert verdict(result) == {SAGEMAKER}
    assert not limit_messages(result, "statements, over the"), messages(result)


@pytest.mark.parametrize("form", ["text", "object"])
def test_one_statement_past_the_limit_is_a_mandatory_finding(policy_pack, form):
    statements = [scoped_read(0)] * (MAX_STATEMENTS + 1)
    document = compact(*statements) if form == "text" else {"Statement": statements}
    for stack in ("prod", "dev"):
        result = judge(policy_pack, POLICY, {"policy": document}, stack=stack)
        expected = {SAGEMAKER, SCOPED} if stack == "prod" else {SCOPED}
        assert verdict(result) == expected
        assert limit_messages(result, f"over the {MAX_STATEMENTS:,} this pack evaluates") == expected


def test_a_trust_document_past_the_statement_limit_is_a_mandatory_finding(policy_pack):
    document = compact(*([pinned_trust(0)] * (MAX_STATEMENTS + 1)))
    result = judge(policy_pack, ROLE, {"assumeRolePolicy": document})
    assert verdict(result) == {TRUST}
    assert limit_messages(result, "statements, over the") == {TRUST}


# --- The character limit ---------------------------------------------------------------------


def padded_to(document: str, length: int) -> str:
    """`document` followed by JSON whitespace, `length` characters in all."""
    assert len(document) <= length
    return document + " " * (length - len(document))


@pytest.mark.parametrize("content", ["compliant", "broad"])
def test_a_document_at_the_character_limit_is_judged_on_its_content(policy_pack, content):
    statement = scoped_read(0) if content == "compliant" else SAGEMAKER_STAR
    document = padded_to(compact(statement), MAX_DOCUMENT_CHARACTERS)
    result = judge(policy_pack, POLICY, {"policy": document})
    assert verdict(result) == (frozenset() if content == "compliant" else {SAGEMAKER}), messages(result)


def test_one_character_past_the_limit_is_a_mandatory_finding(policy_pack):
    document = padded_to(compact(scoped_read(0)), MAX_DOCUMENT_CHARACTERS + 1)
    for stack in ("prod", "dev"):
        result = judge(policy_pack, POLICY, {"policy": document}, stack=stack)
        expected = {SAGEMAKER, SCOPED} if stack == "prod" else {SCOPED}
        assert verdict(result) == expected
        assert limit_messages(result, f"over the {MAX_DOCUMENT_CHARACTERS:,} this pack evaluates") == expected
    trust = padded_to(compact(pinned_trust(0)), MAX_DOCUMENT_CHARACTERS + 1)
    result = judge(policy_pack, ROLE, {"assumeRolePolicy": trust})
    assert verdict(result) == {TRUST}
    assert limit_messages(result, "characters long") == {TRUST}


def test_an_object_document_past_the_character_limit_is_a_mandatory_finding(policy_pack):
    """An object has no text of its own; it is measured as JSON, so it cannot slip past the limit."""
    statement = {**scoped_read(0), "Sid": "x" * MAX_DOCUMENT_CHARACTERS}
    result = judge(policy_pack, POLICY, {"policy": {"Statement": statement}})
    assert verdict(result) == {SAGEMAKER, SCOPED}
    assert limit_messages(result, "characters long") == {SAGEMAKER, SCOPED}


# --- Documents built to be expensive ----------------------------------------------------------


@pytest.fixture
def throwaway_pack(policy_pack_dir):
    """A pack process of its own, with a tight call timeout, closed (killed) after the test."""
    client = AnalyzerClient.start(policy_pack_dir, call_timeout=HOSTILE_CALL_TIMEOUT)
    try:
        client.configure(None)
        client.configure_stack("prod", PROJECT)
        yield client
    finally:
        client.close()


def no_match_patterns(count: int) -> list[str]:
    """Distinct action patterns that start with a wildcard and match no action in the catalog."""
    return [f"*q{index}z*" for index in range(count)]


def test_ten_thousand_statements_of_distinct_wildcard_patterns_get_a_verdict(throwaway_pack):
    statements = [{"Effect": "Allow", "Action": pattern, "Resource": "arn:aws:s3:::models/key"}
                  for pattern in no_match_patterns(9_999)] + [SAGEMAKER_STAR]
    result = judge(throwaway_pack, POLICY, {"policy": compact(*statements)})
    assert SAGEMAKER in verdict(result), messages(result)


def test_a_managed_policy_of_iam_size_full_of_wildcard_patterns_gets_a_verdict(throwaway_pack):
    """6,144 characters is the most IAM accepts for a managed policy: this one is deployable."""
    patterns = no_match_patterns(600)
    document = compact({"Effect": "Allow", "Action": patterns, "Resource": "arn:aws:s3:::models/key"}, SAGEMAKER_STAR)
    assert len(document) <= 6_144
    result = judge(throwaway_pack, POLICY, {"policy": document})
    assert SAGEMAKER in verdict(result), messages(result)


def test_inline_policies_of_iam_size_full_of_wildcard_arns_get_a_verdict(throwaway_pack):
    """10,240 characters is the most IAM accepts for a role's inline policies: this is deployable."""
    arns = [f"arn:aws:*:{REGION}:{ACCOUNT}:" + f"*{letter}" * 900 + "?z" for letter in "abcde"]
    document = compact({"Effect": "Allow", "Action": "s3:GetObject", "Resource": arns}, SAGEMAKER_STAR)
    assert len(document) <= 10_240
    result = judge(throwaway_pack, ROLE, {"inlinePolicies": [{"name": "inline", "policy": document}]})
    assert SAGEMAKER in verdict(result), messages(result)


def test_a_long_run_of_stars_as_an_action_gets_a_verdict(throwaway_pack):
    """A million "*" in a row mean what one "*" means; the document is 1 MB, well under the limit."""
    document = compact({"Effect": "Allow", "Action": "*" * 1_000_000, "Resource": ENDPOINT_ARN})
    assert len(document) < MAX_DOCUMENT_CHARACTERS
    result = judge(throwaway_pack, POLICY, {"policy": document})
    assert SAGEMAKER in verdict(result), messages(result)


def test_past_the_work_budget_the_pack_blocks_instead_of_guessing(throwaway_pack):
    """Patterns whose literal pieces are too short to look up are compared with every action in the
    catalog; a few hundred of them exhaust a policy's work budget (policies/iam/work_budget.py)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    patterns = [f"*{first}?{second}*" for first in letters for second in letters]
    document = compact({"Effect": "Allow", "Action": patterns, "Resource": "arn:aws:s3:::models/key"})
    for stack in ("prod", "dev"):
        result = judge(throwaway_pack, POLICY, {"policy": document}, stack=stack)
        blocked = limit_messages(result, "pattern comparisons")
        assert blocked == {SAGEMAKER, SCOPED}, messages(result)


def test_findings_made_before_the_budget_runs_out_are_still_reported(throwaway_pack):
    """The ARN's own findings come before the costly check of its type against the actions: when
    that check runs out of budget, the production region/account finding must not be lost with it."""
    letters = "abcdefghijklmnoprstu"
    patterns = [f"*{a}*{b}*{c}*" for a in letters for b in letters for c in letters if a < b < c][:100]
    document = compact({"Effect": "Allow", "Action": patterns, "Resource": "arn:aws:sagemaker:*:*:endpoint/x"})
    result = judge(throwaway_pack, POLICY, {"policy": document})
    scoped = [d.message for d in result.mandatory if d.policy_name == SCOPED]
    assert any("pattern comparisons" in message for message in scoped), messages(result)
    assert any('must name its region and account literally (it has region "*", account "*")' in message
               for message in scoped), messages(result)
