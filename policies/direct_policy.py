"""A ResourceValidationPolicy that calls its check directly.

Given a `validate=` callback, pulumi-policy's ResourceValidationPolicy.validate wraps every call
so that it can accept a list of callbacks and awaitable results: a new list and a new closure per
call, for each of the pack's four policies on every resource. Overriding `validate` in a subclass
is the SDK's own way to write a policy as a class, and our checks are single, synchronous
functions, so the wrapping buys nothing here.
"""

from collections.abc import Callable

from pulumi_policy import ResourceValidationPolicy

Check = Callable[..., None]


class DirectValidationPolicy(ResourceValidationPolicy):
    def __init__(self, check: Check, **policy) -> None:
        super().__init__(**policy)
        self._check = check

    def validate(self, args, report_violation) -> None:
        self._check(args, report_violation)
