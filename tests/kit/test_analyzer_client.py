"""The protocol client against a real `python -m pulumi.policy` process running the kit pack."""

import json

import pytest

from stackcheck import AnalyzerCallError, AnalyzerClient, PackStartError, RecordedResource, secret, unknown, wire

from .conftest import BROKEN_PACK, KIT_DIR

ROLE = "aws:iam/role:Role"


def _echo(client, properties=None, **kwargs):
    result = client.analyze("kit:test:Echo", properties or {}, **kwargs)
    [diagnostic] = result.by_policy("echo")
    return json.loads(diagnostic.message.split("\n", 1)[1])


def test_analyzer_info_lists_policies_with_levels_schemas_and_metadata(client):
    info = client.info()
    assert info.name == "kit-pack"
    assert info.supports_config
    assert info.policy_names == ["no-bad-role-names", "bucket-tags", "echo", "crash", "stack-checks"]
    role_policy = info.policy("no-bad-role-names")
    assert role_policy.enforcement_level == "mandatory"  # the pack's default level
    assert role_policy.severity == "high"
    assert role_policy.url == "https://example.com/kit/no-bad-role-names"
    assert role_policy.tags == ["iam"]
    assert role_policy.policy_type == "resource"
    assert role_policy.config_schema["properties"]["forbiddenWord"]["default"] == "bad"
    assert info.policy("bucket-tags").enforcement_level == "advisory"
    assert info.policy("stack-checks").policy_type == "stack"
    assert client.manifest["version"] == "2.3.4"


def test_analyze_reports_violations_as_plain_dataclasses(client):
    result = client.analyze(ROLE, {"name": "a-bad-role"}, name="r")
    [diagnostic] = result.diagnostics
    assert diagnostic.policy_name == "no-bad-role-names"
    assert diagnostic.enforcement_level == "mandatory"
    assert diagnostic.severity == "high"
    assert diagnostic.policy_pack_name == "kit-pack"
    assert diagnostic.message == ("Role names must not contain the forbidden word.\n"
                                  "r: role name 'a-bad-role' contains 'bad'.\nFix: Rename the role.")
    assert result.mandatory == [diagnostic] and result.advisory == []
    assert client.analyze(ROLE, {"name": "fine"}).diagnostics == []


def test_properties_secrets_options_and_provider_arrive_as_the_engine_sends_them(client):
    provider = RecordedResource.new("pulumi:providers:aws", "default", {"region": "eu-west-1"})
    seen = _echo(client, {"n": 1, "token": secret("hidden"), "nested": {"list": [1, "x", None, True]}},
                 name="probe", parent="urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
                 options={"protect": True}, provider=provider)
    assert seen["props"] == {"n": 1, "token": "hidden", "nested": {"list": [1, "x", None, True]}}
    assert seen["name"] == "probe"
    assert seen["urn"] == "urn:pulumi:dev::proj::kit:test:Echo::probe"  # stack/project from configure_stack
    assert seen["parent"] == "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"
    assert seen["protect"] is True
    assert seen["provider"] == {"type": "pulumi:providers:aws", "props": {"region": "eu-west-1"}}


def test_unknown_values_make_policies_report_that_they_cannot_run(client):
    result = client.analyze(ROLE, {"name": unknown("string")})
    [diagnostic] = result.diagnostics
    assert diagnostic.enforcement_level == "advisory"
    assert "can't run policy 'no-bad-role-names'" in diagnostic.message and "during preview" in diagnostic.message


def test_configure_levels_properties_and_all(client):
    client.configure({"no-bad-role-names": {"enforcementLevel": "advisory", "forbiddenWord": "evil"}})
    [diagnostic] = client.analyze(ROLE, {"name": "evil-role"}).diagnostics
    assert diagnostic.enforcement_level == "advisory"
    assert client.analyze(ROLE, {"name": "bad-role"}).diagnostics == []

    client.configure({"echo": {"label": "from-config"}})
    assert _echo(client)["config"] == {"label": "from-config"}

    client.configure({"all": "disabled"})
    assert client.analyze(ROLE, {"name": "bad-role"}).diagnostics == []
    assert client.analyze("kit:test:Echo", {}).diagnostics == []


def test_configure_raw_sends_exactly_what_it_is_given(client):
    # No level on the wire means ADVISORY: the raw call does not fill in the pack's default.
    client.configure_raw({"no-bad-role-names": {"forbiddenWord": "odd"}})
    [diagnostic] = client.analyze(ROLE, {"name": "odd-role"}).diagnostics
    assert diagnostic.enforcement_level == "advisory"
    client.configure_raw(wire.proto().ConfigureAnalyzerRequest())
    assert client.analyze(ROLE, {"name": "bad"}).mandatory


