"""The floor the benchmark measures against: what gRPC, protobuf and pulumi-policy cost with a
resource policy that reads the props and a stack policy that reads every resource's props."""

from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ResourceValidationPolicy,
    StackValidationPolicy,
)


def _touch(value) -> int:
    if isinstance(value, dict) or hasattr(value, "keys"):
        return sum(_touch(value[key]) for key in value)
    if isinstance(value, list | tuple) or (hasattr(value, "__len__") and not isinstance(value, str)):
        return sum(_touch(item) for item in value)
    return 1


def read_props(args, report_violation) -> None:
    _touch(args.props)


def read_stack(args, report_violation) -> None:
    for resource in args.resources:
        _touch(resource.props)


PolicyPack(
    name="benchmark-floor",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=[
        ResourceValidationPolicy(name="read-props", description="Reads every property.", validate=read_props),
        StackValidationPolicy(name="read-stack", description="Reads every resource's properties.", validate=read_stack),
    ],
)
