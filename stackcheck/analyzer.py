"""The protocol client: start a Python policy pack the way the Pulumi CLI does and talk to it.

The CLI runs `python -u -m pulumi.policy <engine-address> <pack-dir>` with the pack directory as
working directory; the pack's `PolicyPack(...)` starts a gRPC server and prints its port on stdout.
Everything here returns plain dataclasses so tests never touch protobuf unless they want to.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import wire
from .errors import AnalyzerCallError, PackStartError
from .resources import RecordedResource, make_urn

# Matches the limit the policy SDK configures on its server; the client default (4 MB) would
# reject large AnalyzeStack responses long before the server does.
MAX_MESSAGE_BYTES = 400 * 1024 * 1024
_CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]
# Python packs ignore the engine address, but the CLI always passes one.
_ENGINE_ADDRESS = "127.0.0.1:0"


@dataclass(frozen=True)
class Diagnostic:
    policy_name: str
    enforcement_level: str
    message: str
    urn: str = ""
    severity: str = ""
    description: str = ""
    policy_pack_name: str = ""
    policy_pack_version: str = ""


@dataclass(frozen=True)
class NotApplicable:
    policy_name: str
    reason: str


@dataclass(frozen=True)
class AnalyzeResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_applicable: list[NotApplicable] = field(default_factory=list)

    @property
    def mandatory(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.enforcement_level == "mandatory"]

    @property
    def advisory(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.enforcement_level == "advisory"]

    def by_policy(self, policy_name: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.policy_name == policy_name]

    @property
    def policy_names(self) -> set[str]:
        return {d.policy_name for d in self.diagnostics}


@dataclass(frozen=True)
class PolicyInfo:
    name: str
    description: str
    enforcement_level: str
    display_name: str = ""
    policy_type: str = ""
    severity: str = ""
    config_schema: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    url: str = ""
    remediation_steps: str = ""
    framework: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyzerInfo:
    name: str
    version: str
    policies: list[PolicyInfo]
    description: str = ""
    display_name: str = ""
    supports_config: bool = False
    initial_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    provider: str = ""
    repository: str = ""
    readme: str = ""

    def policy(self, name: str) -> PolicyInfo:
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise KeyError(name)

    @property
    def policy_names(self) -> list[str]:
        return [policy.name for policy in self.policies]


def read_pack_manifest(pack_dir: Path) -> dict[str, Any]:
    """The pack's PulumiPolicy.yaml (or .yml); {} when it has none."""
    from .project import read_yaml_file

    for name in ("PulumiPolicy.yaml", "PulumiPolicy.yml"):
        path = pack_dir / name
        if path.is_file():
            return read_yaml_file(path) or {}
    return {}


def pack_python(pack_dir: Path) -> str:
    """The interpreter the Pulumi CLI runs the pack with: that of the virtualenv PulumiPolicy.yaml names
    (`runtime.options.virtualenv`, relative to the pack), once it exists; else this one."""
    from .project import runtime_virtualenv, virtualenv_pythons

    try:
        manifest = read_pack_manifest(pack_dir)
    except Exception:  # noqa: BLE001 - a manifest the CLI cannot read either: the pack fails its own way
        manifest = {}
    virtualenv = runtime_virtualenv(manifest, pack_dir)
    found = virtualenv_pythons(virtualenv) if virtualenv is not None else []
    return str(found[0]) if found else sys.executable


