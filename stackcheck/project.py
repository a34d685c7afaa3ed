"""Reading a Pulumi project directory: Pulumi.yaml, Pulumi.<stack>.yaml and the flat config map
the language host hands to a program (the same shape as the CLI's PULUMI_CONFIG)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ProgramLoadError

# Stack tags can't live in Pulumi.<stack>.yaml natively (the service stores them), so the kit
# reads them from this config key: `stackcheck:stackTags: {owner: ml-platform}`.
STACK_TAGS_CONFIG_KEY = "stackcheck:stackTags"


def read_yaml_file(path: Path) -> Any:
    return _parsed_yaml(path.read_text(encoding="utf-8"), path)


def _parsed_yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        return load_yaml_text(text)
    except yaml.YAMLError as error:
        raise ProgramLoadError(f"cannot parse {path}: {error}") from None


def load_yaml_text(text: str) -> Any:
    """YAML as the safe loader reads it, except that dates and timestamps stay the text written."""
    import yaml

    return yaml.load(text, Loader=_loader_keeping_timestamps_as_text())


@lru_cache(maxsize=1)
def _loader_keeping_timestamps_as_text() -> type:
    """A safe loader that reads a date or timestamp (`reviewBy: 2025-06-30`) as the text written:
    Pulumi hands it to the program as that string, and a date object is not even JSON."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
    return Loader


@dataclass(frozen=True)
class PulumiProject:
    directory: Path
    name: str
    main: Path
    description: str = ""
    runtime: str = "python"
    config_defaults: dict[str, Any] = field(default_factory=dict)
    # Where the stack files live: the project directory, or Pulumi.yaml's `stackConfigDir`.
    stack_config_dir: Path | None = None
    # The virtualenv the Pulumi CLI runs the program in: Pulumi.yaml's `runtime.options.virtualenv`.
    virtualenv: Path | None = None

    @property
    def stack_files_directory(self) -> Path:
        return self.stack_config_dir or self.directory

    def stack_file(self, stack: str) -> Path:
        for suffix in ("yaml", "yml"):
            path = self.stack_files_directory / f"Pulumi.{stack}.{suffix}"
            if path.is_file():
                return path
        return self.stack_files_directory / f"Pulumi.{stack}.yaml"

    def available_stacks(self) -> list[str]:
        stacks = set()
        for path in self.stack_files_directory.glob("Pulumi.*.y*ml"):
            stack = path.name.split(".", 1)[1].rsplit(".", 1)[0]
            if path.suffix in (".yaml", ".yml") and stack:
                stacks.add(stack)
        return sorted(stacks)


def runtime_virtualenv(manifest: Any, directory: Path) -> Path | None:
    """The virtualenv a Pulumi.yaml or PulumiPolicy.yaml names (`runtime.options.virtualenv`),
    relative to its directory as the CLI reads it (an absolute path stays as it is)."""
    runtime = manifest.get("runtime") if isinstance(manifest, dict) else None
    options = runtime.get("options") if isinstance(runtime, dict) else None
    virtualenv = options.get("virtualenv") if isinstance(options, dict) else None
    return directory / virtualenv if isinstance(virtualenv, str) and virtualenv else None


def virtualenv_pythons(virtualenv: Path) -> list[Path]:
    """The interpreters a virtualenv has, where the CLI looks for them (POSIX, then Windows)."""
    return [path for path in (virtualenv / "bin/python", virtualenv / "Scripts/python.exe") if path.is_file()]


def load_project(program_dir: str | Path) -> PulumiProject:
    directory = Path(program_dir).resolve()
    if not directory.is_dir():
        raise ProgramLoadError(f"program directory {directory} does not exist")
    manifest = next((directory / n for n in ("Pulumi.yaml", "Pulumi.yml") if (directory / n).is_file()), None)
    if manifest is None:
        raise ProgramLoadError(f"no Pulumi.yaml in {directory}")
    data = read_yaml_file(manifest) or {}
    if not isinstance(data, dict) or not data.get("name"):
        raise ProgramLoadError(f"{manifest} has no project name")
    runtime = data.get("runtime", "python")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise ProgramLoadError(f"{manifest}: runtime {runtime_name!r} is not supported (only python programs)")
    main = directory / str(data.get("main") or "")
    if main.is_dir():
        main = main / "__main__.py"
    if not main.is_file():
        raise ProgramLoadError(f"program entry point {main} does not exist")
    defaults = {}
    for key, spec in (data.get("config") or {}).items():
        # Project-level config: either a plain value or a {type, default|value, ...} declaration.
        if isinstance(spec, dict) and ("default" in spec or "value" in spec):
            defaults[key] = spec.get("value", spec.get("default"))
        elif not isinstance(spec, dict):
            defaults[key] = spec
    stack_config_dir = data.get("stackConfigDir")
    return PulumiProject(
        directory=directory,
        name=str(data["name"]),
        main=main,
        description=str(data.get("description") or ""),
        runtime=runtime_name,
        config_defaults=defaults,
        stack_config_dir=(directory / str(stack_config_dir)).resolve() if stack_config_dir else None,
        virtualenv=runtime_virtualenv(data, directory),
    )


