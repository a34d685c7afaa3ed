"""SARIF output validates against the committed official SARIF 2.1.0 schema."""

import json

import jsonschema
import pytest

from stackcheck import check_stack
from stackcheck.output import SARIF_SCHEMA_PATH, to_sarif

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SARIF_SCHEMA_PATH.read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def dev_report(kit_pack):
    return check_stack(MINIMAL, "dev", client=kit_pack)


def test_committed_schema_is_the_oasis_sarif_2_1_0_schema(validator):
    schema = validator.schema
    assert schema["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                            "sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert {"run", "result", "toolComponent", "reportingDescriptor", "location"} <= set(schema["definitions"])


def test_sarif_log_is_valid_and_the_schema_is_not_a_rubber_stamp(validator, dev_report):
    log = to_sarif(dev_report, source_root=MINIMAL.parents[3])
    validator.validate(log)
    broken = json.loads(json.dumps(log))
    del broken["runs"][0]["tool"]["driver"]["name"]
    broken["runs"][0]["results"][0]["level"] = "fatal"
    errors = {e.message for e in validator.iter_errors(broken)}
    assert "'name' is a required property" in errors
    assert any("'fatal' is not one of" in e for e in errors)


def test_rules_come_from_the_packs_policies(dev_report):
    driver = to_sarif(dev_report)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("kit-pack", "2.3.4")
    assert [r["id"] for r in driver["rules"]] == ["no-bad-role-names", "bucket-tags", "echo", "crash", "stack-checks"]
    rule = driver["rules"][0]
    assert rule["helpUri"] == "https://example.com/kit/no-bad-role-names"
    assert rule["shortDescription"]["text"] == "Role names must not contain the forbidden word."
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["security-severity"] == "8.0"
    assert driver["rules"][1]["defaultConfiguration"]["level"] == "warning"
    assert "helpUri" not in driver["rules"][1]


def test_results_point_at_the_program_file_and_the_resource_urn(dev_report):
    run = to_sarif(dev_report, source_root=MINIMAL.parents[3])["runs"][0]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("no-bad-role-names", "error"), ("stack-checks", "warning"), ("bucket-tags", "warning")]
    first = results[0]
    assert first["ruleIndex"] == 0
    assert first["message"]["text"] == "extra: role name 'bad-role' contains 'bad'.\nFix: Rename the role."
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tests/kit/programs/minimal/__main__.py"
    main_lines = (MINIMAL / "__main__.py").read_text().splitlines()
    assert 'aws.iam.Role("extra"' in main_lines[physical["region"]["startLine"] - 1]
    [logical] = first["locations"][0]["logicalLocations"]
    assert logical == {"name": "extra", "fullyQualifiedName": "urn:pulumi:dev::minimal::aws:iam/role:Role::extra",
                       "kind": "resource"}
    bucket = results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert bucket == "tests/kit/programs/minimal/components.py"
    assert run["automationDetails"]["id"] == "stackcheck/minimal/dev/"


def test_cli_writes_valid_sarif(validator, tmp_path, monkeypatch, capsys):
    from stackcheck.cli import main

    from .conftest import KIT_PACK

    monkeypatch.chdir(MINIMAL)
    out = tmp_path / "results.sarif"
    assert main(["check", ".", "--stack", "dev", "--pack", str(KIT_PACK), "--format", "sarif", "-o", str(out)]) == 1
    log = json.loads(out.read_text())
    validator.validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "__main__.py"