class PolicyPackProcess:
    """A running `python -m pulumi.policy` process and the port it announced."""

    def __init__(
        self,
        pack_dir: str | os.PathLike,
        *,
        python: str | None = None,
        startup_timeout: float = 60.0,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.pack_dir = Path(pack_dir).resolve()
        if not (self.pack_dir / "__main__.py").is_file():
            raise PackStartError(f"{self.pack_dir} is not a Python policy pack (no __main__.py)")
        # stderr goes to a file, not a pipe: a chatty pack must never block on a full pipe.
        self._stderr = tempfile.TemporaryFile()
        self._stdout_tail: collections.deque[str] = collections.deque(maxlen=50)
        command = [python or pack_python(self.pack_dir), "-u", "-m", "pulumi.policy", _ENGINE_ADDRESS,
                   str(self.pack_dir)]
        try:
            self.process = subprocess.Popen(
                command,
                cwd=self.pack_dir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=None if env is None else {**os.environ, **env},
            )
        except OSError as error:
            self._stderr.close()
            raise PackStartError(f"cannot run {command[0]}: {error}") from None
        self._finalizer = weakref.finalize(self, _stop_process, self.process, self._stderr)
        try:
            self.port = self._await_port(startup_timeout)
        except BaseException:
            self.close()
            raise

    def _await_port(self, timeout: float) -> int:
        announced: list[int] = []
        ready = threading.Event()

        def pump_stdout() -> None:
            # Keep draining after the port line so prints from policies never fill the pipe.
            try:
                for raw in self.process.stdout:
                    line = raw.decode("utf-8", "replace").strip()
                    if not announced and line.isdigit():
                        announced.append(int(line))
                        ready.set()
                    elif line:
                        self._stdout_tail.append(line)
            except (OSError, ValueError):  # the pipe was closed under us by close()
                pass
            finally:
                ready.set()

        threading.Thread(target=pump_stdout, name="policy-pack-stdout", daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.05):
            if time.monotonic() > deadline:
                raise PackStartError(self._failure(f"policy pack did not announce a port within {timeout:g}s"))
        if not announced:
            self.process.wait(timeout=5)
            raise PackStartError(self._failure(f"policy pack exited with code {self.process.returncode} before it "
                                               "announced a port"))
        return announced[0]

    def _failure(self, headline: str) -> str:
        text = f"{headline} ({self.pack_dir})"
        stdout = "\n".join(self._stdout_tail)
        if stdout:
            text += f"\n--- stdout ---\n{stdout}"
        stderr = self.stderr_tail()
        if stderr.strip():
            text += f"\n--- stderr ---\n{stderr.rstrip()}"
        return text

    def stderr_tail(self, limit: int = 4000) -> str:
        try:
            self._stderr.flush()
            size = self._stderr.seek(0, os.SEEK_END)
            self._stderr.seek(max(0, size - limit))
            return self._stderr.read().decode("utf-8", "replace")
        except ValueError:  # closed
            return ""

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self._finalizer()


def _stop_process(process: subprocess.Popen, stderr_file) -> None:
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=10)
    finally:
        if process.stdout:
            process.stdout.close()
        stderr_file.close()


