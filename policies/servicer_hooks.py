"""Installing the pack's hooks on pulumi-policy's servicer class, each once.

The SDK offers no extension point for what a few modules need to see (ConfigureStack's `dry_run`,
where one Analyze call begins and ends), so they wrap the servicer's methods. Each hook is
installed at most once, whatever other hooks wrap the same method.
"""

from collections.abc import Callable

from pulumi_policy import policy as sdk_policy

Hook = Callable[[Callable], Callable]


def hook_servicer_method(name: str, make_hook: Hook, servicer_class=None) -> bool:
    """Replace the servicer's method `name` with `make_hook(original)`; True once in place, False if
    the SDK has no such method (then the SDK's own behaviour stays)."""
    servicer_class = servicer_class or getattr(sdk_policy, "_PolicyAnalyzerServicer", None)
    handler = getattr(servicer_class, name, None)
    if handler is None:
        return False
    installed = handler
    while installed is not None:
        if getattr(installed, "_guardrails_hook", None) is make_hook:
            return True
        installed = getattr(installed, "__wrapped__", None)
    hook = make_hook(handler)
    hook._guardrails_hook = make_hook
    hook.__wrapped__ = handler
    setattr(servicer_class, name, hook)
    return True


_RUN_BEFORE: dict[tuple[str, Callable], Hook] = {}


def run_before(name: str, action: Callable, servicer_class=None) -> bool:
    """Have the servicer's method `name` call `action(request)` before its own work (ConfigureStack
    forgetting the last run, Configure checking the config); True once in place, each action once."""
    make_hook = _RUN_BEFORE.get((name, action))
    if make_hook is None:
        def make_hook(handler):
            def method(self, request, context):
                action(request)
                return handler(self, request, context)

            return method

        _RUN_BEFORE[(name, action)] = make_hook
    return hook_servicer_method(name, make_hook, servicer_class)
