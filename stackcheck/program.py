"""Parent side of recording: run a Pulumi program offline in a fresh interpreter and load what it
registered as RecordedResources."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ProgramLoadError
from .project import PulumiProject, load_project, load_stack_config, virtualenv_pythons
from .project import stack_tags as resolve_stack_tags
from .resources import RecordedResource

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


@dataclass
class StackRecording:
    """Everything one offline run of a program produced. `resources` may be edited freely and the
    recording analyzed again (see `analyze_recording`) without re-running the program."""

    project: str
    stack: str
    program_dir: Path
    main: Path
    resources: list[RecordedResource]
    config: dict[str, str] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)
    stack_tags: dict[str, str] = field(default_factory=dict)
    organization: str = "organization"
    preview: bool = False
    invokes: list[str] = field(default_factory=list)
    unmocked_invokes: list[str] = field(default_factory=list)
    config_warnings: list[str] = field(default_factory=list)
    logs: list[dict[str, str]] = field(default_factory=list)

    def find(self, type_: str | None = None, name: str | None = None) -> list[RecordedResource]:
        return [r for r in self.resources
                if (type_ is None or r.type == type_) and (name is None or r.name == name)]

    def get(self, name: str, type_: str | None = None) -> RecordedResource:
        """The one resource with this logical name (and type, when names are reused)."""
        matches = self.find(type_, name)
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} resources named {name!r}" + (f" of type {type_}" if type_ else ""))
        return matches[0]

    def by_urn(self, urn: str) -> RecordedResource | None:
        return next((r for r in self.resources if r.urn == urn), None)

    def copy(self) -> StackRecording:
        return copy.deepcopy(self)


def record_program(
    program_dir: str | os.PathLike,
    stack: str,
    *,
    config: dict[str, Any] | None = None,
    stack_tags: dict[str, str] | None = None,
    organization: str = "organization",
    preview: bool = False,
    timeout: float = 120.0,
    python: str | None = None,
) -> StackRecording:
    """Run the program in `program_dir` for `stack` under Pulumi mocks and return its resources.

    `config` adds or overrides stack config values (keys without a namespace belong to the
    project); `stack_tags` add to the tags from the config key `stackcheck:stackTags`.
    `preview=True` runs as a preview, so outputs the mocks do not compute stay unknown.
    `python` is the interpreter to run the program with; by default that of the virtualenv Pulumi.yaml
    names (`runtime.options.virtualenv`), as the Pulumi CLI does, when it exists and has `pulumi`,
    else this one.
    """
    # `acme/prod` and `acme/ml-platform/prod` name the stack `prod`, as `pulumi stack select` takes them.
    qualifier, _, stack = stack.rpartition("/")
    if qualifier and organization == "organization":
        organization = qualifier.split("/", 1)[0]
    project = load_project(program_dir)
    python = python or program_python(project) or sys.executable
    stack_config = load_stack_config(project, stack, config)
    tags = resolve_stack_tags(project, stack_config, stack_tags)
    request = {
        "program_dir": str(project.directory),
        "main": str(project.main),
        "project": project.name,
        "stack": stack,
        "organization": organization,
        "preview": preview,
        "config": stack_config.structured,
    }
    with tempfile.TemporaryDirectory(prefix="stackcheck-") as scratch:
        env = {
            **os.environ,
            "PULUMI_CONFIG": json.dumps(stack_config.values),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(stack_config.secret_keys),
            "PYTHONPATH": _program_python_path(Path(scratch, "path")),
            # A user's program directory should not collect __pycache__ folders from a test run.
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        request_path, result_path = Path(scratch, "request.json"), Path(scratch, "result.json")
        request_path.write_text(json.dumps(request), encoding="utf-8")
        command = [python, "-m", "stackcheck.recorder", str(request_path), str(result_path)]
        try:
            # The language host runs the program from its entry point's directory (Pulumi.yaml `main`).
            completed = subprocess.run(command, cwd=project.main.parent, env=env, capture_output=True,
                                       stdin=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired as expired:
            raise ProgramLoadError(f"{project.main} did not finish within {timeout:g}s",
                                   details=_output_tail(expired.stdout, expired.stderr)) from None
        except OSError as error:
            raise ProgramLoadError(f"cannot run {python}: {error.strerror or error}") from None
        if not result_path.is_file():
            printed = _output_tail(completed.stdout, completed.stderr)
            hint = _interpreter_hint(python, project) if "ModuleNotFoundError" in printed else ""
            raise ProgramLoadError(f"running {project.main} failed (exit code {completed.returncode}){hint}",
                                   details=printed)
        result = json.loads(result_path.read_text(encoding="utf-8"))
    if not result["ok"]:
        error = result["error"]
        # A missing or garbled config value is the usual cause when the config could not be read as is.
        notes = "".join(f"\n  note: {warning}" for warning in stack_config.warnings)
        # What the program printed often says why it gave up (a missing file, a refusal to run).
        printed = _output_tail(completed.stdout, completed.stderr)
        details = "\n".join(part for part in (error.get("details", ""), printed) if part)
        missing_module = error["message"].startswith("the program raised ModuleNotFoundError")
        hint = _interpreter_hint(python, project) if missing_module else ""
        raise ProgramLoadError(f"{project.main} ({project.name}/{stack}): {error['message']}{hint}{notes}",
                               details=details)
    return StackRecording(
        project=project.name,
        stack=stack,
        program_dir=project.directory,
        main=project.main,
        resources=[RecordedResource.from_dict(r) for r in result["resources"]],
        config=stack_config.values,
        secret_keys=stack_config.secret_keys,
        stack_tags=tags,
        organization=organization,
        preview=preview,
        invokes=result["invokes"],
        unmocked_invokes=result["unmocked_invokes"],
        config_warnings=stack_config.warnings,
        logs=result["logs"],
    )


def program_python(project: PulumiProject) -> str | None:
    """The interpreter of the virtualenv Pulumi.yaml names, as the Pulumi CLI runs the program with it,
    when it exists and can run the recorder (which needs `pulumi`; stackcheck itself is put on its
    path); else None."""
    if project.virtualenv is None:
        return None
    return next((str(python) for python in virtualenv_pythons(project.virtualenv) if _has_pulumi(str(python))), None)


def _has_pulumi(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import pulumi.runtime"], capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _interpreter_hint(python: str, project: PulumiProject) -> str:
    # A module the program imports is missing: usually it is installed in another virtualenv.
    hint = f"\n  note: the program ran with {python}; "
    if project.virtualenv is not None and not Path(python).is_relative_to(project.virtualenv):
        hint += (f"Pulumi.yaml names the virtualenv {project.virtualenv}, which does not exist or has no pulumi;"
                 " create it, or pass --python (python= in the library)")
    else:
        hint += ("if the program's packages are in a virtualenv, name it in Pulumi.yaml"
                 " (runtime.options.virtualenv), or pass --python (python= in the library)")
    return hint


def _program_python_path(directory: Path) -> str:
    """The program's PYTHONPATH: the caller's, plus a directory holding only this package.

    Not this package's parent: beside the kit sits the pack, whose `policies` package would hide a
    program's own `policies` (or, as a regular package, a program's `policies` folder would be
    hidden by it). For the same reason an entry for that parent is dropped from the caller's path,
    where it is usually only there to find this kit.
    """
    directory.mkdir()
    package = Path(__file__).resolve().parent
    try:
        (directory / package.name).symlink_to(package, target_is_directory=True)
    except OSError:  # no symlinks (some Windows setups): a copy serves as well for one run
        shutil.copytree(package, directory / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                 if entry and not _same_directory(entry, _PACKAGE_PARENT)]
    return os.pathsep.join([str(directory), *inherited])


def _same_directory(entry: str, directory: str) -> bool:
    try:
        return Path(entry).resolve() == Path(directory)
    except OSError:
        return False


def _output_tail(stdout: bytes | None, stderr: bytes | None, limit: int = 3000) -> str:
    parts = []
    for label, data in (("stdout", stdout), ("stderr", stderr)):
        text = (data or b"").decode("utf-8", "replace").strip()
        if text:
            parts.append(f"--- {label} (tail) ---\n{text[-limit:]}")
    return "\n".join(parts)
