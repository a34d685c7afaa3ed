"""Policy documents a program writes as objects, recorded as the provider's check returns them.

pulumi-aws types a few document properties as `Union[str, PolicyDocumentArgs]`, so
`aws.iam.Role("r", assume_role_policy={"Version": ..., "Statement": [...]})` is a valid program.
The provider marshals such an object to JSON text before anything else sees it, and reads the
document back as text: that text is what the engine hands an analyzer, and what the SDK expects as
the output (it rejects a dict there). The marshalling is Go's `encoding/json`: keys sorted, no
spaces, `<`, `>` and `&` escaped, whole numbers without a fraction.
"""

from __future__ import annotations

import json
from typing import Any

from .values import is_secret, reveal, secret, unknown_sentinels

# Every resource of pulumi-aws whose document input is `Union[str, <...>DocumentArgs]`, by the
# engine's (camelCase) property name; tests/kit/test_json_documents.py keeps this list in step with
# the installed SDK.
DOCUMENT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "aws:iam/role:Role": ("assumeRolePolicy",),
    "aws:iam/policy:Policy": ("policy",),
    "aws:iam/rolePolicy:RolePolicy": ("policy",),
    "aws:iam/userPolicy:UserPolicy": ("policy",),
    "aws:iam/groupPolicy:GroupPolicy": ("policy",),
    "aws:s3/bucket:Bucket": ("policy",),
    "aws:s3/bucketPolicy:BucketPolicy": ("policy",),
    "aws:sns/topicPolicy:TopicPolicy": ("policy",),
    "aws:sqs/queuePolicy:QueuePolicy": ("policy",),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("policy",),
    "aws:ecr/registryPolicy:RegistryPolicy": ("policy",),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ("policy",),
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ("policyDocument",),
    "aws:elasticsearch/domain:Domain": ("accessPolicies",),
    "aws:elasticsearch/domainPolicy:DomainPolicy": ("accessPolicies",),
}

# Go's encoder escapes these inside strings (HTML safety, and JavaScript's line separators).
_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def with_json_documents(type_: str, properties: dict[str, Any], unknown_value: Any) -> dict[str, Any]:
    """`properties` with each document given as an object or array replaced by its JSON text.

    A document that holds a value not known yet (a preview) is itself unknown: `unknown_value`, the
    caller's form of an unknown string. A secret anywhere inside makes the whole text secret.
    """
    keys = [key for key in DOCUMENT_PROPERTIES.get(type_, ()) if _is_structured(properties.get(key))]
    if not keys:
        return properties
    return {**properties, **{key: _as_json_text(properties[key], unknown_value) for key in keys}}


def _is_structured(value: Any) -> bool:
    if is_secret(value):
        return _is_structured(value.get("value"))
    return isinstance(value, (dict, list))


def _as_json_text(document: Any, unknown_value: Any) -> Any:
    revealed = reveal(document)
    try:
        text = json.dumps(_whole_numbers_as_integers(revealed), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # an unknown the SDK left as an object, not a sentinel string
        return unknown_value
    if any(f'"{sentinel}"' in text for sentinel in unknown_sentinels()):
        return unknown_value
    for character, escape in _GO_ESCAPES.items():
        text = text.replace(character, escape)
    return secret(text) if revealed != document else text


def _whole_numbers_as_integers(value: Any) -> Any:
    # Numbers cross the wire as doubles; Go prints a whole one without ".0" (3600, not 3600.0).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers_as_integers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers_as_integers(item) for item in value]
    return value
