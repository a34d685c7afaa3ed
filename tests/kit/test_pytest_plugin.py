"""The pytest fixtures, used the way a user's test suite would use them."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import KIT_PACK, MINIMAL

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_users_suite_is_a_few_lines_with_the_fixtures(tmp_path):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["stackcheck.pytest_plugin"]\n')
    (tmp_path / "test_stacks.py").write_text(textwrap.dedent(f"""
        PROGRAM = {str(MINIMAL)!r}

        def test_prod_is_clean(stack_check):
            report = stack_check(PROGRAM, stack="prod")
            assert not report.mandatory

        def test_dev_has_the_bad_role(stack_check):
            report = stack_check(PROGRAM, stack="dev")
            assert [f.resource_name for f in report.mandatory] == ["extra"]

        def test_raw_protocol_access(policy_pack):
            assert policy_pack.info().name == "kit-pack"
            policy_pack.configure(None)
            assert policy_pack.analyze("aws:iam/role:Role", {{"name": "bad"}}).mandatory

        def test_prod_fails_on_purpose(stack_check):
            assert not stack_check(PROGRAM, stack="dev").mandatory
    """))
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--stackcheck-pack", str(KIT_PACK), "-q",
         "-o", "addopts=", "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=180,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert "1 failed, 3 passed" in completed.stdout, completed.stdout + completed.stderr
    assert "test_prod_fails_on_purpose" in completed.stdout


def test_recordings_are_cached_but_each_test_gets_its_own_copy(kit_check):
    first = kit_check.record(MINIMAL, "dev")
    first.get("training").inputs["name"] = "bad-edited"
    second = kit_check.record(MINIMAL, "dev")
    assert second.get("training").inputs["name"] == "good-role"
    assert [f.resource_name for f in kit_check.analyze(first).mandatory] == ["training", "extra"]
    assert [f.resource_name for f in kit_check.analyze(second).mandatory] == ["extra"]


def test_stack_check_accepts_tags_config_and_policy_config(kit_check):
    report = kit_check(MINIMAL, "prod", stack_tags={"owner": "ml"}, config={"roleName": "bad-by-config"},
                       policy_config={"bucket-tags": "disabled"})
    assert [(f.resource_name, f.policy_name) for f in report.findings] == [
        ("training", "no-bad-role-names"), ("training", "stack-checks")]


def test_relative_program_dirs_resolve_against_the_rootdir(kit_check):
    report = kit_check(MINIMAL.relative_to(REPO_ROOT), "prod")
    assert report.project == "minimal" and report.passed
