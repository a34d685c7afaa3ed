"""Which of Analyze's calls is running on this thread.

The policies of one request run one after another on one thread (gRPC runs a call on one thread
from start to end). Numbering the calls lets state handed from one policy to a later one in the
same request (the advisory channel) tell that request from the next, even when the next is the
same resource again and a Configure in between changed which policies run.

The pack's own Analyze (`analyze_loop`) numbers its calls itself; this hook numbers the SDK's,
which answers when the pack's loop is not installed.
"""

import itertools
import threading
from contextlib import contextmanager

from .servicer_hooks import hook_servicer_method

_local = threading.local()
_numbers = itertools.count(1)


def current_call() -> int | None:
    """The number of the Analyze call running on this thread; None outside one (direct calls in tests)."""
    return getattr(_local, "number", None)


@contextmanager
def numbered_call():
    """Number the Analyze call that runs inside this block."""
    _local.number = next(_numbers)
    try:
        yield
    finally:
        _local.number = None


def number_analyze_calls(servicer_class=None) -> bool:
    """Have the SDK's Analyze handler number its calls; True once installed."""
    return hook_servicer_method("Analyze", _numbering, servicer_class)


def _numbering(handler):
    def analyze(self, request, context):
        with numbered_call():
            return handler(self, request, context)

    return analyze
