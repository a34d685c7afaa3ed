"""Customer-managed policies this stack defines, as far as the pack has seen them in this run.

An attachment of a customer-managed policy gets a note saying the pack judges that policy where
it is defined, and cannot when another stack or account defines it. When this stack defines the
policy, the pack has already judged it as its own resource (the engine analyzes a policy before
the attachment that needs its ARN), and the note would only be noise on every `pulumi up`.

A policy is known by its path and name, which its ARN ends with: the account is not among its
inputs, so a policy of another account with the same path and name loses its note too. The memory
lasts until the next ConfigureStack: the engine starts the pack for one run, other clients may
serve several stacks with one process.
"""

import threading

from .engine_run import values_known_to_this_run
from .iam.arns import parse_arn
from .servicer_hooks import run_before

# The inputs holding a managed policy's name and path, per resource type, as `values_at` steps.
NAME_AND_PATH = {
    "aws:iam/policy:Policy": ((("name", False),), (("path", False),)),
    "aws-native:iam:ManagedPolicy": ((("managedPolicyName", False),), (("path", False),)),
}
# A bound on what a generated stack can make the pack keep; past it the notes simply come back.
MAX_REMEMBERED = 100_000

_defined: set[str] = set()
_lock = threading.Lock()


def forget_each_run(servicer_class=None) -> bool:
    """Have the SDK's ConfigureStack handler forget the policies of the previous stack: a process
    that serves several stacks (stackcheck's pytest plugin) must not carry one stack's policies into
    another's notes. True once installed."""
    return run_before("ConfigureStack", _forget, servicer_class)


def _forget(_request) -> None:
    with _lock:
        _defined.clear()


def remember_if_policy(resource_type: str, props) -> None:
    """Note the path and name of a managed policy this stack defines, when both are known."""
    key = path_and_name(resource_type, props)
    if key is None:
        return
    with _lock:
        if len(_defined) >= MAX_REMEMBERED:
            _defined.clear()
        _defined.add(key)


def path_and_name(resource_type: str, props) -> str | None:
    """`/teams/ml/name`: what a managed policy's ARN ends with, when its inputs say it; else None."""
    steps = NAME_AND_PATH.get(resource_type)
    if steps is None:
        return None
    name, path = _first_value(props, steps[0]), _first_value(props, steps[1])
    if type(name) is not str or not name or not (path is None or type(path) is str):
        return None
    return (path or "/") + name


def arn_path_and_name(policy_arn: str) -> str | None:
    """The path and name an `arn:...:iam::<account>:policy<path><name>` ARN names; None for other ARNs,
    and for AWS's own policies (`arn:aws:iam::aws:policy/...`), which no stack defines."""
    arn = parse_arn(policy_arn)
    if arn is None or arn.service != "iam" or arn.account == "aws" or not arn.resource.startswith("policy/"):
        return None
    return arn.resource.removeprefix("policy")


def _first_value(props, steps) -> object:
    # During an update a name spelled like the engine's unknown marker is a name.
    found = values_known_to_this_run(props, steps)
    return found[0][1] if found else None


def is_defined_here(policy_arn: str) -> bool:
    """Whether `arn:...:iam::<account>:policy<path><name>` names a policy this stack defines."""
    return arn_path_and_name(policy_arn) in _defined
