"""values_at: the values along a property path, read without copying the rest of the properties."""

from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_policy.proxy import UNKNOWN_OBJECT_VALUE, UNKNOWN_STRING_VALUE, unknown_checking_proxy

from policies.iam.values import UNKNOWN, plain, values_at

STEPS = (
    (("assumeRolePolicy", False),),
    (("inlinePolicies", True), ("policy", False)),
    (("managedPolicyArns", True),),
    (("policies", True), ("policyDocument", False)),
)
NAMES = ("assumeRolePolicy", "inlinePolicies", "policy", "managedPolicyArns", "policies", "policyDocument", "x")

leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(["{}", "", "arn:aws:iam::aws:policy/X"]),
    st.sampled_from([UNKNOWN_STRING_VALUE, UNKNOWN_OBJECT_VALUE]),
)
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.sampled_from(NAMES), children, max_size=4)
    ),
    max_leaves=12,
)


def walk_plain(value, steps, prefix=""):
    """The reference: copy everything with `plain`, then walk the copy."""
    if not steps:
        yield prefix, value
        return
    (name, is_list), rest = steps[0], steps[1:]
    if not isinstance(value, dict):
        if value is UNKNOWN:
            yield (f"{prefix}.{name}" if prefix else name), UNKNOWN
        elif prefix and value is not None:
            yield prefix, value  # not the object the path needs: handed on as it stands
        return
    child = value.get(name)
    here = f"{prefix}.{name}" if prefix else name
    if child is None:
        return
    if not is_list:
        yield from walk_plain(child, rest, here)
    elif isinstance(child, list):
        for index, item in enumerate(child):
            yield from walk_plain(item, rest, f"{here}[{index}]")
    else:
        yield here, child


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), trees, max_size=5), st.sampled_from(STEPS), st.booleans())
def test_values_at_agrees_with_walking_a_plain_copy(props, steps, markers_are_unknown):
    expected = list(walk_plain(plain(props, markers_are_unknown), steps))
    assert values_at(props, steps, markers_are_unknown) == expected
    assert values_at(unknown_checking_proxy(props), steps, markers_are_unknown) == expected


def test_an_unknown_list_or_object_is_reported_where_it_stands():
    props = {"inlinePolicies": UNKNOWN_OBJECT_VALUE, "policies": [UNKNOWN_OBJECT_VALUE, {"policyDocument": "{}"}]}
    assert values_at(props, STEPS[1]) == [("inlinePolicies", UNKNOWN)]
    assert values_at(props, STEPS[3]) == [("policies[0].policyDocument", UNKNOWN), ("policies[1].policyDocument", "{}")]
    # During an update the sentinel is text the program wrote, handed over as it stands.
    assert values_at(props, STEPS[1], markers_are_unknown=False) == [("inlinePolicies", UNKNOWN_OBJECT_VALUE)]
