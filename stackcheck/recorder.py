"""Child-process side of recording: run one Pulumi program under mocks and write what it registered.

Run as `python -m stackcheck.recorder REQUEST.json RESULT.json` with the program directory as the
working directory and the stack config in PULUMI_CONFIG, exactly as the language host would see
it. Each program gets a fresh interpreter because the Pulumi runtime keeps global state.
"""

from __future__ import annotations

import heapq
import inspect
import json
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from google.protobuf import json_format
from pulumi import ResourceOptions, ResourceTransformArgs
from pulumi.runtime import mocks, rpc, settings
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from .aws_mocks import (
    AwsEnvironment,
    existing_resource_outputs,
    invoke_result,
    new_resource_outputs,
    with_auto_name,
)
from .json_documents import with_json_documents
from .random_outputs import draws_outputs, random_outputs
from .resources import PROVIDER_TYPE_PREFIX, ROOT_STACK_TYPE, RecordedResource, make_urn
from .values import downgrade_resource_references


class ProgramFailure(Exception):
    def __init__(self, kind: str, message: str, details: str = "") -> None:
        super().__init__(message)
        self.kind, self.message, self.details = kind, message, details


STACK_REFERENCE = "pulumi:pulumi:StackReference"
AWS_PROVIDER_TYPE = PROVIDER_TYPE_PREFIX + "aws"
# Packages whose resources' computed outputs the offline provider makes up (random: `random_outputs`).
_ANSWERED_PACKAGES = {"aws", "aws-native", "random"}
GET_POLICY = "aws:iam/getPolicy:getPolicy"
GET_ROLE = "aws:iam/getRole:getRole"
STACK_REFERENCES_CONFIG_KEY = "stackcheck:stackReferences"


class OfflineAwsMocks(mocks.Mocks):
    def __init__(self, env: AwsEnvironment, preview: bool = False) -> None:
        self.env = env
        self.preview = preview
        self.invokes: list[str] = []
        # What had no offline answer: data sources, partly answered ones, stack references.
        self.unmocked_invokes: list[str] = []
        self.stack_references: dict[str, Any] = {}
        # Resources of other providers (a dynamic provider's too), whose outputs nobody computes
        # offline: type -> logical names.
        self.unknown_outputs: dict[str, list[str]] = {}
        # Explicit AWS providers' account and region, by provider reference: two providers may share
        # a logical name (under different parents), and so an ID.
        self._provider_envs: dict[str, AwsEnvironment] = {}

    def new_resource(self, args: mocks.MockResourceArgs):
        if args.typ == STACK_REFERENCE:
            return self._stack_reference(args)
        env = self._env_of(args.provider)
        # The provider turns a document given as an object into JSON text, and outputs it as such.
        args.inputs = with_json_documents(args.typ, args.inputs, rpc.UNKNOWN)
        if args.resource_id:  # Resource.get(name, id): an existing resource, read by its ID
            self._note_unknown_outputs(args)
            return existing_resource_outputs(args.typ, args.resource_id, args.inputs, env)
        if not self.preview and args.typ.split(":")[0] == "random":
            # A preview does not know what the provider draws at create: those stay unknown there.
            drawn = random_outputs(args.typ, args.name, args.inputs)
            if drawn is not None:
                return drawn
        self._note_unknown_outputs(args)
        return new_resource_outputs(args.typ, args.name, args.inputs, env, preview=self.preview)

    def _note_unknown_outputs(self, args: mocks.MockResourceArgs) -> None:
        """Remember a resource whose computed outputs no offline answer knows. In an update they would
        be silently empty (a trust policy's ExternalId from a dynamic resource is null), so `check` names
        them; a preview leaves them unknown, as a real preview does."""
        package = args.typ.split(":")[0]
        answered = package in _ANSWERED_PACKAGES and (package != "random" or draws_outputs(args.typ))
        # A component's outputs are the program's own (registered with its outputs), not a provider's.
        if self.preview or answered or not args.custom or args.typ.startswith(PROVIDER_TYPE_PREFIX):
            return
        self.unknown_outputs.setdefault(args.typ, []).append(args.name)

    def remember_provider(self, reference: str, inputs: dict[str, Any]) -> None:
        """Note an explicit AWS provider's account and region under its reference (`<urn>::<id>`)."""
        self._provider_envs[reference] = self.env.for_provider(inputs)

    def _env_of(self, provider_reference: str | None) -> AwsEnvironment:
        return self._provider_envs.get(provider_reference or "", self.env)

    def _stack_reference(self, args: mocks.MockResourceArgs):
        # The engine reads another stack's outputs; offline they come from the config key
        # `stackcheck:stackReferences` ({"org/project/stack": {"output": value}}), else there are none.
        name = str(args.inputs.get("name") or args.name)
        outputs = self.stack_references.get(name)
        if not isinstance(outputs, dict):
            self.unmocked_invokes.append(f"StackReference {name}")
            outputs = {}
        return name, {"name": name, "outputs": outputs, "secretOutputNames": []}

    def call(self, args: mocks.MockCallArgs):
        self.invokes.append(args.token)
        result = invoke_result(args.token, args.args, self._env_of(args.provider))
        if result is None:
            self.unmocked_invokes.append(args.token)
            return {}
        if args.token == GET_POLICY and "policy" not in result:
            # Found, but its document is only AWS's own policies' (not invented for anyone else's).
            self.unmocked_invokes.append(f"{GET_POLICY} (the document of {result['arn']})")
        if args.token == GET_ROLE and "assumeRolePolicy" not in result:
            self.unmocked_invokes.append(f"{GET_ROLE} (the trust policy of {result['arn']})")
        return result

    def unanswered(self) -> list[str]:
        resources = [f"the outputs of {type_} ({', '.join(sorted(set(names)))})"
                     for type_, names in self.unknown_outputs.items()]
        return sorted(set(self.unmocked_invokes)) + sorted(resources)


