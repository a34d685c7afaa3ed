"""Fixtures for the kit's own tests. They run the kit test pack (tests/kit/packs/kit_pack), never
the real guardrails, so they do not depend on the rules being written alongside."""

from pathlib import Path

import pytest

from stackcheck.program import record_program

KIT_DIR = Path(__file__).resolve().parent
KIT_PACK = KIT_DIR / "packs" / "kit_pack"
BROKEN_PACK = KIT_DIR / "packs" / "broken_pack"
MINIMAL = KIT_DIR / "programs" / "minimal"


@pytest.fixture(scope="session")
def kit_pack(policy_pack_pool):
    """The kit test pack, started once for the session."""
    return policy_pack_pool.get(KIT_PACK)


@pytest.fixture
def client(kit_pack):
    """The session's kit pack, reset to default config and a known stack for each test."""
    kit_pack.configure(None)
    kit_pack.configure_stack("dev", "proj")
    return kit_pack


@pytest.fixture
def kit_check(make_stack_checker):
    return make_stack_checker(KIT_PACK)


@pytest.fixture(scope="session")
def _minimal_dev():
    return record_program(MINIMAL, "dev")


@pytest.fixture
def minimal_dev(_minimal_dev):
    """A recording of the minimal program's dev stack; a copy per test, so tests may edit it."""
    return _minimal_dev.copy()


def write_program(directory: Path, main: str, stacks=("dev",), extra_files=None, name="scratch") -> Path:
    """A throwaway program directory for failure-mode tests."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    for stack in stacks:
        (directory / f"Pulumi.{stack}.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (directory / "__main__.py").write_text(main)
    for filename, text in (extra_files or {}).items():
        (directory / filename).write_text(text)
    return directory
