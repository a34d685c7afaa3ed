"""A sentinel string inside a document is unknown only while the engine runs a preview.

The engine tells the pack twice: PULUMI_DRY_RUN in the pack's environment (the CLI always sets it)
and `dry_run` in ConfigureStack (older engines always sent false there). A "true" from either wins.
"""

from pathlib import Path

import pytest

from policies import engine_run
from stackcheck import unknown
from stackcheck.analyzer import AnalyzerClient

PACK_DIR = Path(__file__).resolve().parents[2]
POLICY = "aws:iam/policy:Policy"
# sagemaker:* on every resource, behind a condition whose value is the engine's sentinel string.
HIDDEN_STAR = {"policy": {"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*",
                                         "Condition": {"StringNotEquals": {"aws:ResourceTag/x": unknown()}}}]}}
BOTH_RULES = {"no-sagemaker-star-in-production", "iam-permissions-arn-scoped"}
PREVIEW_NOTE = "during preview"


def mandatory(result) -> set[str]:
    return {d.policy_name for d in result.mandatory}


def previewed(result) -> set[str]:
    return {d.policy_name for d in result.advisory if PREVIEW_NOTE in d.message}


@pytest.fixture(scope="module")
def pack_told_preview_by_environment():
    with AnalyzerClient.start(PACK_DIR, env={"PULUMI_DRY_RUN": "true"}) as client:
        yield client


@pytest.fixture(scope="module")
def pack_told_update_by_environment():
    with AnalyzerClient.start(PACK_DIR, env={"PULUMI_DRY_RUN": "false"}) as client:
        yield client


def test_configure_stack_decides_when_the_environment_is_silent(policy_pack):
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform", dry_run=True)
    during_preview = policy_pack.analyze(POLICY, HIDDEN_STAR)
    policy_pack.configure_stack("prod", "ml-platform", dry_run=False)
    during_update = policy_pack.analyze(POLICY, HIDDEN_STAR)
    assert mandatory(during_preview) == set() and previewed(during_preview) == BOTH_RULES
    assert mandatory(during_update) == BOTH_RULES


def test_an_environment_that_says_preview_wins_over_an_old_engines_false(pack_told_preview_by_environment):
    pack_told_preview_by_environment.configure(None)
    pack_told_preview_by_environment.configure_stack("prod", "ml-platform", dry_run=False)
    result = pack_told_preview_by_environment.analyze(POLICY, HIDDEN_STAR)
    assert mandatory(result) == set() and previewed(result) == BOTH_RULES


def test_an_environment_that_says_update_judges_the_sentinel_before_any_configure_stack(
    pack_told_update_by_environment,
):
    pack_told_update_by_environment.configure(None)
    urn = f"urn:pulumi:prod::ml-platform::{POLICY}::subject"
    result = pack_told_update_by_environment.analyze(POLICY, HIDDEN_STAR, name="subject", urn=urn)
    assert mandatory(result) == BOTH_RULES


def test_a_whole_document_that_is_the_sentinel_stays_unknown_on_update(policy_pack):
    # Such a document is not JSON, so AWS refuses it; nothing can hide behind it.
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform", dry_run=False)
    result = policy_pack.analyze(POLICY, {"policy": unknown()})
    assert mandatory(result) == set() and previewed(result) == BOTH_RULES


@pytest.mark.parametrize(
    ("environment", "configured", "can_be_unknown"),
    [
        (None, None, True),
        (None, True, True),
        (None, False, False),
        ("true", False, True),
        ("true", None, True),
        ("false", None, False),
        ("false", True, True),
        ("false", False, False),
    ],
)
def test_which_signal_wins(monkeypatch, environment, configured, can_be_unknown):
    if environment is None:
        monkeypatch.delenv("PULUMI_DRY_RUN", raising=False)
    else:
        monkeypatch.setenv("PULUMI_DRY_RUN", environment)
    monkeypatch.setattr(engine_run, "_configured_dry_run", configured)
    assert engine_run.values_can_be_unknown() is can_be_unknown


def test_the_configure_stack_hook_notes_dry_run_and_lets_the_sdk_answer(monkeypatch):
    monkeypatch.setattr(engine_run, "_configured_dry_run", None)

    class Servicer:
        def ConfigureStack(self, request, context):  # noqa: N802 - the gRPC method name
            return ("answered", request.dry_run, context)

    class Request:
        dry_run = True

    assert engine_run.remember_configure_stack(Servicer)
    assert engine_run.remember_configure_stack(Servicer)  # a second install changes nothing
    assert Servicer().ConfigureStack(Request(), "context") == ("answered", True, "context")
    assert engine_run._configured_dry_run is True
    assert Servicer.ConfigureStack.__wrapped__.__name__ == "ConfigureStack"


def test_without_a_configure_stack_handler_nothing_is_installed():
    class Servicer:
        pass

    assert not engine_run.remember_configure_stack(Servicer)
