"""Memory of a function's last few calls, keyed by the identity of the first argument.

Used where the same object is handed to the same function several times in one request (the
SDK's conversions, the pack's policies reading one resource). Identity keeps the check cheap
whatever the object's size, and is only sound for objects nobody mutates between calls.
"""

import threading
from collections.abc import Callable


def remember_recent_calls(function: Callable, size: int = 4) -> Callable:
    """`function`, answering a repeat of one of its last `size` calls on this thread (same first
    argument object, equal other positional arguments) from memory. Keyword calls pass through."""
    recent = threading.local()

    def remembered(argument, *flags, **options):
        if options:
            return function(argument, *flags, **options)
        try:
            calls = recent.calls
        except AttributeError:
            calls = recent.calls = []
        for earlier_argument, earlier_flags, result in calls:
            if earlier_argument is argument and (earlier_flags is flags or earlier_flags == flags):
                return result
        result = function(argument, *flags)
        # Holding the argument keeps its id from being reused, so `is` above is exact.
        calls.insert(0, (argument, flags, result))
        del calls[size:]
        return result

    remembered.__wrapped__ = function
    return remembered
