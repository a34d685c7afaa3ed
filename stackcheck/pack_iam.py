"""The IAM model of the pack beside this kit (`policies/iam`: the catalog of ARN formats, the
snapshot of AWS managed policies), loaded from its files under a private module name.

The offline provider answers from inside the program's interpreter, where `policies` belongs to the
program: a program's own `policies` package would hide the pack's, and the pack's would hide a
program's `policies` folder. `policies/iam` imports nothing outside itself, so it loads on its own,
and without the pack's `policies/__init__`, which would also patch the policy SDK there.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType

PACK_IAM_DIR = Path(__file__).resolve().parent.parent / "policies" / "iam"
# No program names a module this, so no program's import can stand in for it (or be hidden by it).
_PRIVATE_NAME = "_stackcheck_pack_iam"
_lock = threading.Lock()


def pack_iam_module(name: str) -> ModuleType | None:
    """The pack's `policies.iam.<name>`, or None when this kit does not run beside the pack."""
    with _lock:
        if _PRIVATE_NAME not in sys.modules and not _load_package():
            return None
    return importlib.import_module(f"{_PRIVATE_NAME}.{name}")


def _load_package() -> bool:
    init = PACK_IAM_DIR / "__init__.py"
    if not init.is_file():
        return False
    spec = importlib.util.spec_from_file_location(_PRIVATE_NAME, init, submodule_search_locations=[str(PACK_IAM_DIR)])
    package = importlib.util.module_from_spec(spec)
    # Registered before it runs, as the import system does, so its relative imports find it.
    sys.modules[_PRIVATE_NAME] = package
    try:
        spec.loader.exec_module(package)
    except BaseException:
        del sys.modules[_PRIVATE_NAME]
        raise
    return True