@dataclass(frozen=True)
class StackConfig:
    """The flat config map: every value a string, structured values JSON-encoded, as the CLI does."""

    values: dict[str, str]
    secret_keys: list[str]
    structured: dict[str, Any]
    # What the program will see differently from under the CLI, to be said on stderr.
    warnings: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.structured.get(key, default)


def _qualify(key: str, project: str) -> str:
    # A bare key belongs to the project namespace, exactly like `pulumi config set foo`.
    return key if ":" in key else f"{project}:{key}"


def load_stack_config(project: PulumiProject, stack: str, overrides: dict[str, Any] | None = None) -> StackConfig:
    path = project.stack_file(stack)
    if not path.is_file():
        available = ", ".join(project.available_stacks()) or "none"
        raise ProgramLoadError(
            f"stack {stack!r} has no {path.name} in {project.stack_files_directory} (stacks: {available})"
        )
    text = path.read_text(encoding="utf-8")
    data = _parsed_yaml(text, path) or {}
    if not isinstance(data, dict):
        raise ProgramLoadError(f"{path} is not a mapping")
    raw: dict[str, Any] = {_qualify(k, project.name): v for k, v in project.config_defaults.items()}
    raw.update({_qualify(k, project.name): v for k, v in (data.get("config") or {}).items()})
    raw.update({_qualify(k, project.name): v for k, v in _scalars_as_written(text).items()})
    raw.update({_qualify(k, project.name): v for k, v in (overrides or {}).items()})

    values, secret_keys, structured, warnings = {}, [], {}, []
    environments = data.get("environment")
    if environments:
        warnings.append(f"{path.name} imports Pulumi ESC environments ({json.dumps(environments)}), which cannot be "
                        "read offline: the program sees none of their values (pass them with --config KEY=VALUE)")
    for key, value in raw.items():
        # Ciphertext cannot be decrypted offline: the program sees the opaque string, and the key is
        # secret, as Pulumi makes it when a secure: value stands anywhere inside it.
        value, encrypted = _with_ciphertexts(value, key)
        if encrypted == [key]:
            secret_keys.append(key)
            warnings.append(f"config {key} is encrypted (secure:) and cannot be decrypted offline: the program "
                            f"sees its ciphertext (pass --config {key}=VALUE to give it a value)")
        elif encrypted:
            secret_keys.append(key)
            warnings.append(f"config {key} holds encrypted (secure:) values that cannot be decrypted offline: "
                            f"the program sees their ciphertext at {', '.join(encrypted)} (pass --config "
                            f"{key}=JSON to give them values)")
        if isinstance(value, str):
            values[key] = structured[key] = value
        else:
            values[key] = json.dumps(value)
            structured[key] = value
    return StackConfig(values=values, secret_keys=sorted(secret_keys), structured=structured, warnings=warnings)


def _scalars_as_written(text: str) -> dict[str, str]:
    """The stack file's config values that are plain text, as written: Pulumi hands a program the text of
    such a value, never YAML 1.1's reading of it (`001122334455` is no octal number, `on` no boolean)."""
    import yaml

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    config = next((value for key, value in getattr(root, "value", ()) if getattr(key, "value", None) == "config"),
                  None)
    if not isinstance(config, yaml.MappingNode):
        return {}
    return {
        key.value: value.value for key, value in config.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
        and value.tag != "tag:yaml.org,2002:null"
    }


def _with_ciphertexts(value: Any, path: str) -> tuple[Any, list[str]]:
    """`value` with each nested `{"secure": ciphertext}` replaced by its ciphertext, and where they were."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return str(value["secure"]), [path]
        pairs = [(k, _with_ciphertexts(v, f"{path}.{k}")) for k, v in value.items()]
        return {k: v for k, (v, _) in pairs}, [where for _, (_, found) in pairs for where in found]
    if isinstance(value, list):
        items = [_with_ciphertexts(v, f"{path}[{i}]") for i, v in enumerate(value)]
        return [v for v, _ in items], [where for _, found in items for where in found]
    return value, []


def default_stack_tags(project: PulumiProject) -> dict[str, str]:
    """The tags the CLI attaches to every stack of a project."""
    tags = {"pulumi:project": project.name, "pulumi:runtime": project.runtime}
    if project.description:
        tags["pulumi:description"] = project.description
    return tags


def stack_tags(project: PulumiProject, config: StackConfig, extra: dict[str, str] | None = None) -> dict[str, str]:
    tags = default_stack_tags(project)
    from_config = config.get(STACK_TAGS_CONFIG_KEY) or {}
    if not isinstance(from_config, dict):
        raise ProgramLoadError(f"config {STACK_TAGS_CONFIG_KEY} must be a mapping of tag names to values")
    tags.update({str(k): str(v) for k, v in from_config.items()})
    tags.update({str(k): str(v) for k, v in (extra or {}).items()})
    return tags
