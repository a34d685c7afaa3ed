"""Render `aws.iam.get_policy_document` arguments into the JSON document the AWS provider returns.

Mirrors the provider's encoding so policies see the same shapes as in a real preview: a single
value becomes a scalar, several values a list sorted in reverse (the provider keeps them in a
set and emits them that way), principals a map of type -> identifiers (or "*"), and conditions
a map of test -> variable -> values. Invoke arguments arrive camelCase from the SDK; snake_case
is accepted too so the function can be called directly.

Policy variables are written `&{aws:username}` there (a Pulumi or Terraform string would read
`${...}` as interpolation); the provider turns them back into `${...}` in actions, resources,
principals and condition values, and so does this module.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

DEFAULT_VERSION = "2012-10-17"


def _arg(args: dict[str, Any], camel: str) -> Any:
    if camel in args:
        return args[camel]
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in camel)
    return args.get(snake)


def _with_policy_variables(value: Any) -> str:
    """`&{aws:username}` -> `${aws:username}`, as the provider writes the variable into the JSON."""
    return str(value).replace("&{", "${")


def _string_or_list(values: Any) -> str | list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return _with_policy_variables(values)
    items = list(dict.fromkeys(_with_policy_variables(v) for v in values))
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return sorted(items, reverse=True)


def _principals(entries: Any) -> str | dict[str, Any] | None:
    if not entries:
        return None
    merged: dict[str, list[str]] = {}
    for entry in entries:
        identifiers = _arg(entry, "identifiers") or []
        if isinstance(identifiers, str):
            identifiers = [identifiers]
        merged.setdefault(str(_arg(entry, "type")), []).extend(_with_policy_variables(i) for i in identifiers)
    if set(merged) == {"*"} and set(merged["*"]) == {"*"}:
        # IAM treats {"AWS": "*"} and "*" differently for trust policies; the provider emits "*".
        return "*"
    return {kind: _string_or_list(ids) for kind, ids in sorted(merged.items())}


def _conditions(entries: Any) -> dict[str, dict[str, Any]] | None:
    if not entries:
        return None
    merged: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        by_variable = merged.setdefault(str(_arg(entry, "test")), {})
        values = _arg(entry, "values") or []
        by_variable.setdefault(str(_arg(entry, "variable")), []).extend(_with_policy_variables(v) for v in values)
    return {
        test: {variable: _string_or_list(values) for variable, values in sorted(variables.items())}
        for test, variables in sorted(merged.items())
    }


def render_statement(statement: dict[str, Any]) -> dict[str, Any]:
    rendered: dict[str, Any] = {}
    if _arg(statement, "sid"):
        rendered["Sid"] = _arg(statement, "sid")
    rendered["Effect"] = _arg(statement, "effect") or "Allow"
    for source, target in (("actions", "Action"), ("notActions", "NotAction"),
                           ("resources", "Resource"), ("notResources", "NotResource")):
        value = _string_or_list(_arg(statement, source))
        if value is not None:
            rendered[target] = value
    for source, target in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
        value = _principals(_arg(statement, source))
        if value is not None:
            rendered[target] = value
    conditions = _conditions(_arg(statement, "conditions"))
    if conditions is not None:
        rendered["Condition"] = conditions
    return rendered


def _merge_by_sid(statements: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Later documents replace statements with the same Sid; statements without a Sid accumulate.
    merged = list(statements)
    for statement in incoming:
        sid = statement.get("Sid")
        index = next((i for i, s in enumerate(merged) if sid and s.get("Sid") == sid), None)
        if index is None:
            merged.append(statement)
        else:
            merged[index] = statement
    return merged


def _refuse_duplicate_sids(statements: list[dict[str, Any]]) -> None:
    # The provider fails the data source rather than keep one of two statements with one Sid.
    seen = set()
    for statement in statements:
        sid = statement.get("Sid")
        if sid and sid in seen:
            raise ValueError(f"duplicate Sid ({sid}) in the statements: remove the Sid or make it unique")
        seen.add(sid)


def _document_statements(text: str | None) -> list[dict[str, Any]]:
    # A document from a data source with no offline answer is empty; `check` names the data source.
    if not isinstance(text, str):
        return []
    statements = json.loads(text).get("Statement") or []
    return [statements] if isinstance(statements, dict) else list(statements)


def render_policy_document(args: dict[str, Any]) -> dict[str, Any]:
    statements: list[dict[str, Any]] = []
    for source in _arg(args, "sourcePolicyDocuments") or []:
        statements = _merge_by_sid(statements, _document_statements(source))
    own = [render_statement(s) for s in _arg(args, "statements") or []]
    _refuse_duplicate_sids(own)
    statements = _merge_by_sid(statements, own)
    for override in _arg(args, "overridePolicyDocuments") or []:
        statements = _merge_by_sid(statements, _document_statements(override))
    document: dict[str, Any] = {"Version": _arg(args, "version") or DEFAULT_VERSION}
    if _arg(args, "policyId"):
        document["Id"] = _arg(args, "policyId")
    document["Statement"] = statements
    return document


def policy_document_outputs(args: dict[str, Any]) -> dict[str, Any]:
    """The invoke result: `json` (indented like the provider), `minifiedJson` and an `id`."""
    document = render_policy_document(args)
    pretty = json.dumps(document, indent=2)
    return {
        "json": pretty,
        "minifiedJson": json.dumps(document, separators=(",", ":")),
        "id": str(int(hashlib.sha256(pretty.encode()).hexdigest()[:8], 16)),
    }
