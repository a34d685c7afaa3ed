"""Equivalences and monotonicity over generated valid documents, through the protocol.

A verdict (the set of policies with a mandatory finding) on a production stack and on a
development stack must not change when a document is rewritten into something IAM reads the same
way, and must only grow when a document grants more.

Where the issue's wording is wider than IAM's semantics, the tests follow IAM:
- "an unrelated statement is added (a Deny, ...)": a Deny is not unrelated to rule 2 when it is an
  unconditioned Deny of all of SageMaker on "*": that cancels a SageMaker grant (IAM: an explicit
  Deny wins, and the pack honours it by design). Adding *that* Deny may turn a deny into an allow,
  and rightly so. The unrelated Denies here are every other kind.
- "an Allow on an action no rule reads": rule 3 reads every Allow's resources, so the unrelated
  Allow is itself scoped (strategies.UNRELATED_PERMISSION_STATEMENTS says how, per rule).
"""

import json

from hypothesis import assume, given
from hypothesis import strategies as st

from .protocol import hardening, verdicts
from .strategies import (
    UNRELATED_PERMISSION_STATEMENTS,
    UNRELATED_TRUST_STATEMENTS,
    permission_statements,
    placed_documents,
    recase,
    statements_of,
    toggle_shapes,
    trust_statements,
    with_secret_somewhere,
    with_statements,
)

EXAMPLES = 40


def serialized(document, as_text: bool):
    return json.dumps(document) if as_text else document


def judged(pack, case, document, as_text: bool = False):
    _, resource_type, place, _ = case
    return verdicts(pack, resource_type, place(serialized(document, as_text)))


def assert_same(pack, case, changed, *, as_text: bool = False, changed_as_text: bool | None = None):
    document = case[3]
    before = judged(pack, case, document, as_text)
    after = judged(pack, case, changed, as_text if changed_as_text is None else changed_as_text)
    assert after == before, f"verdict changed from {before} to {after}\nbefore: {document}\nafter: {changed}"


def assert_grows(pack, case, changed, *, as_text: bool = False):
    document = case[3]
    before = judged(pack, case, document, as_text)
    after = judged(pack, case, changed, as_text)
    for stack, policies in before.items():
        assert policies <= after[stack], (
            f"on {stack} the verdict lost {set(policies - after[stack])}\nbefore: {document}\nafter: {changed}"
        )


# --- Equivalences -------------------------------------------------------------------------------


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents())
def test_json_text_and_object_forms_get_the_same_verdict(policy_pack, case):
    assert_same(policy_pack, case, case[3], as_text=False, changed_as_text=True)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), rnd=st.randoms(use_true_random=False), as_text=st.booleans())
def test_scalars_and_one_element_lists_get_the_same_verdict(policy_pack, case, rnd, as_text):
    """Action, NotAction, Resource, NotResource, principal values, condition values and Statement."""
    changed = toggle_shapes(case[3], rnd)
    assume(changed != case[3])
    assert_same(policy_pack, case, changed, as_text=as_text)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), rnd=st.randoms(use_true_random=False), as_text=st.booleans())
def test_statement_order_does_not_change_the_verdict(policy_pack, case, rnd, as_text):
    statements = statements_of(case[3])
    assume(len(statements) > 1)
    shuffled = list(statements)
    rnd.shuffle(shuffled)
    assert_same(policy_pack, case, with_statements(case[3], shuffled), as_text=as_text)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), rnd=st.randoms(use_true_random=False), as_text=st.booleans())
def test_letter_case_of_actions_and_condition_keys_does_not_change_the_verdict(policy_pack, case, rnd, as_text):
    assert_same(policy_pack, case, recase(case[3], rnd), as_text=as_text)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), data=st.data(), as_text=st.booleans())
def test_an_unrelated_statement_does_not_change_the_verdict(policy_pack, case, data, as_text):
    pool = UNRELATED_TRUST_STATEMENTS if case[0] == "trust" else UNRELATED_PERMISSION_STATEMENTS
    extra = data.draw(st.sampled_from(pool), label="unrelated statement")
    statements = statements_of(case[3])
    position = data.draw(st.integers(min_value=0, max_value=len(statements)), label="position")
    changed = with_statements(case[3], statements[:position] + [extra] + statements[position:])
    assert_same(policy_pack, case, changed, as_text=as_text)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), data=st.data())
def test_secret_wrapping_does_not_change_the_verdict(policy_pack, case, data):
    """The engine marks secrets inside property values; the pack must read through the marker."""
    assert_same(policy_pack, case, data.draw(with_secret_somewhere(case[3]), label="with a secret"))


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), rnd=st.randoms(use_true_random=False))
def test_all_rewrites_together_do_not_change_the_verdict(policy_pack, case, rnd):
    changed = recase(toggle_shapes(case[3], rnd), rnd)
    statements = statements_of(changed)
    rnd.shuffle(statements)
    changed = with_statements(changed, statements)
    assert_same(policy_pack, case, changed, as_text=rnd.random() < 0.5, changed_as_text=rnd.random() < 0.5)


# --- Monotonicity -------------------------------------------------------------------------------


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(), data=st.data(), as_text=st.booleans())
def test_adding_an_allow_statement_never_turns_a_deny_into_an_allow(policy_pack, case, data, as_text):
    statement = data.draw(
        trust_statements(effect="Allow") if case[0] == "trust" else permission_statements(effect="Allow"),
        label="added Allow",
    )
    statements = statements_of(case[3])
    position = data.draw(st.integers(min_value=0, max_value=len(statements)), label="position")
    assert_grows(policy_pack, case, with_statements(case[3], statements[:position] + [statement] +
                                                    statements[position:]), as_text=as_text)


@hardening(max_examples=EXAMPLES)
@given(case=placed_documents(kinds=("trust",)), data=st.data(), as_text=st.booleans())
def test_removing_a_trust_condition_never_turns_a_deny_into_an_allow(policy_pack, case, data, as_text):
    statements = statements_of(case[3])
    conditioned = [index for index, statement in enumerate(statements) if statement.get("Condition")]
    assume(conditioned)
    index = data.draw(st.sampled_from(conditioned), label="statement")
    condition = statements[index]["Condition"]
    entries = [(operator, key) for operator, block in condition.items() for key in block]
    operator, key = data.draw(st.sampled_from(entries), label="condition removed")
    remaining = {op: {k: v for k, v in block.items() if (op, k) != (operator, key)} for op, block in condition.items()}
    remaining = {op: block for op, block in remaining.items() if block}
    statement = {name: value for name, value in statements[index].items() if name != "Condition"}
    if remaining or data.draw(st.booleans(), label="keep an empty Condition"):
        statement["Condition"] = remaining
    changed = with_statements(case[3], statements[:index] + [statement] + statements[index + 1:])
    assert_grows(policy_pack, case, changed, as_text=as_text)