def test_configure_stack_sets_tags_and_default_urns(client):
    client.configure_stack("prod", "shop", tags={"owner": "ml"})
    seen = _echo(client, name="probe")
    assert seen["tags"] == {"owner": "ml"}
    assert seen["urn"] == "urn:pulumi:prod::shop::kit:test:Echo::probe"


def test_analyze_stack_sees_outputs_and_reports_urns(client):
    bad = RecordedResource.new(ROLE, "bad", {"name": "bad"}, stack="dev", project="proj",
                               outputs={"name": "bad", "arn": "arn:aws:iam::1:role/bad"})
    good = RecordedResource.new(ROLE, "good", {"name": "good"}, stack="dev", project="proj")
    result = client.analyze_stack([bad, good])
    by_urn = {d.urn: d for d in result.diagnostics}
    assert set(by_urn) == {"", bad.urn}  # "" = the stack itself (no owner tag)
    assert by_urn[bad.urn].message.endswith("arn:aws:iam::1:role/bad is a bad role.\nFix: Delete it.")
    client.configure_stack("dev", "proj", tags={"owner": "me"})
    assert [d.urn for d in client.analyze_stack([bad, good]).diagnostics] == [bad.urn]


def test_raw_requests_and_large_messages(client):
    request = wire.proto().AnalyzeRequest(type=ROLE, name="raw", urn="urn:x", properties=wire.to_struct({
        "name": "bad-raw"}))
    [diagnostic] = client.analyze_request(request).diagnostics
    assert "bad-raw" in diagnostic.message
    # The same answer as the message the engine receives, left unconverted.
    [message] = client.analyze_message(request).diagnostics
    assert (message.policyName, message.message) == (diagnostic.policy_name, diagnostic.message)
    stack_request = wire.proto().AnalyzeStackRequest(resources=[wire.proto().AnalyzerResource(
        type=ROLE, name="raw", urn="urn:x", properties=wire.to_struct({"name": "bad-raw"}))])
    raw_urns = [d.urn for d in client.analyze_stack_message(stack_request).diagnostics]
    assert raw_urns and raw_urns == [d.urn for d in client.analyze_stack_request(stack_request).diagnostics]
    # Echoed back, this response is larger than gRPC's default 4 MB receive limit.
    blob = "x" * (6 * 1024 * 1024)
    assert len(_echo(client, {"blob": blob})["props"]["blob"]) == len(blob)


def test_a_policy_exception_is_a_clear_error_and_the_pack_survives(client):
    with pytest.raises(AnalyzerCallError) as raised:
        client.analyze("kit:test:Crash", {})
    assert raised.value.method == "Analyze"
    assert "policy blew up on purpose" in str(raised.value)
    assert client.alive
    assert client.analyze(ROLE, {"name": "bad"}).mandatory


def test_start_failures_include_the_packs_stderr(tmp_path):
    with pytest.raises(PackStartError, match="cannot import the rules"):
        AnalyzerClient.start(BROKEN_PACK)
    with pytest.raises(PackStartError, match="not a Python policy pack"):
        AnalyzerClient.start(tmp_path)
    silent = tmp_path / "silent"
    silent.mkdir()
    (silent / "__main__.py").write_text("import time\ntime.sleep(30)\n")
    with pytest.raises(PackStartError, match="did not announce a port within 1s"):
        AnalyzerClient.start(silent, startup_timeout=1)


def test_close_stops_the_pack_process():
    with AnalyzerClient.start(KIT_DIR / "packs" / "kit_pack") as own:
        assert own.alive
        process = own.process.process
    assert process.poll() is not None
    assert not own.alive


def test_the_pack_runs_in_the_virtualenv_its_manifest_names(tmp_path):
    import shutil
    import sys

    pack = tmp_path / "pack"
    shutil.copytree(KIT_DIR / "packs" / "kit_pack", pack)
    (pack / "PulumiPolicy.yaml").write_text("runtime:\n  name: python\n  options:\n    virtualenv: env\n")
    # Before the virtualenv exists, the pack runs with this interpreter; then with the virtualenv's.
    with AnalyzerClient.start(pack) as own:
        assert own.process.process.args[0] == sys.executable
    marker = tmp_path / "ran"
    (pack / "env" / "bin").mkdir(parents=True)
    python = pack / "env" / "bin" / "python"
    python.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    with AnalyzerClient.start(pack) as own:
        assert own.process.process.args[0] == str(python)
        assert own.info().policies
    assert marker.exists()
