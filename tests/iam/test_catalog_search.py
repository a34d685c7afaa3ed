"""Catalog-wide pattern search answers exactly what testing every action would, and stays bounded."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.iam.catalog import get_catalog
from policies.iam.wildcards import compile_glob
from policies.iam.work_budget import DocumentTooComplex, budget

catalog = get_catalog()
EVERY_ACTION = [action for service in catalog.service_keys for action in catalog.service(service).actions]


def brute_force(pattern: str) -> dict[str, tuple]:
    glob = compile_glob(pattern, True)
    found: dict[str, list] = {}
    for action in EVERY_ACTION:
        if glob.fullmatch(f"{action.service}:{action.name}"):
            found.setdefault(action.service, []).append(action)
    return {service: tuple(actions) for service, actions in found.items()}


@pytest.mark.parametrize("pattern", ["*GetObject", "s3*:Get*", "*:ListModels", "?3:GetObject", "*q123z*",
                                     "SAGE*:*Endpoint", "*e?n*", "**", "*:*Assume*", "sts:*"])
def test_known_patterns_match_like_brute_force(pattern):
    assert catalog.catalog_names().matching(pattern) == brute_force(pattern)


fragments = st.sampled_from(["get", "put", "list", "sage", "s3", "end", "point", "role", "x", "q", "ob", ":"])
patterns = st.lists(st.one_of(fragments, st.sampled_from(["*", "?"])), min_size=1, max_size=6).map("".join)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(patterns)
def test_generated_patterns_match_like_brute_force(pattern):
    assert catalog.catalog_names().matching(pattern) == brute_force(pattern)


def test_patterns_without_a_three_character_run_spend_a_comparison_per_action():
    with pytest.raises(DocumentTooComplex), budget(len(EVERY_ACTION) * 3):
        for first in "abcd":
            catalog.catalog_names().matching(f"*{first}?z*")


def test_services_granting_and_actions_matching_agree():
    for pattern in ("*GetObject", "sagemaker:Create*", "*", "s?gemaker:*"):
        services = catalog.services_granting(pattern)
        assert services and all(catalog.actions_matching(pattern, service) for service in services)
    assert catalog.services_granting("*q123z*") == ()
    assert catalog.services_granting("x" * 5_000) == ()
