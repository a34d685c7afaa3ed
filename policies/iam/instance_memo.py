"""A property computed once per instance and kept on it, without functools.cached_property's lock.

On Python 3.11 cached_property takes a lock on every first reading, which shows when thousands of
statements are each read once per request. The value goes straight into the instance's __dict__
(so frozen dataclasses can use it too), where later readings find it without calling anything.
"""

from collections.abc import Callable


class memoized_property:
    def __init__(self, compute: Callable) -> None:
        self._compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance, owner: type | None = None):
        if instance is None:
            return self
        value = instance.__dict__[self._name] = self._compute(instance)
        return value
