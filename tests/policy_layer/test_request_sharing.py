"""What lets the pack do a request's common work once: remembered calls, and the memos of
settings and documents built on them (the shared conversion itself: test_analyze_loop.py)."""

import threading

from pulumi_policy.proxy import unknown_checking_proxy

from policies.document_sources import resource_documents
from policies.recent_calls import remember_recent_calls
from policies.settings import read_settings


def counting(function):
    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return counted, calls


def test_a_repeat_with_the_same_object_is_answered_from_memory():
    function, calls = counting(lambda value, flag=False: [value, flag])
    remembered = remember_recent_calls(function)
    argument = {"a": 1}
    first = remembered(argument)
    assert remembered(argument) is first
    assert len(calls) == 1


def test_an_equal_but_distinct_object_or_other_flags_are_computed_afresh():
    function, calls = counting(lambda value, flag=False: [value, flag])
    remembered = remember_recent_calls(function)
    remembered({"a": 1})
    remembered({"a": 1})
    argument = {"b": 2}
    assert remembered(argument) == [argument, False]
    assert remembered(argument, True) == [argument, True]
    assert remembered(argument, flag=True) == [argument, True]  # keywords are never remembered
    assert len(calls) == 5


def test_only_the_last_few_calls_are_remembered():
    function, calls = counting(lambda value: object())
    remembered = remember_recent_calls(function, size=2)
    first, second, third = [1], [2], [3]
    for argument in (first, second, third, third, second):
        remembered(argument)
    assert len(calls) == 3
    remembered(first)
    assert len(calls) == 4


def test_each_thread_has_its_own_memory():
    function, calls = counting(lambda value: object())
    remembered = remember_recent_calls(function)
    argument = [1]
    remembered(argument)
    thread = threading.Thread(target=remembered, args=(argument,))
    thread.start()
    thread.join()
    assert len(calls) == 2


def test_settings_are_read_once_per_config_text_and_still_follow_config_changes():
    config = {"strictPreview": True, "exemptions": []}
    assert read_settings(config) is read_settings(dict(config))
    assert read_settings(config).strict_preview
    assert not read_settings({**config, "strictPreview": False}).strict_preview
    # 1 and True are different JSON, and must not share a reading.
    assert read_settings({"strictPreview": 1}).problems
    assert not read_settings({"strictPreview": True}).problems


def test_settings_found_by_the_identity_of_the_config_values_follow_a_new_configure():
    patterns = ["prod"]
    config = {"productionStackPatterns": patterns, "strictPreview": False}
    first = read_settings(config)
    assert read_settings(dict(config)) is first  # the SDK's shallow copy: same value objects
    assert read_settings({"productionStackPatterns": ["live"], "strictPreview": False}).production_patterns == ("live",)
    assert read_settings({"strictPreview": False, "productionStackPatterns": patterns}).production_patterns == ("prod",)
    assert read_settings(config) is first


ROLE = "aws:iam/role:Role"


def test_policies_reading_one_shared_proxy_get_one_shared_set_of_documents():
    props = unknown_checking_proxy({"assumeRolePolicy": '{"Statement": []}'})
    first = resource_documents(ROLE, props)
    assert resource_documents(ROLE, props) is first
    assert first.sources[0].document() is resource_documents(ROLE, props).sources[0].document()


def test_a_plain_dict_is_read_afresh_because_it_can_change():
    props = {"assumeRolePolicy": '{"Statement": []}'}
    first = resource_documents(ROLE, props)
    props["assumeRolePolicy"] = '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'
    second = resource_documents(ROLE, props)
    assert second.sources[0].raw != first.sources[0].raw
    assert second.fingerprint != first.fingerprint