class AnalyzerClient:
    """A client for the five analyzer calls the CLI makes. Use `AnalyzerClient.start(pack_dir)`.

    Level names are plain strings ("mandatory", "advisory", "remediate", "disabled"). URNs that a
    caller leaves out are built from the stack and project of the last `configure_stack` call.
    """

    def __init__(
        self,
        address: str,
        *,
        process: PolicyPackProcess | None = None,
        call_timeout: float = 120.0,
        pack_dir: str | os.PathLike | None = None,
    ) -> None:
        import grpc
        from pulumi.runtime.proto import analyzer_pb2_grpc

        self.address = address
        self.process = process
        self.call_timeout = call_timeout
        self.pack_dir = Path(pack_dir).resolve() if pack_dir else (process.pack_dir if process else None)
        self.stack = "stack"
        self.project = "project"
        self.dry_run = False
        self._info: AnalyzerInfo | None = None
        self._channel = grpc.insecure_channel(address, options=_CHANNEL_OPTIONS)
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)

    @classmethod
    def start(
        cls,
        pack_dir: str | os.PathLike,
        *,
        startup_timeout: float = 60.0,
        call_timeout: float = 120.0,
        python: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> AnalyzerClient:
        process = PolicyPackProcess(pack_dir, python=python, startup_timeout=startup_timeout, env=env)
        try:
            return cls(f"127.0.0.1:{process.port}", process=process, call_timeout=call_timeout)
        except BaseException:
            process.close()
            raise

    def __enter__(self) -> AnalyzerClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._channel.close()
        if self.process is not None:
            self.process.close()

    @property
    def alive(self) -> bool:
        return self.process is None or self.process.alive

    def stderr_tail(self, limit: int = 4000) -> str:
        return self.process.stderr_tail(limit) if self.process else ""

    @property
    def manifest(self) -> dict[str, Any]:
        """PulumiPolicy.yaml of the pack; its `version` is what the CLI reports (the SDK says 0.0.1)."""
        return {} if self.pack_dir is None else read_pack_manifest(self.pack_dir)

    def _call(self, method: str, request: Any) -> Any:
        import grpc

        try:
            return getattr(self.stub, method)(request, timeout=self.call_timeout)
        except grpc.RpcError as error:
            code = error.code().name if error.code() else "UNKNOWN"
            raise AnalyzerCallError(method, code, error.details() or "", self.stderr_tail()) from None

    # --- GetAnalyzerInfo -------------------------------------------------------------------

    def info(self, *, refresh: bool = False) -> AnalyzerInfo:
        if self._info is None or refresh:
            from google.protobuf import empty_pb2

            self._info = _analyzer_info(self._call("GetAnalyzerInfo", empty_pb2.Empty()))
        return self._info

    # --- Configure -------------------------------------------------------------------------

    def configure(self, policy_config: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Configure like the CLI: every policy gets a level and its properties (schema defaults,
        then the pack's initial config, then `policy_config`), validated against its schema first.

        `policy_config` uses the Pulumi policy-config file format:
        `{"all": "advisory", "<policy>": "disabled" | {"enforcementLevel": ..., "<prop>": ...}}`.
        Returns the resolved `{policy: ResolvedPolicyConfig}` that was sent.
        """
        from .policy_config import resolve_policy_config

        resolved = resolve_policy_config(self.info(), policy_config)
        self.configure_raw({name: {"enforcementLevel": entry.enforcement_level, **entry.properties}
                            for name, entry in resolved.items()})
        return resolved

    def configure_raw(self, policy_config: Mapping[str, Any] | Any) -> None:
        """Send Configure exactly as given, without defaults or validation.

        Accepts a ConfigureAnalyzerRequest, or `{policy: level | {"enforcementLevel": level, **props}
        | PolicyConfig}`. Note the wire default: an entry without a level means ADVISORY.
        """
        pb = wire.proto()
        if isinstance(policy_config, pb.ConfigureAnalyzerRequest):
            request = policy_config
        else:
            request = pb.ConfigureAnalyzerRequest()
            for name, entry in policy_config.items():
                request.policyConfig[name].CopyFrom(_policy_config_message(entry))
        self._call("Configure", request)

    # --- ConfigureStack --------------------------------------------------------------------

    def configure_stack(
        self,
        stack: str = "stack",
        project: str = "project",
        *,
        organization: str = "organization",
        dry_run: bool = False,
        tags: Mapping[str, str] | None = None,
        config: Mapping[str, str] | None = None,
        config_secret_keys: Iterable[str] = (),
    ) -> None:
        request = wire.proto().AnalyzerStackConfigureRequest(
            stack=stack,
            project=project,
            organization=organization,
            dry_run=dry_run,
            tags=dict(tags or {}),
            config=dict(config or {}),
            config_secret_keys=list(config_secret_keys),
        )
        self._call("ConfigureStack", request)
        self.stack, self.project, self.dry_run = stack, project, dry_run

    # --- Analyze ---------------------------------------------------------------------------

    def analyze(
        self,
        type_: str,
        properties: Mapping[str, Any] | Any = None,
        *,
        name: str = "resource",
        urn: str | None = None,
        parent: str = "",
        options: Mapping[str, Any] | None = None,
        provider: RecordedResource | Mapping[str, Any] | None = None,
    ) -> AnalyzeResult:
        """Analyze one resource given as a type and a property bag (a dict or a Struct)."""
        request = wire.proto().AnalyzeRequest(
            type=type_,
            properties=wire.to_struct(properties),
            urn=urn if urn is not None else make_urn(self.stack, self.project, type_, name, parent),
            name=name,
            options=wire.options_message({**({"parent": parent} if parent else {}), **(options or {})}),
        )
        if provider is not None:
            request.provider.CopyFrom(wire.provider_message(provider))
        return self.analyze_request(request)

    def analyze_resource(self, resource: RecordedResource, provider: RecordedResource | None = None) -> AnalyzeResult:
        return self.analyze_request(wire.analyze_request(resource, provider))

    def analyze_request(self, request: Any) -> AnalyzeResult:
        """Send a raw AnalyzeRequest."""
        return _analyze_result(self.analyze_message(request))

    def analyze_message(self, request: Any) -> Any:
        """Send a raw AnalyzeRequest and return the AnalyzeResponse message as the engine receives it,
        without building an AnalyzeResult (which costs this process, not the pack: bench/)."""
        return self._call("Analyze", request)

    # --- AnalyzeStack ----------------------------------------------------------------------

    def analyze_stack(self, resources: Iterable[RecordedResource | Any]) -> AnalyzeResult:
        """AnalyzeStack over RecordedResources (their outputs) and/or raw AnalyzerResource messages.
        A RecordedResource's provider is looked up among the given resources by URN."""
        resources = list(resources)
        by_urn = {r.urn: r for r in resources if isinstance(r, RecordedResource)}
        request = wire.proto().AnalyzeStackRequest()
        for resource in resources:
            if isinstance(resource, RecordedResource):
                resource = wire.analyzer_resource(resource, by_urn.get(resource.provider_urn))
            request.resources.append(resource)
        return self.analyze_stack_request(request)

    def analyze_stack_request(self, request: Any) -> AnalyzeResult:
        return _analyze_result(self.analyze_stack_message(request))

    def analyze_stack_message(self, request: Any) -> Any:
        """Send a raw AnalyzeStackRequest and return the AnalyzeResponse message (see analyze_message)."""
        return self._call("AnalyzeStack", request)


def _policy_config_message(entry: Any):
    pb = wire.proto()
    if isinstance(entry, pb.PolicyConfig):
        return entry
    if isinstance(entry, str):
        return pb.PolicyConfig(enforcementLevel=wire.enforcement_level_value(entry))
    properties = dict(entry or {})
    message = pb.PolicyConfig()
    level = properties.pop("enforcementLevel", None)
    if level is not None:
        message.enforcementLevel = wire.enforcement_level_value(level)
    message.properties.CopyFrom(wire.to_struct(properties))
    return message


def _analyze_result(response: Any) -> AnalyzeResult:
    return AnalyzeResult(
        diagnostics=[
            Diagnostic(
                policy_name=d.policyName,
                enforcement_level=wire.enforcement_level_name(d.enforcementLevel),
                message=d.message,
                urn=d.urn,
                severity=wire.severity_name(d.severity),
                description=d.description,
                policy_pack_name=d.policyPackName,
                policy_pack_version=d.policyPackVersion,
            )
            for d in response.diagnostics
        ],
        not_applicable=[NotApplicable(n.policy_name, n.reason) for n in response.not_applicable],
    )


def _analyzer_info(message: Any) -> AnalyzerInfo:
    policies = []
    for p in message.policies:
        schema: dict[str, Any] = {}
        if p.HasField("configSchema"):
            schema = {"properties": wire.from_struct(p.configSchema.properties),
                      "required": list(p.configSchema.required)}
        framework = {}
        if p.HasField("framework"):
            framework = {k: v for k, v in (("name", p.framework.name), ("version", p.framework.version),
                                           ("reference", p.framework.reference),
                                           ("specification", p.framework.specification)) if v}
        policies.append(PolicyInfo(
            name=p.name,
            description=p.description,
            enforcement_level=wire.enforcement_level_name(p.enforcementLevel),
            display_name=p.displayName,
            policy_type=wire.policy_type_name(p.policy_type),
            severity=wire.severity_name(p.severity),
            config_schema=schema,
            tags=list(p.tags),
            url=p.url,
            remediation_steps=p.remediation_steps,
            framework=framework,
        ))
    initial = {}
    for name, config in message.initialConfig.items():
        # A PolicyConfig always carries a level on the wire (0 = advisory); the SDK only puts an
        # entry here when the pack set one or set properties, so report it as sent.
        initial[name] = {
            "enforcementLevel": wire.enforcement_level_name(config.enforcementLevel),
            "properties": wire.from_struct(config.properties),
        }
    return AnalyzerInfo(
        name=message.name,
        version=message.version,
        policies=policies,
        description=message.description,
        display_name=message.displayName,
        supports_config=message.supportsConfig,
        initial_config=initial,
        tags=list(message.tags),
        provider=message.provider,
        repository=message.repository,
        readme=message.readme,
    )
