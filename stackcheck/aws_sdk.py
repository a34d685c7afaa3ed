"""What the installed pulumi_aws SDK says about its resource types: which types it has, and which
inputs each takes optionally.

The offline provider needs this to name resources as pulumi-aws does: the provider auto-names every
resource whose `name` input the program may leave out (the bridge's `SetAutonaming`: logical name,
"-", 7 random hex characters), and such a `name` is optional in the SDK. A name the provider does
not choose is required there (`aws.route53.Record`), or called otherwise (`app_name`).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import re
import warnings
from functools import lru_cache
from pathlib import Path

# The SDK's registry of its resource types, in its `__init__.py`.
_SDK_RESOURCE_MODULES = re.compile(r'resource_modules="{3}(.*?)"{3}', re.S)


@lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[str, str]]:
    """Every resource type token of the installed pulumi_aws -> (its Python module, its class name)."""
    spec = importlib.util.find_spec("pulumi_aws")
    if spec is None or not spec.origin:
        return {}
    match = _SDK_RESOURCE_MODULES.search(Path(spec.origin).read_text(encoding="utf-8"))
    try:
        modules = json.loads(match.group(1)) if match else []
    except ValueError:
        return {}
    return {token: (module["fqn"], class_name)
            for module in modules for token, class_name in module.get("classes", {}).items()}


@lru_cache(maxsize=1)
def sdk_resource_types() -> frozenset[str]:
    """Every resource type token the installed pulumi_aws SDK registers."""
    return frozenset(_registry())


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@lru_cache(maxsize=4096)
def optional_inputs(type_: str) -> frozenset[str] | None:
    """The camelCase inputs of a pulumi_aws resource type that a program may leave out; None when
    the installed SDK does not have the type."""
    found = _registry().get(type_)
    if found is None:
        return None
    module_name, class_name = found
    try:
        # Usually imported already: the program made a resource of this type. Some modules warn of
        # their deprecated types as they load, which is no news to this program.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            args_class = getattr(importlib.import_module(module_name), f"{class_name}Args", None)
    except ImportError:
        return None
    if args_class is None:
        return None
    parameters = inspect.signature(args_class.__init__).parameters.values()
    return frozenset(_camel(p.name) for p in parameters
                     if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty)
