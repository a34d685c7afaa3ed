"""A small policy pack the kit tests run instead of the real one, so they never depend on the
real rules. It follows the real pack's message convention (finding text, then a `Fix:` line),
except `bucket-tags`, which deliberately has no fix line."""

import json
from collections.abc import Mapping, Sequence

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyPack,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
)

ROLE = "aws:iam/role:Role"


def no_bad_role_names(args, report_violation):
    if args.resource_type != ROLE:
        return
    config = args.get_config()
    word = config.get("forbiddenWord", "bad")
    name = args.props.get("name") or ""
    if word in name:
        report_violation(f"{args.name}: role name {name!r} contains {word!r}.\nFix: Rename the role.")
    limit = config.get("maxLength")
    if limit and len(name) > limit:
        report_violation(f"{args.name}: role name is longer than {limit}.\nFix: Shorten it.")


def bucket_tags(args, report_violation):
    if args.resource_type == "aws:s3/bucket:Bucket" and not args.props.get("tags"):
        report_violation(f"{args.name} has no tags.")


def plain(value):
    # The SDK hands policies read-only proxies; turn them back into JSON-able data.
    if isinstance(value, Mapping):
        return {key: plain(value[key]) for key in value}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [plain(item) for item in value]
    return value


def echo(args, report_violation):
    # Reports exactly what arrived, so the tests can check the wire format end to end.
    if args.resource_type != "kit:test:Echo":
        return
    provider = args.provider
    report_violation(json.dumps({
        "props": plain(args.props),
        "name": args.name,
        "urn": args.urn,
        "config": args.get_config(),
        "tags": dict(args.stack_tags),
        "parent": args.opts.parent,
        "protect": args.opts.protect,
        "provider": None if provider is None else {"type": provider.resource_type, "props": plain(provider.props)},
    }, sort_keys=True, default=str))


def crash(args, report_violation):
    if args.resource_type == "kit:test:Crash":
        raise RuntimeError("policy blew up on purpose")


def stack_checks(args, report_violation):
    if "owner" not in args.stack_tags:
        report_violation("The stack has no owner tag.\nFix: Set stackcheck:stackTags.owner in the stack config.")
    for resource in args.resources:
        # `arn` exists only in outputs, so this proves AnalyzeStack gets final state.
        arn = resource.props.get("arn") or ""
        if resource.resource_type == ROLE and ":role/bad" in arn:
            report_violation(f"{arn} is a bad role.\nFix: Delete it.", resource.urn)


PolicyPack(
    name="kit-pack",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(
            name="no-bad-role-names",
            description="Role names must not contain the forbidden word.",
            validate=no_bad_role_names,
            severity=Severity.HIGH,
            url="https://example.com/kit/no-bad-role-names",
            tags=["iam"],
            config_schema=PolicyConfigSchema(
                properties={
                    "forbiddenWord": {"type": "string", "minLength": 1, "default": "bad"},
                    "maxLength": {"type": "integer", "minimum": 1},
                },
            ),
        ),
        ResourceValidationPolicy(
            name="bucket-tags",
            description="Buckets should be tagged.",
            validate=bucket_tags,
            enforcement_level=EnforcementLevel.ADVISORY,
        ),
        ResourceValidationPolicy(
            name="echo",
            description="Echoes what the pack received.",
            validate=echo,
            enforcement_level=EnforcementLevel.ADVISORY,
            config_schema=PolicyConfigSchema(properties={"label": {"type": "string"}}),
        ),
        ResourceValidationPolicy(
            name="crash",
            description="Raises for kit:test:Crash resources.",
            validate=crash,
        ),
        StackValidationPolicy(
            name="stack-checks",
            description="Stack-wide checks.",
            validate=stack_checks,
            enforcement_level=EnforcementLevel.ADVISORY,
        ),
    ],
)
