"""Whether the engine runs a preview, where values can be unknown, or an update, where none are.

During a preview the engine sends a value it cannot know yet as a sentinel string, and the pack
treats it as unknown. During an update every input is known, so the same string can only be text
the stack wrote itself. Treating it as unknown then would let a document hide from every rule by
carrying the sentinel (in a condition value, say), so once the engine has said "update", the
sentinel inside a document is read as the literal string it is.

The engine says it twice: the CLI starts the pack with PULUMI_DRY_RUN in its environment, and
newer engines also send `dry_run` in ConfigureStack (older ones always sent false there, so a
"true" from either wins). With neither, the pack assumes a preview: that never blocks a
deployment on a value that may still change.
"""

import os

from .iam.values import contains_unknown, values_at
from .servicer_hooks import run_before

_configured_dry_run: bool | None = None


def values_can_be_unknown() -> bool:
    """False only when the engine has said this run is an update, not a preview."""
    from_environment = os.environ.get("PULUMI_DRY_RUN")
    if from_environment == "true" or _configured_dry_run is True:
        return True
    return not (from_environment == "false" or _configured_dry_run is False)


def values_known_to_this_run(props, steps) -> list:
    """`values_at(props, steps)`, the unknown marker read as text during an update. Values rarely hold
    the marker, so the run is asked only when one does."""
    found = values_at(props, steps)
    if any(contains_unknown(value) for _, value in found) and not values_can_be_unknown():
        return values_at(props, steps, markers_are_unknown=False)
    return found


def remember_configure_stack(servicer_class=None) -> bool:
    """Have the SDK's ConfigureStack handler note `dry_run` before doing its own work; True once installed."""
    return run_before("ConfigureStack", _note_dry_run, servicer_class)


def _note_dry_run(request) -> None:
    global _configured_dry_run
    _configured_dry_run = bool(getattr(request, "dry_run", False))