def _duration_seconds(text: str) -> float:
    """Go duration strings ("5m", "1h30m", "90s") -> seconds; what the engine passes analyzers."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    total, number = 0.0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit() or ch == ".":
            number += ch
            i += 1
            continue
        unit = "ms" if text[i:i + 2] == "ms" else ch
        total += float(number or 0) * units.get(unit, 0.0)
        number = ""
        i += len(unit)
    return total


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


class RecordingMonitor(mocks.MockMonitor):
    """The mock monitor, plus: engine-style URNs, and a record of every registration."""

    def __init__(self, offline: OfflineAwsMocks, program_dir: Path, stack_config: dict[str, Any]) -> None:
        super().__init__(offline)
        self.program_dir = program_dir
        self.stack_config = stack_config
        self.records: list[dict[str, Any]] = []
        self.registered_outputs: dict[str, dict[str, Any]] = {}
        self._default_providers: dict[str, str] = {}
        self._lock = threading.Lock()
        # URN -> (parent URN, the resource's own transforms), for the transforms children inherit.
        self._registrations: dict[str, tuple[str, list]] = {}

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # The stock mock keeps only the parent's last type and includes the root stack; the engine
        # keeps the whole chain and drops the stack.
        return make_urn(settings.get_stack(), settings.get_project(), type_, name, parent or None)

    # The stock mock monitor deserializes a registration's inputs on an executor thread, and a
    # resource reference among them (`role=role`) makes it construct that resource there, on the
    # thread's own event loop, which the program's loop then awaits: some runs failed with "got
    # Future ... attached to a different loop". Without references the SDK sends a custom
    # resource's ID and a component's URN, which is what the engine hands an analyzer anyway.
    def GetDeploymentInfo(self, request):
        info = super().GetDeploymentInfo(request)
        kept = [f for f in info.supportedFeatures if f != resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES]
        return resource_pb2.DeploymentInfo(supportedFeatures=kept)

    def SupportsFeature(self, request):
        if request.id == "resourceReferences":
            return type("SupportsFeatureResponse", (object,), {"hasSupport": False})
        return super().SupportsFeature(request)

    def RegisterResource(self, request):
        request = self._transformed(request)
        response = super().RegisterResource(request)
        if request.type == AWS_PROVIDER_TYPE:
            self.mocks.remember_provider(f"{response.urn}::{response.id}", json_format.MessageToDict(request.object))
        self._record(request, response.urn, response.id, request.object, external=False)
        return response

    def _transformed(self, request):
        """The registration after the program's transforms, which the engine runs before anything
        sees the resource (an analyzer included): the resource's own, its ancestors', then the
        stack's. Only the properties are taken from their results; options are left as declared."""
        resolve = getattr(mocks, "_resolve_callbacks", None)  # SDKs whose mocks cannot see transforms: none run
        if resolve is None:
            return request
        own = resolve(request.transforms)
        urn = self.make_urn(request.parent, request.type, request.name)
        with self._lock:
            self._registrations[urn] = (request.parent, own)
            inherited, parent = [], request.parent
            while parent in self._registrations:
                parent, transforms = self._registrations[parent]
                inherited += transforms
        transforms = own + inherited + list(getattr(self, "_stack_transforms", []))
        if not transforms or request.type == ROOT_STACK_TYPE:
            return request
        mocks._ensure_event_loop()
        props = rpc.deserialize_properties(request.object)
        for transform in transforms:
            args = ResourceTransformArgs(request.custom, request.type, request.name, props, ResourceOptions())
            result = transform(args)
            if inspect.isawaitable(result):
                result = _sync_await(result)
            if result is not None:
                props = result.props
        transformed = type(request)()
        transformed.CopyFrom(request)
        transformed.object.CopyFrom(_sync_await(rpc.serialize_properties(props, {})))
        return transformed

    def RegisterResourceOutputs(self, request):
        # Components' and the stack's outputs (exports) only arrive here, after registration.
        outputs = json_format.MessageToDict(request.outputs)
        with self._lock:
            # set_mocks registers the root stack's empty outputs itself, and that call can arrive after
            # the program's exports: an empty registration never replaces one with outputs.
            if outputs or request.urn not in self.registered_outputs:
                self.registered_outputs[request.urn] = outputs
        return super().RegisterResourceOutputs(request)

    def ordered_records(self) -> list[dict[str, Any]]:
        """Records in a reproducible order (registrations arrive from several threads): parents,
        providers and dependencies first, then by source position, then URN."""
        records = {r["urn"]: r for r in self.records}
        for urn, outputs in self.registered_outputs.items():
            if urn in records and outputs:
                records[urn]["outputs"] = {**records[urn]["outputs"], **outputs}
        prerequisites = {
            urn: {u for u in [r["parent"], r["provider"].rsplit("::", 1)[0] if r["provider"] else "",
                              *r["dependencies"]] if u in records and u != urn}
            for urn, r in records.items()
        }

        def sort_key(urn: str) -> tuple:
            r = records[urn]
            return (r["type"] != ROOT_STACK_TYPE, r["source_file"], r["source_line"], urn)

        dependents: dict[str, list[str]] = {urn: [] for urn in records}
        for urn, needs in prerequisites.items():
            for need in needs:
                dependents[need].append(urn)
        ordered, done = [], set()
        ready = [(sort_key(u), u) for u, needs in prerequisites.items() if not needs]
        heapq.heapify(ready)
        while ready:
            _, urn = heapq.heappop(ready)
            ordered.append(records[urn])
            done.add(urn)
            for other in dependents[urn]:
                prerequisites[other].discard(urn)
                if not prerequisites[other] and other not in done:
                    heapq.heappush(ready, (sort_key(other), other))
        # Anything left is in a cycle (which the engine would reject); keep it rather than drop it.
        ordered.extend(records[u] for u in sorted(records, key=sort_key) if u not in done)
        return ordered

    def ReadResource(self, request):
        response = super().ReadResource(request)
        self._record(request, response.urn, request.id, request.properties, external=True)
        return response

    def _source_position(self, request) -> tuple[str, int]:
        # The SDK sends the user's stack (innermost first); pick the first frame in the program.
        for frame in request.stackTrace.frames:
            path = Path(unquote(urlparse(frame.pc.uri).path)) if frame.pc.uri else None
            if path and path.is_relative_to(self.program_dir) and "site-packages" not in path.parts:
                return str(path.relative_to(self.program_dir)), frame.pc.line
        return "", 0

    def _default_provider(self, request) -> str:
        """Reference to the default provider the engine would create for this resource's package."""
        package = request.type.split(":")[0]
        version = getattr(request, "version", "")
        key = f"{package}@{version}"
        with self._lock:
            if key in self._default_providers:
                return self._default_providers[key]
            name = "default_" + version.replace(".", "_").replace("-", "_") if version else "default"
            type_ = PROVIDER_TYPE_PREFIX + package
            urn = make_urn(settings.get_stack(), settings.get_project(), type_, name)
            provider_id = f"{name}-provider-id"
            inputs = {key.split(":", 1)[1]: value for key, value in self.stack_config.items()
                      if key.startswith(package + ":")}
            if version:
                inputs["version"] = version
            self.records.append(RecordedResource(
                urn=urn, type=type_, name=name, inputs=_json_safe(inputs), outputs=_json_safe(inputs),
                id=provider_id, custom=True,
            ).to_dict())
            reference = f"{urn}::{provider_id}"
            self._default_providers[key] = reference
            return reference

    def _record(self, request, urn: str, resource_id: str, properties, *, external: bool) -> None:
        inputs = downgrade_resource_references(json_format.MessageToDict(properties))
        inputs = with_json_documents(request.type, inputs, rpc.UNKNOWN)
        registration = self.resources.get(urn)
        if registration is not None and not external:
            inputs = with_auto_name(request.type, inputs, registration.state)
        custom = external or bool(getattr(request, "custom", False))
        outputs = dict(inputs)
        if registration is not None:
            computed = {k: v for k, v in registration.state.items() if k not in inputs}
            outputs.update(_json_safe(computed))
        if custom and resource_id:
            outputs.setdefault("id", resource_id)
        provider = request.provider
        is_provider = request.type.startswith(PROVIDER_TYPE_PREFIX)
        if custom and not provider and not is_provider and request.type != ROOT_STACK_TYPE:
            provider = self._default_provider(request)
        options: dict[str, Any] = {}
        if not external:
            options = {
                "protect": request.protect,
                "ignoreChanges": list(request.ignoreChanges),
                "additionalSecretOutputs": list(request.additionalSecretOutputs),
                "aliases": list(request.aliasURNs),
            }
            if request.deleteBeforeReplaceDefined:
                options["deleteBeforeReplace"] = request.deleteBeforeReplace
                options["deleteBeforeReplaceDefined"] = True
            timeouts = request.customTimeouts
            if timeouts.create or timeouts.update or timeouts.delete:
                options["customTimeouts"] = {
                    "create": _duration_seconds(timeouts.create),
                    "update": _duration_seconds(timeouts.update),
                    "delete": _duration_seconds(timeouts.delete),
                }
        source_file, source_line = self._source_position(request)
        record = {
            "urn": urn,
            "type": request.type,
            "name": request.name,
            "inputs": inputs,
            "outputs": outputs,
            "id": resource_id or "",
            "parent": request.parent,
            "dependencies": list(request.dependencies),
            "property_dependencies": {k: list(v.urns) for k, v in getattr(request, "propertyDependencies", {}).items()},
            "provider": provider,
            "custom": custom,
            "external": external,
            "options": options,
            "source_file": source_file,
            "source_line": source_line,
        }
        with self._lock:
            self.records.append(record)


