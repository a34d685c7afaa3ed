"""The resource shape everything in stackcheck passes around: what a Pulumi program registered,
in the form the engine would hand to a policy pack."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

ROOT_STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"


def make_urn(stack: str, project: str, type_: str, name: str, parent_urn: str | None = None) -> str:
    """Build a URN the way the engine does: the parent's qualified type chain is prefixed to the
    type with `$`, except for the root stack, which never shows up in children's URNs."""
    qualified = type_
    if parent_urn:
        parent_qualified = urn_qualified_type(parent_urn)
        if parent_qualified != ROOT_STACK_TYPE:
            qualified = f"{parent_qualified}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def urn_qualified_type(urn: str) -> str:
    parts = urn.split("::")
    return parts[2] if len(parts) >= 4 else ""


def urn_name(urn: str) -> str:
    # Names may themselves contain "::", so everything after the type is the name.
    parts = urn.split("::")
    return "::".join(parts[3:]) if len(parts) >= 4 else urn


@dataclass
class RecordedResource:
    """One registered resource.

    `inputs` are what Analyze receives (the engine's camelCase property names, secrets and unknowns
    in wire form); `outputs` are what AnalyzeStack receives (inputs plus provider-computed values).
    `provider` is a provider reference (`<provider-urn>::<id>`) or empty.
    """

    urn: str
    type: str
    name: str
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None
    id: str = ""
    parent: str = ""
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    provider: str = ""
    custom: bool = True
    external: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    source_file: str = ""
    source_line: int = 0

    @classmethod
    def new(
        cls,
        type_: str,
        name: str,
        inputs: dict[str, Any] | None = None,
        *,
        outputs: dict[str, Any] | None = None,
        parent: RecordedResource | str | None = None,
        stack: str = "stack",
        project: str = "project",
        **fields: Any,
    ) -> RecordedResource:
        """A hand-made resource with an engine-style URN, for tests that skip running a program."""
        parent_urn = parent.urn if isinstance(parent, RecordedResource) else (parent or "")
        return cls(
            urn=make_urn(stack, project, type_, name, parent_urn),
            type=type_,
            name=name,
            inputs=dict(inputs or {}),
            outputs=None if outputs is None else dict(outputs),
            parent=parent_urn,
            **fields,
        )

    @property
    def state(self) -> dict[str, Any]:
        """Outputs when known, otherwise inputs: what AnalyzeStack sends."""
        return self.outputs if self.outputs is not None else self.inputs

    @property
    def provider_urn(self) -> str:
        # A provider reference is "<urn>::<id>"; the URN itself contains "::", the ID never does.
        return self.provider.rsplit("::", 1)[0] if self.provider else ""

    def copy(self) -> RecordedResource:
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordedResource:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{key: value for key, value in data.items() if key in known})
