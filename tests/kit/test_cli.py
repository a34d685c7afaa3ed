"""`python -m stackcheck`: exit codes 0/1/2 and the three output formats."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from stackcheck import check_stack
from stackcheck.cli import main
from stackcheck.output import render_table

from .conftest import BROKEN_PACK, KIT_PACK, MINIMAL, write_program

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECK = ["check", str(MINIMAL), "--pack", str(KIT_PACK)]


def run(capsys, *argv):
    code = main([*CHECK, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_module_entry_point_exits_1_on_mandatory_findings_and_prints_a_table():
    completed = subprocess.run(
        [sys.executable, "-m", "stackcheck", *CHECK, "--stack", "dev"],
        capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, "COLUMNS": "160"}, timeout=120,
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].split() == ["RESOURCE", "POLICY", "LEVEL", "MESSAGE", "FIX"]
    row = next(line for line in lines if line.startswith("extra ") and "no-bad-role-names" in line)
    assert "mandatory" in row and "contains 'bad'" in row and "Rename the role." in row
    assert lines[-1] == ("minimal/dev: 7 resources checked by kit-pack 2.3.4; 1 mandatory, 2 advisory -> FAILED")


def test_exit_0_when_only_advisory_findings(capsys):
    code, out, _ = run(capsys, "--stack", "prod")
    assert code == 0
    assert out.rstrip().endswith("0 mandatory, 2 advisory -> passed")


def test_table_wraps_long_cells_to_the_width(kit_pack):
    report = check_stack(MINIMAL, "prod", client=kit_pack)
    table = render_table(report, width=90).splitlines()
    rows, summary = table[:-1], table[-1]
    assert max(len(line) for line in rows) <= 90
    fix_column = table[0].index("FIX")
    fix_text = "".join(line[fix_column:].strip() for line in rows[2:] if len(line) > fix_column)
    assert "Setstackcheck:stackTags.ownerinthestackconfig." in fix_text.replace(" ", "")
    assert summary.endswith("-> passed")
    assert render_table(replace(report, findings=[]), width=90).startswith("No policy findings.")


def test_json_output_has_stable_keys(capsys):
    code, out, err = run(capsys, "--stack", "dev", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["schema_version", "tool", "pack", "project", "stack", "program_dir", "stack_tags",
                          "summary", "findings", "unmocked_invokes", "config_warnings", "policies"]
    assert data["summary"] == {"resources": 7, "findings": 3, "mandatory": 1, "advisory": 2, "passed": False}
    assert list(data["findings"][0]) == [
        "policy_name", "enforcement_level", "resource_urn", "resource_name", "resource_type", "message", "fix",
        "description", "severity", "policy_pack", "stack_policy", "raw_message", "source_file", "source_line"]
    assert data["findings"][0]["fix"] == "Rename the role."
    assert [p["name"] for p in data["policies"]][:2] == ["no-bad-role-names", "bucket-tags"]
    assert "1 mandatory" in err  # the summary goes to stderr for machine formats


def test_output_file_stack_tags_config_overrides_and_policy_config(capsys, tmp_path):
    config = tmp_path / "policy.yaml"
    config.write_text("no-bad-role-names:\n  forbiddenWord: worse\n")
    out_file = tmp_path / "reports" / "report.json"
    code, out, err = run(capsys, "--stack", "dev", "--format", "json", "--output", str(out_file),
                         "--stack-tag", "owner=ml", "--config", "extraRole=worse-role",
                         "--policy-config", str(config))
    assert code == 1 and out == ""
    data = json.loads(out_file.read_text())
    assert data["stack_tags"]["owner"] == "ml"
    assert [(f["resource_name"], f["policy_name"]) for f in data["findings"] if f["enforcement_level"] == "mandatory"] \
        == [("extra", "no-bad-role-names")]
    assert "role name 'worse-role' contains 'worse'" in data["findings"][0]["message"]
    assert "-> FAILED" in err


def test_a_yaml_policy_config_reads_dates_as_text_and_a_broken_one_is_a_usage_error(capsys, tmp_path):
    config = tmp_path / "policy.yaml"
    config.write_text("no-bad-role-names:\n  forbiddenWord: 2025-06-30\n")
    code, out, _ = run(capsys, "--stack", "dev", "--format", "json", "--config", "extraRole=until-2025-06-30",
                       "--policy-config", str(config))
    assert code == 1
    assert "contains '2025-06-30'" in json.loads(out)["findings"][0]["message"]
    config.write_text("no-bad-role-names: [\n")
    code, _, err = run(capsys, "--stack", "dev", "--policy-config", str(config))
    assert code == 2 and "cannot parse policy config" in err


def test_progress_goes_to_stderr(capsys):
    code, _, err = run(capsys, "--stack", "prod", "--progress-every", "2")
    assert code == 0
    assert [line for line in err.splitlines() if "analyzed" in line] == [
        "stackcheck: analyzed 2/6 resources", "stackcheck: analyzed 4/6 resources",
        "stackcheck: analyzed 6/6 resources"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--stack", "qa"], "stack 'qa' has no Pulumi.qa.yaml"),
    (["--stack", "dev", "--pack", str(BROKEN_PACK)], "cannot import the rules"),
    (["--stack", "dev", "--policy-config", "/nonexistent/policy.json"], "cannot read policy config"),
])
def test_exit_2_when_the_stack_cannot_be_checked(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("stackcheck: error: ") and message in err


def test_exit_2_on_invalid_or_unparsable_policy_config(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"no-bad-role-names": {"forbiddenWord": 3, "colour": "red"}}')
    code, _, err = run(capsys, "--stack", "dev", "--policy-config", str(bad))
    assert code == 2
    assert "no-bad-role-names.forbiddenWord: 3 is not of type 'string'" in err
    assert "'colour' was unexpected" in err
    bad.write_text("{not json")
    code, _, err = run(capsys, "--stack", "dev", "--policy-config", str(bad))
    assert code == 2 and "cannot parse policy config" in err


def test_exit_2_on_program_errors(capsys, tmp_path):
    program = write_program(tmp_path / "p", "import pulumi\nraise RuntimeError('boom in program')\n")
    code = main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK)])
    err = capsys.readouterr().err
    assert code == 2
    assert "RuntimeError: boom in program" in err


def test_a_failed_check_still_writes_its_sarif_file(capsys, tmp_path):
    """CI uploads the file even when the check fails (`if: always()`); it must exist and say why."""
    program = write_program(tmp_path / "p", "import pulumi\nraise RuntimeError('boom in program')\n")
    sarif = tmp_path / "out" / "guardrails.sarif"
    code = main(["check", str(program), "--stack", "dev", "--pack", str(KIT_PACK), "--format", "sarif",
                 "--output", str(sarif)])
    assert code == 2
    [run_] = json.loads(sarif.read_text())["runs"]
    [invocation] = run_["invocations"]
    assert invocation["executionSuccessful"] is False and run_["results"] == []
    assert "boom in program" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as raised:
        main(CHECK)  # two stacks and no --stack
    assert raised.value.code == 2
    assert "--stack is required" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main([*CHECK, "--stack", "dev", "--format", "xml"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main([*CHECK, "--stack", "dev", "--stack-tag", "novalue"])
    assert raised.value.code == 2


def test_record_and_policies_commands(capsys):
    assert main(["record", str(MINIMAL), "--stack", "prod"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["project"] == "minimal"
    assert "urn:pulumi:prod::minimal::aws:iam/role:Role::training" in [r["urn"] for r in data["resources"]]
    assert main(["policies", "--pack", str(KIT_PACK)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["no-bad-role-names", "mandatory"]