class _CollectingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.entries: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.entries.append({"level": record.levelname.lower(), "message": record.getMessage()})


def _program_traceback(error: BaseException, program_dir: Path) -> str:
    """The traceback trimmed to the user's own frames (the SDK's are noise for a program author)."""
    if isinstance(error, SyntaxError):
        return "".join(traceback.format_exception_only(type(error), error))
    # `<frozen runpy>` is no file, though as a relative path it would resolve inside the program.
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.startswith("<") and Path(f.filename).resolve().is_relative_to(program_dir)]
    text = "".join(traceback.format_list(frames)) if frames else "".join(traceback.format_tb(error.__traceback__))
    return "Traceback (most recent call last):\n" + text + "".join(traceback.format_exception_only(type(error), error))


def _unanswered_note(offline: OfflineAwsMocks) -> str:
    # A value the program built from an unanswered data source or stack reference is empty, which
    # is often why it failed: say so next to the traceback.
    missing = offline.unanswered()
    if not missing:
        return ""
    return ("\nThese have no offline answer, so values read from them were empty: " + ", ".join(missing)
            + " (see the stackcheck README: data sources and stack references).")


def record(request: dict[str, Any]) -> dict[str, Any]:
    program_dir = Path(request["program_dir"]).resolve()
    main = Path(request["main"]).resolve()
    # As under the language host: the entry point's directory is the first place imports look.
    if str(main.parent) not in sys.path:
        sys.path.insert(0, str(main.parent))
    sys.argv = [str(main)]

    offline = OfflineAwsMocks(AwsEnvironment.from_config(request["config"]), preview=request["preview"])
    references = request["config"].get(STACK_REFERENCES_CONFIG_KEY)
    offline.stack_references = references if isinstance(references, dict) else {}
    monitor = RecordingMonitor(offline, program_dir, request["config"])
    handler = _CollectingHandler()
    logger = logging.getLogger("stackcheck.program")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    mocks.set_mocks(
        offline,
        project=request["project"],
        stack=request["stack"],
        preview=request["preview"],
        logger=logger,
        monitor=monitor,
        organization=request["organization"],
    )

    # set_mocks() builds the root stack and closes it at once; reopen it so the program can use
    # `pulumi.run(...)` and its exports get registered, as under the real language host.
    root = settings.get_root_resource()
    if hasattr(root, "_outputs_registered") and hasattr(root, "_async_program_registration_closed"):
        root._outputs_registered = False
        root._async_program_registration_closed = False

    async def run_program() -> None:
        import runpy

        runpy.run_path(str(main), run_name="__main__")
        take = getattr(root, "_take_async_program", None)
        program = take() if take else None
        if program is not None:
            root._add_program_outputs(await program())
        finish = getattr(root, "_finish", None)
        if finish:
            finish()

    try:
        _sync_await(run_pulumi_func(run_program))
    except SyntaxError as error:
        raise ProgramFailure("syntax", f"syntax error in {error.filename}, line {error.lineno}",
                             _program_traceback(error, program_dir)) from None
    except SystemExit as exit_:
        # The language host fails the update when the program exits, whatever the code.
        raise ProgramFailure("exit", f"the program exited (sys.exit({exit_.code!r}))",
                             _program_traceback(exit_, program_dir) + _unanswered_note(offline)) from None
    except Exception as error:  # noqa: BLE001 - any program failure is reported, not re-raised
        raise ProgramFailure("exception", f"the program raised {type(error).__name__}: {error}",
                             _program_traceback(error, program_dir) + _unanswered_note(offline)) from None

    seen, duplicates = set(), set()
    for urn in (r["urn"] for r in monitor.records):
        (duplicates if urn in seen else seen).add(urn)
    if duplicates:
        raise ProgramFailure("duplicate-urn", "the program registered the same resource twice",
                             "\n".join(f"Duplicate resource URN '{urn}'" for urn in sorted(duplicates)))
    errors = [entry["message"] for entry in handler.entries if entry["level"] in ("error", "critical")]
    if errors:
        # The engine fails a preview when the program logs an error; so do we.
        raise ProgramFailure("logged-error", "the program logged errors", "\n".join(errors))
    return {
        "resources": monitor.ordered_records(),
        "invokes": offline.invokes,
        "unmocked_invokes": offline.unanswered(),
        "logs": handler.entries,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    request_path, result_path = argv
    request = json.loads(Path(request_path).read_text(encoding="utf-8"))
    try:
        result: dict[str, Any] = {"ok": True, **record(request)}
    except ProgramFailure as failure:
        result = {"ok": False, "error": {"kind": failure.kind, "message": failure.message, "details": failure.details}}
    except BaseException as error:  # noqa: BLE001 - reported to the parent instead of a bare traceback
        result = {"ok": False, "error": {"kind": "internal", "message": f"{type(error).__name__}: {error}",
                                         "details": traceback.format_exc()}}
    Path(result_path).write_text(json.dumps(result, default=str), encoding="utf-8")
    sys.stdout.flush()
    # Skip interpreter teardown: leftover SDK threads (gRPC, executors) can make it hang.
    os._exit(0)


if __name__ == "__main__":
    main()
