"""lru_cache for the inputs worth keeping.

The IAM model caches answers keyed by what documents hold. Real keys are short and recur; a
hostile document can hold keys of megabytes that never recur. Those are computed each time
instead, so they neither bloat a cache nor push the real keys out of it.
"""

from collections.abc import Callable
from functools import lru_cache, wraps


def cached_when(worth_keeping: Callable[..., bool], maxsize: int):
    """Like `lru_cache(maxsize)`, for the calls whose arguments `worth_keeping` accepts."""

    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(*args):
            return cached(*args) if worth_keeping(*args) else function(*args)

        return call

    return decorate
