"""Caches keep short keys and compute long (hostile) ones afresh."""

from policies.iam.bounded_cache import cached_when


def test_kept_inputs_are_computed_once_and_others_every_time():
    calls = []

    @cached_when(lambda text: len(text) <= 3, maxsize=8)
    def shout(text):
        calls.append(text)
        return text.upper()

    assert [shout("abc"), shout("abc"), shout("abcd"), shout("abcd")] == ["ABC", "ABC", "ABCD", "ABCD"]
    assert calls == ["abc", "abcd", "abcd"]
    assert shout.__name__ == "shout"
