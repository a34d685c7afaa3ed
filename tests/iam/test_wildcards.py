import itertools

from hypothesis import given
from hypothesis import strategies as st

from policies.iam.wildcards import glob_matches, globs_overlap, is_only_wildcards, literal_head

ALPHABET = "ab*?"


def test_star_and_question_mark_follow_iam():
    assert glob_matches("sagemaker:Create*", "sagemaker:CreateModel")
    assert glob_matches("s?gemaker:*", "sagemaker:CreateModel")
    assert not glob_matches("sagemaker:Create?", "sagemaker:CreateModel")
    assert glob_matches("SAGEMAKER:*", "sagemaker:ListModels", ignore_case=True)
    assert not glob_matches("SAGEMAKER:*", "sagemaker:ListModels")


def test_only_wildcards():
    assert is_only_wildcards("*") and is_only_wildcards("?*") and is_only_wildcards("**")
    assert not is_only_wildcards("") and not is_only_wildcards("repo:*")


def _words(max_length):
    for length in range(max_length + 1):
        for letters in itertools.product("ab", repeat=length):
            yield "".join(letters)


@given(st.text(alphabet=ALPHABET, max_size=5), st.text(alphabet=ALPHABET, max_size=5))
def test_overlap_agrees_with_brute_force(left, right):
    # Any witness of an overlap between patterns this short is at most 10 characters long.
    witness = any(glob_matches(left, word) and glob_matches(right, word) for word in _words(10))
    assert globs_overlap(left, right) == witness


def test_overlap_of_arn_patterns():
    assert globs_overlap("arn:aws:s3:::models/*", "arn:*:s3:::*/*")
    assert not globs_overlap("arn:aws:s3:::models", "arn:*:s3:::*/*")


@given(st.text(alphabet="ab*?", max_size=8), st.text(alphabet="ab", max_size=12))
def test_matching_agrees_with_fnmatch(pattern, text):
    import fnmatch

    reference = fnmatch.fnmatchcase(text, pattern.replace("[", "[[]"))
    assert glob_matches(pattern, text) == reference


def test_hostile_patterns_match_in_linear_time():
    # A backtracking regex needs exponential time for this; the scan does not.
    pattern = "*a" * 40 + "b"
    assert not glob_matches(pattern, "a" * 5_000)


def test_literal_head_is_the_text_before_the_first_wildcard():
    assert literal_head("repo:acme/*") == "repo:acme/"
    assert literal_head("a?b*") == "a"
    assert literal_head("*") == ""
    assert literal_head("plain") == "plain"
