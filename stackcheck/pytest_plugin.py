"""pytest fixtures for checking stacks against a policy pack. Enable with
`pytest_plugins = ["stackcheck.pytest_plugin"]` in a top-level conftest.py, then:

    def test_prod_is_clean(stack_check):
        report = stack_check("sample_stack", stack="prod")
        assert not report.mandatory

The pack process is started once per session and reused; each check re-sends Configure and
ConfigureStack, so checks do not leak configuration into each other. Recordings are cached per
(program, stack, config) and handed out as copies, so tests may edit them freely.

Which pack: `--stackcheck-pack DIR`, else the `stackcheck_pack` ini option, else the pytest
rootdir when it holds a PulumiPolicy.yaml, else the repository the stackcheck package lives in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .analyzer import AnalyzerClient
    from .program import StackRecording
    from .report import StackReport
    from .resources import RecordedResource


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("stackcheck")
    group.addoption("--stackcheck-pack", metavar="DIR", default=None,
                    help="policy pack directory the stackcheck fixtures run")
    parser.addini("stackcheck_pack", "policy pack directory for the stackcheck fixtures", default="")


class PolicyPackPool:
    """Running pack processes, one per directory, shared by a whole test session."""

    def __init__(self) -> None:
        self._clients: dict[Path, AnalyzerClient] = {}

    def get(self, pack_dir: str | os.PathLike) -> AnalyzerClient:
        from .analyzer import AnalyzerClient

        key = Path(pack_dir).resolve()
        client = self._clients.get(key)
        if client is None or not client.alive:
            if client is not None:
                client.close()
            client = self._clients[key] = AnalyzerClient.start(key)
        return client

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


class StackChecker:
    """Callable that records a program (cached) and checks it with a running pack."""

    def __init__(self, client: AnalyzerClient, base_dir: Path, cache: dict[str, Any]) -> None:
        self.client = client
        self.base_dir = base_dir
        self._cache = cache

    def _resolve(self, program_dir: str | os.PathLike) -> Path:
        path = Path(program_dir)
        return path if path.is_absolute() else self.base_dir / path

    def record(self, program_dir: str | os.PathLike, stack: str, *, config: Mapping[str, Any] | None = None,
               preview: bool = False) -> StackRecording:
        from .program import record_program

        path = self._resolve(program_dir)
        key = json.dumps([str(path.resolve()), stack, dict(config or {}), preview], sort_keys=True, default=str)
        if key not in self._cache:
            self._cache[key] = record_program(path, stack, config=dict(config or {}), preview=preview)
        return self._cache[key].copy()

    def analyze(
        self,
        recording: StackRecording | Iterable[RecordedResource],
        *,
        policy_config: Mapping[str, Any] | None = None,
        stack_tags: Mapping[str, str] | None = None,
        stack: str = "stack",
        project: str = "project",
    ) -> StackReport:
        """Check a (possibly edited) recording, or a bare list of resources."""
        from .checker import analyze_recording, analyze_resources
        from .program import StackRecording

        if isinstance(recording, StackRecording):
            return analyze_recording(recording, policy_config=policy_config, stack_tags=stack_tags,
                                     client=self.client)
        return analyze_resources(recording, stack=stack, project=project, policy_config=policy_config,
                                 stack_tags=stack_tags, client=self.client)

    def __call__(
        self,
        program_dir: str | os.PathLike,
        stack: str,
        *,
        policy_config: Mapping[str, Any] | None = None,
        stack_tags: Mapping[str, str] | None = None,
        config: Mapping[str, Any] | None = None,
        preview: bool = False,
    ) -> StackReport:
        recording = self.record(program_dir, stack, config=config, preview=preview)
        if stack_tags:
            recording.stack_tags.update(stack_tags)
        return self.analyze(recording, policy_config=policy_config)


def _configured_pack_dir(config: pytest.Config) -> Path:
    from .checker import default_pack_dir

    option = config.getoption("--stackcheck-pack") or config.getini("stackcheck_pack")
    if option:
        path = Path(option)
        return path if path.is_absolute() else (config.rootpath / path)
    if (config.rootpath / "PulumiPolicy.yaml").is_file():
        return config.rootpath
    return default_pack_dir()


@pytest.fixture(scope="session")
def policy_pack_pool() -> Iterable[PolicyPackPool]:
    """Running policy packs keyed by directory: `policy_pack_pool.get(dir)` -> AnalyzerClient."""
    pool = PolicyPackPool()
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def policy_pack_dir(pytestconfig: pytest.Config) -> Path:
    return _configured_pack_dir(pytestconfig).resolve()


@pytest.fixture(scope="session")
def policy_pack(policy_pack_pool: PolicyPackPool, policy_pack_dir: Path) -> AnalyzerClient:
    """The session's running pack (an AnalyzerClient) for raw protocol tests."""
    return policy_pack_pool.get(policy_pack_dir)


@pytest.fixture(scope="session")
def _stackcheck_recordings() -> dict[str, Any]:
    return {}


@pytest.fixture(scope="session")
def make_stack_checker(
    policy_pack_pool: PolicyPackPool, pytestconfig: pytest.Config, _stackcheck_recordings: dict[str, Any]
) -> Callable[[str | os.PathLike], StackChecker]:
    """`make_stack_checker(pack_dir)` -> a StackChecker for another pack than the default one."""

    def make(pack_dir: str | os.PathLike) -> StackChecker:
        return StackChecker(policy_pack_pool.get(pack_dir), pytestconfig.rootpath, _stackcheck_recordings)

    return make


@pytest.fixture
def stack_check(
    policy_pack: AnalyzerClient, pytestconfig: pytest.Config, _stackcheck_recordings: dict[str, Any]
) -> StackChecker:
    """`stack_check(program_dir, stack, policy_config=..., stack_tags=..., config=...)` -> StackReport.
    Relative program directories are resolved against the pytest rootdir."""
    return StackChecker(policy_pack, pytestconfig.rootpath, _stackcheck_recordings)
