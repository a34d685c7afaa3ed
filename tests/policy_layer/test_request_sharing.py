"""What lets the pack do a request's common work once: remembered calls, the SDK sharing, and
the memos of settings and documents built on them."""

import threading
import types

from google.protobuf import json_format, struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy
from pulumi_policy import policy as sdk_policy
from pulumi_policy.proxy import unknown_checking_proxy

from policies import analyze_calls
from policies.document_sources import resource_documents
from policies.recent_calls import remember_recent_calls
from policies.sdk_sharing import share_request_properties
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


def fake_sdk(**overrides):
    names = {"json_format": json_format, "deserialize_properties": lambda props, secrets=False: dict(props),
             "unknown_checking_proxy": unknown_checking_proxy}
    return types.SimpleNamespace(**{**names, **overrides})


def test_the_sdk_conversions_return_one_shared_result_per_message():
    sdk = fake_sdk()
    assert share_request_properties(sdk)
    message = struct_pb2.Struct()
    message.update({"policy": "{}", "tags": {"a": "b"}})
    first = sdk.unknown_checking_proxy(sdk.deserialize_properties(sdk.json_format.MessageToDict(message)))
    again = sdk.unknown_checking_proxy(sdk.deserialize_properties(sdk.json_format.MessageToDict(message)))
    assert again is first
    assert dict(first) == {"policy": "{}", "tags": first["tags"]} and dict(first["tags"]) == {"a": "b"}
    # Everyone else keeps protobuf's own json_format.
    assert json_format.MessageToDict is not sdk.json_format.MessageToDict
    assert share_request_properties(sdk)  # a second install is a no-op


def test_an_sdk_without_the_expected_names_is_left_alone():
    sdk = fake_sdk()
    del sdk.unknown_checking_proxy
    assert not share_request_properties(sdk)
    assert sdk.json_format is json_format
    other = fake_sdk(json_format=types.SimpleNamespace(MessageToDict=json_format.MessageToDict))
    assert not share_request_properties(other)
    assert other.deserialize_properties.__name__ == "<lambda>"


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


def test_importing_the_policies_installs_the_sharing_into_the_real_sdk():
    # __main__.py imports `policies` (as this module does); without the sharing the pack silently
    # runs at the SDK's own speed.
    assert getattr(sdk_policy, "_guardrails_sharing", False)
    assert sdk_policy.json_format is not json_format
    assert sdk_policy.unknown_checking_proxy is not unknown_checking_proxy



def analyze_request(protect: bool, region: str):
    # A type the pack's policies read: for others its Analyze answers before any policy runs (analyze_shortcut).
    urn = "urn:pulumi:dev::p::aws:iam/policy:Policy::b"
    request = proto.AnalyzeRequest(type="aws:iam/policy:Policy", name="b", urn=urn)
    request.properties.update({"name": "b"})
    request.options.protect = protect
    request.provider.type = "pulumi:providers:aws"
    request.provider.urn = "urn:pulumi:dev::p::pulumi:providers:aws::default"
    request.provider.properties.update({"region": region})
    return request


def test_the_policies_of_one_call_share_its_options_and_provider_and_the_next_call_reads_its_own():
    seen = []
    policies = [
        ResourceValidationPolicy(name=f"p{i}", description="d", validate=lambda args, _: seen.append(args))
        for i in range(3)
    ]
    servicer = sdk_policy._PolicyAnalyzerServicer("pack", "0.0.1", policies, EnforcementLevel.MANDATORY, None)
    servicer.Analyze(analyze_request(True, "us-west-2"), None)
    servicer.Analyze(analyze_request(False, "eu-west-1"), None)
    first, second = seen[:3], seen[3:]
    assert all(args.opts is first[0].opts and args.provider is first[0].provider for args in first)
    assert first[0].opts.protect and first[0].provider.props["region"] == "us-west-2"
    assert not second[0].opts.protect and second[0].provider.props["region"] == "eu-west-1"
    # Nothing of a request is held once its call is over.
    assert analyze_calls._local.request is None and analyze_calls._local.answers is None


def test_a_reading_outside_an_analyze_call_is_the_sdks_own():
    policy = ResourceValidationPolicy(name="p", description="d", validate=lambda args, _: None)
    servicer = sdk_policy._PolicyAnalyzerServicer("pack", "0.0.1", [policy], EnforcementLevel.MANDATORY, None)
    request = analyze_request(True, "us-west-2")
    assert servicer._get_resource_options(request) is not servicer._get_resource_options(request)
    assert servicer._get_resource_options(request).protect


def test_only_an_awaitable_result_is_awaited():
    async def later():
        return None

    coroutine = later()
    assert sdk_policy.isawaitable(coroutine)
    coroutine.close()
    assert not sdk_policy.isawaitable(None)


def test_each_analyze_call_has_its_own_number_and_none_is_left_after_it():
    seen = []
    policy = ResourceValidationPolicy(name="p", description="d",
                                      validate=lambda args, _: seen.append(analyze_calls.current_call()))
    servicer = sdk_policy._PolicyAnalyzerServicer("pack", "0.0.1", [policy], EnforcementLevel.MANDATORY, None)
    request = analyze_request(True, "us-west-2")
    servicer.Analyze(request, None)
    servicer.Analyze(request, None)
    assert None not in seen and seen[0] != seen[1]
    assert analyze_calls.current_call() is None
    assert analyze_calls.number_analyze_calls()  # installed once, when `policies` was imported
