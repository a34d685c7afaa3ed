"""Which of the SDK's Analyze calls is running on this thread, and what its policies share.

The policies of one request run one after another on one thread (gRPC runs a call on one thread
from start to end). Numbering the calls lets state handed from one policy to a later one in the
same request (the advisory channel) tell that request from the next, even when the next is the
same resource again and a Configure in between changed which policies run. `once_per_call` keeps
an answer for the rest of the call (the SDK's readings of the request, `sdk_sharing`).

Nothing of a request outlives its call: a request kept in a thread-local until the interpreter
exited once crashed CPython 3.11 (bench/RESULTS.md, item 12).
"""

import itertools
import threading

from .servicer_hooks import hook_servicer_method

_local = threading.local()
_numbers = itertools.count(1)


def current_call() -> int | None:
    """The number of the Analyze call running on this thread; None outside one (direct calls in tests)."""
    return getattr(_local, "number", None)


def current_request():
    """The AnalyzeRequest of the call running on this thread; None outside one."""
    return getattr(_local, "request", None)


def once_per_call(request, key, compute, *arguments):
    """`compute(*arguments)`, kept under `key` for the rest of the Analyze call of `request` on this
    thread; computed afresh outside that call."""
    if getattr(_local, "request", None) is not request:
        return compute(*arguments)
    answers = _local.answers
    if key not in answers:
        answers[key] = compute(*arguments)
    return answers[key]


def number_analyze_calls(servicer_class=None) -> bool:
    """Have the SDK's Analyze handler number its calls; True once installed."""
    return hook_servicer_method("Analyze", _numbering, servicer_class)


def _numbering(handler):
    def analyze(self, request, context):
        _local.number, _local.request, _local.answers = next(_numbers), request, {}
        try:
            return handler(self, request, context)
        finally:
            _local.number = _local.request = _local.answers = None

    return analyze
