"""IAM policy documents, parsed once into statements, with every defect recorded as data.

pulumi-aws accepts a document as a JSON string or as an object, and IAM's grammar lets most
elements be a scalar or a list. Everything is normalised here so that no rule parses JSON or
guesses shapes. A malformed document never raises: it comes back with `problems`, which the
rule reading it reports as a mandatory violation (a document nobody can read must not pass).
"""

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .action_sets import ActionElement, element_of
from .conditions import Condition
from .instance_memo import memoized_property
from .principals import PRINCIPAL_TYPES, Principal
from .values import UNKNOWN, contains_unknown

# A managed policy may hold 6,144 characters and a role's inline policies 10,240 in all, so
# anything near these limits cannot be deployed anyway; they only bound the work done.
MAX_DOCUMENT_CHARACTERS = 8 * 1024 * 1024
MAX_STATEMENTS = 20_000
# Documents repeated across resources (trust policies, small shared grants) are short. Keeping
# parsed long ones costs more than parsing them again: the kept objects make every later
# allocation and garbage collection dearer (bench/RESULTS.md).
MAX_CACHED_CHARACTERS = 4 * 1024

DOCUMENT_ELEMENTS = frozenset({"Version", "Id", "Statement"})
STATEMENT_ELEMENTS = frozenset(
    {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
EFFECTS = ("Allow", "Deny")


@dataclass(frozen=True)
class StatementRef:
    index: int
    sid: str | None = None

    def __str__(self) -> str:
        return f"Statement[{self.index}]" + (f' (Sid "{self.sid}")' if self.sid else "")


@dataclass(frozen=True)
class Problem:
    message: str
    statement: StatementRef | None = None


@dataclass(frozen=True)
class Statement:
    ref: StatementRef
    effect: str
    actions: tuple[str, ...]
    actions_negated: bool
    resources: tuple[str, ...] | None
    resources_negated: bool
    principals: tuple[Principal, ...] | None
    principals_negated: bool
    conditions: tuple[Condition, ...]

    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @memoized_property
    def action_element(self) -> ActionElement:
        """The Action (or NotAction) element, shared with every statement that has the same one."""
        return element_of(self.actions, self.actions_negated)


@dataclass(frozen=True)
class PolicyDocument:
    statements: tuple[Statement, ...] = ()
    problems: tuple[Problem, ...] = ()
    unknown: bool = False

    @property
    def malformed(self) -> bool:
        return bool(self.problems)


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, ref: StatementRef | None = None) -> None:
        self.problems.append(Problem(message, ref))


UNKNOWN_DOCUMENT = PolicyDocument(unknown=True)


def not_a_policy_arn(raw) -> PolicyDocument:
    """What an attachment whose policy ARN is not text attaches: nothing anyone can judge."""
    return PolicyDocument(problems=(Problem(f"the policy ARN is a {_type_name(raw)}, not text"),))


def parse_document(raw) -> PolicyDocument:
    """Parse a document given as JSON text or as an already-decoded object."""
    if raw is UNKNOWN:
        return UNKNOWN_DOCUMENT
    if isinstance(raw, str):
        # Short documents are kept, as they recur across resources; of longer ones only the last is,
        # which is enough for the policies of one request when each gets its own copy (GUARDRAILS_SDK_ANALYZE=1).
        return _parse_text_cached(raw) if len(raw) <= MAX_CACHED_CHARACTERS else _parse_outsized(raw)
    if isinstance(raw, Mapping):
        if contains_unknown(raw):
            return UNKNOWN_DOCUMENT
        return _parse_object(raw)
    return PolicyDocument(problems=(Problem(f"the document is a {_type_name(raw)}, not JSON text or an object"),))


# A JSON string whose text before its first colon holds a wildcard: `"*"`, `"s*:*"`, `"*maker:Get*"`.
# Strings hold no quote unless escaped, and the text between strings holds no `*` or `?`.
_WILDCARD_BEFORE_COLON = re.compile(r'"[^":]*[*?]')


def may_name_actions_of(text: str, service: str) -> bool:
    """False only when no Action or NotAction of this JSON text can match an action of `service`
    (a lower-case service prefix), so it need not be parsed to tell.

    A pattern that matches `service:Name` spells the service (in any case) or holds a wildcard in
    its service part; a NotAction matches every service it does not name. Any backslash escape
    could spell any of them, so text with one is never ruled out."""
    if "\\" in text:
        return True
    lowered = text.lower()
    return service in lowered or "notaction" in lowered or _WILDCARD_BEFORE_COLON.search(text) is not None


@lru_cache(maxsize=256)
def _parse_text_cached(text: str) -> PolicyDocument:
    return _parse_text(text)


_last_outsized: tuple[str, PolicyDocument] | None = None


def _parse_outsized(text: str) -> PolicyDocument:
    global _last_outsized
    last = _last_outsized
    if last is not None and last[0] == text:
        return last[1]
    document = _parse_text(text)
    _last_outsized = (text, document)
    return document


def _parse_text(text: str) -> PolicyDocument:
    if len(text) > MAX_DOCUMENT_CHARACTERS:
        return PolicyDocument(
            problems=(
                Problem(
                    f"the document is {len(text):,} characters long, over the {MAX_DOCUMENT_CHARACTERS:,} "
                    "this pack evaluates (IAM itself accepts at most 10,240)"
                ),
            )
        )
    collector = _Collector()
    decoder = _decoder()
    decoder.collector = collector
    try:
        if text.startswith("\ufeff"):
            # json.loads checks this itself before decoding; JSONDecoder.decode does not.
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        decoded = decoder.decode(text)
    except RecursionError:
        return PolicyDocument(problems=(Problem("the document's JSON is nested too deeply to read"),))
    except ValueError as error:
        return PolicyDocument(problems=(Problem(f"the document is not valid JSON ({error})"),))
    if _SURROGATE_ESCAPE.search(text) and _holds_lone_surrogate(decoded):
        return PolicyDocument(problems=(Problem("the document's JSON escapes a lone UTF-16 surrogate, which is "
                                                "not a character: IAM rejects such text"),))
    # No contains_unknown here: the engine sends an unknown document as a whole, never inside
    # JSON text, and a literal sentinel string in the text is just a string to IAM.
    if not isinstance(decoded, dict):
        return PolicyDocument(problems=(Problem(f"the document is a JSON {_type_name(decoded)}, not an object"),))
    document = _parse_object(decoded)
    if collector.problems:
        return PolicyDocument(document.statements, tuple(collector.problems) + document.problems)
    return document


# `\ud83d\ude00` decodes to one character; a surrogate escape without its partner decodes to
# half of one, which no UTF-8 reader (IAM's, or gRPC's for our messages) accepts.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _holds_lone_surrogate(decoded) -> bool:
    try:
        json.dumps(decoded, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Decoder(json.JSONDecoder):
    """A JSON decoder that reports duplicate keys and rejects NaN and Infinity, built once per thread:
    building one per document (what json.loads does when given hooks) cost more than decoding a short one."""

    def __init__(self) -> None:
        self.collector = _Collector()
        super().__init__(object_pairs_hook=self._object, parse_constant=_reject_constant)

    def _object(self, pairs) -> dict:
        # Runs once per JSON object, so the common case is kept to a dict and a length check.
        decoded = dict(pairs)
        if len(decoded) != len(pairs):
            _report_duplicates(self.collector, pairs)
        return decoded


_decoders = threading.local()


def _decoder() -> _Decoder:
    try:
        return _decoders.decoder
    except AttributeError:
        decoder = _decoders.decoder = _Decoder()
        return decoder


def _report_duplicates(collector: _Collector, pairs) -> None:
    seen = set()
    for key, _ in pairs:
        if key in seen:
            collector.add(
                f'the JSON key "{_short(key)}" appears more than once in one object; readers disagree on '
                "which copy wins, so the document cannot be judged"
            )
        seen.add(key)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _parse_object(decoded: Mapping) -> PolicyDocument:
    collector = _Collector()
    for key in decoded:
        if key not in DOCUMENT_ELEMENTS:
            collector.add(f'unknown top-level element "{_short(key)}"')
    if "Statement" not in decoded:
        collector.add("the document has no Statement")
        return PolicyDocument(problems=tuple(collector.problems))
    raw_statements = decoded["Statement"]
    if isinstance(raw_statements, Mapping):
        raw_statements = [raw_statements]
    elif not isinstance(raw_statements, list):
        collector.add(f"Statement is a {_type_name(raw_statements)}; it must be an object or a list of objects")
        return PolicyDocument(problems=tuple(collector.problems))
    if len(raw_statements) > MAX_STATEMENTS:
        collector.add(
            f"the document has {len(raw_statements):,} statements, over the {MAX_STATEMENTS:,} this pack evaluates"
        )
        return PolicyDocument(problems=tuple(collector.problems))
    statements = []
    for index, raw in enumerate(raw_statements):
        # Nearly every statement is a dict of the usual elements with nothing to report, and reading
        # it without the checks that find and word problems is several times cheaper.
        statement = _parse_plain_statement(index, raw) if type(raw) is dict else None
        if statement is None:
            statement = _parse_statement(index, raw, collector)
        if statement is not None:
            statements.append(statement)
    return PolicyDocument(tuple(statements), tuple(collector.problems))


def _parse_plain_statement(index: int, raw: dict) -> Statement | None:
    """The statement when it is well formed and its values have the usual types; None otherwise.

    It records nothing: whatever it declines, `_parse_statement` reads again from scratch, checking
    and reporting everything, so the two agree on every statement this one accepts.
    """
    # Only exact builtin types are accepted, so that a hostile value's own code (the __eq__ of a str
    # subclass, say) runs in `_parse_statement` alone, in its order, and fails there as it always has.
    sid = raw.get("Sid")
    effect = raw.get("Effect")
    if type(effect) is not str or effect not in EFFECTS or (sid is not None and type(sid) is not str):
        return None
    action = raw.get("Action")
    actions_negated = action is None
    actions = _plain_strings(raw.get("NotAction") if actions_negated else action)
    if actions is None:
        return None
    # Elements are counted only when their value is not null, so any element not read below (unknown,
    # null, or the second of an exclusive pair) leaves the count short of len(raw) and is declined.
    elements_read = 2 if sid is None else 3
    resource = raw.get("Resource")
    resources_negated = resource is None
    if resources_negated:
        resource = raw.get("NotResource")
        resources_negated = resource is not None
    resources = None
    if resource is not None:
        resources = _plain_strings(resource)
        if resources is None:
            return None
        elements_read += 1
    principals, principals_negated, conditions = None, False, ()
    if len(raw) != elements_read:
        rest = _plain_principals_and_conditions(raw, len(raw) - elements_read)
        if rest is None:
            return None
        principals, principals_negated, conditions = rest
    return _new_statement(
        index, sid, effect, actions, actions_negated, resources, resources_negated,
        principals, principals_negated, conditions,
    )


def _plain_strings(value) -> tuple[str, ...] | None:
    """A string, or a non-empty list of strings, as a tuple; None for anything else."""
    if type(value) is str:
        return (value,)
    if type(value) is not list or not value:
        return None
    for item in value:
        if type(item) is not str:
            return None
    return tuple(value)


def _plain_principals_and_conditions(
    raw: dict, unread: int
) -> tuple[tuple[Principal, ...] | None, bool, tuple[Condition, ...]] | None:
    """(principals, negated, conditions) when they are well formed and are the `unread` elements left."""
    principal = raw.get("Principal")
    principals_negated = principal is None
    if principals_negated:
        principal = raw.get("NotPrincipal")
        principals_negated = principal is not None
    condition = raw.get("Condition")
    if unread != (principal is not None) + (condition is not None):
        return None
    principals = None if principal is None else _plain_principals(principal)
    conditions = () if condition is None else _plain_conditions(condition)
    if (principals is None and principal is not None) or conditions is None:
        return None
    return principals, principals_negated, conditions


def _plain_principals(value) -> tuple[Principal, ...] | None:
    if type(value) is str:
        return (Principal("*", "*"),) if value == "*" else None
    if type(value) is not dict or not value:
        return None
    principals = []
    for kind, entries in value.items():
        strings = _plain_strings(entries) if type(kind) is str and kind in PRINCIPAL_TYPES else None
        if strings is None:
            return None
        principals.extend([Principal(kind, entry) for entry in strings])
    return tuple(principals)


def _plain_conditions(value) -> tuple[Condition, ...] | None:
    if type(value) is not dict:
        return None
    conditions = []
    for operator, block in value.items():
        if type(block) is not dict:
            return None
        for key, raw_values in block.items():
            values = _condition_values(raw_values)
            # A key that is not a string is left to `_condition_element`, so that it fails as it always has.
            if values is None or type(key) is not str:
                return None
            conditions.append(_new_condition(operator, key.lower(), values))
        if len(block) > 1 and len({condition.key for condition in conditions[-len(block):]}) != len(block):
            return None  # `_condition_element` reports the key written twice
    return tuple(conditions)


_new_object = object.__new__


def _new_statement(index, sid, effect, actions, actions_negated, resources, resources_negated,
                   principals, principals_negated, conditions) -> Statement:
    """Statement(StatementRef(index, sid), effect, actions, ...), built in a third of the time.

    A frozen dataclass's __init__ sets each field through object.__setattr__, which made building a
    Statement cost more than all the rest of reading it. Filling the instance's __dict__ directly
    gives an object that compares, hashes, prints and reads exactly like one built by __init__
    (neither class has a __post_init__ to skip); tests/iam/test_documents.py pins that. Fields go in
    in __init__'s order, so the instances still share their class's key table: each object costs just
    a dict header (about 64 bytes) more than one built by __init__.
    """
    ref = _new_object(StatementRef)
    ref_fields = ref.__dict__
    ref_fields["index"] = index
    ref_fields["sid"] = sid
    statement = _new_object(Statement)
    fields = statement.__dict__
    fields["ref"] = ref
    fields["effect"] = effect
    fields["actions"] = actions
    fields["actions_negated"] = actions_negated
    fields["resources"] = resources
    fields["resources_negated"] = resources_negated
    fields["principals"] = principals
    fields["principals_negated"] = principals_negated
    fields["conditions"] = conditions
    return statement


def _new_condition(operator: str, key: str, values: tuple[str, ...]) -> Condition:
    """Condition(operator, key, values), built as `_new_statement` builds a Statement and for the
    same reason: a trust statement has a few, and a frozen dataclass's __init__ cost more than
    reading them."""
    condition = _new_object(Condition)
    fields = condition.__dict__
    fields["operator"] = operator
    fields["key"] = key
    fields["values"] = values
    return condition


def _parse_statement(index: int, raw, collector: _Collector) -> Statement | None:
    if not isinstance(raw, Mapping):
        collector.add(f"the statement is a {_type_name(raw)}, not an object", StatementRef(index))
        return None
    sid = raw.get("Sid")
    ref = StatementRef(index, sid if isinstance(sid, str) else None)
    problems_before = len(collector.problems)
    if sid is not None and not isinstance(sid, str):
        collector.add("Sid must be a string", ref)
    for key in raw:
        if key not in STATEMENT_ELEMENTS:
            collector.add(f'unknown element "{_short(key)}" (IAM element names are case-sensitive)', ref)

    effect = raw.get("Effect")
    if effect not in EFFECTS:
        collector.add(f"Effect is {_describe(effect)}; it must be exactly \"Allow\" or \"Deny\"", ref)

    actions, actions_negated = _exclusive_strings(raw, "Action", "NotAction", ref, collector, required=True)
    resources, resources_negated = _exclusive_strings(raw, "Resource", "NotResource", ref, collector)
    principals, principals_negated = _principal_element(raw, ref, collector)
    conditions = _condition_element(raw.get("Condition"), ref, collector)

    if len(collector.problems) > problems_before:
        return None
    return Statement(
        ref=ref,
        effect=effect,
        actions=actions or (),
        actions_negated=actions_negated,
        resources=resources,
        resources_negated=resources_negated,
        principals=principals,
        principals_negated=principals_negated,
        conditions=conditions,
    )


def _exclusive_strings(raw, name: str, negated_name: str, ref, collector, required: bool = False):
    if name in raw and negated_name in raw:
        collector.add(f"the statement has both {name} and {negated_name}", ref)
        return None, False
    if name not in raw and negated_name not in raw:
        if required:
            collector.add(f"the statement has neither {name} nor {negated_name}", ref)
        return None, False
    element = name if name in raw else negated_name
    values = _string_list(raw[element], element, ref, collector)
    return values, element == negated_name


def _string_list(value, element: str, ref, collector) -> tuple[str, ...] | None:
    items = value if isinstance(value, list) else [value]
    if not items:
        collector.add(f"{element} is an empty list", ref)
        return None
    for item in items:
        if not isinstance(item, str):
            collector.add(f"{element} holds a {_type_name(item)}; it must hold strings", ref)
            return None
    return tuple(items)


def _principal_element(raw, ref, collector) -> tuple[tuple[Principal, ...] | None, bool]:
    if "Principal" in raw and "NotPrincipal" in raw:
        collector.add("the statement has both Principal and NotPrincipal", ref)
        return None, False
    element = "Principal" if "Principal" in raw else "NotPrincipal" if "NotPrincipal" in raw else None
    if element is None:
        return None, False
    value = raw[element]
    if value == "*":
        return (Principal("*", "*"),), element == "NotPrincipal"
    if not isinstance(value, Mapping) or not value:
        collector.add(f'{element} must be "*" or a non-empty map of principal types', ref)
        return None, False
    principals = []
    for kind, entries in value.items():
        if kind not in PRINCIPAL_TYPES:
            collector.add(f'unknown principal type "{_short(kind)}" in {element}', ref)
            continue
        strings = _string_list(entries, f"{element}.{kind}", ref, collector)
        principals.extend(Principal(kind, entry) for entry in strings or ())
    return tuple(principals), element == "NotPrincipal"


def _condition_element(value, ref, collector) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        collector.add(f"Condition is a {_type_name(value)}; it must be an object", ref)
        return ()
    conditions = []
    for operator, block in value.items():
        if not isinstance(block, Mapping):
            collector.add(f'Condition operator "{_short(operator)}" must map keys to values', ref)
            continue
        keys_seen = set()
        for key, raw_values in block.items():
            values = _condition_values(raw_values)
            if values is None:
                collector.add(
                    f'Condition {_short(operator)} "{_short(key)}" must hold strings, numbers or booleans', ref
                )
                continue
            condition = Condition(operator, key.lower(), values)
            if condition.key in keys_seen:
                _report_key_written_twice(collector, operator, key, ref)
            keys_seen.add(condition.key)
            conditions.append(condition)
    return tuple(conditions)


def _report_key_written_twice(collector: _Collector, operator, key, ref) -> None:
    # IAM reads condition key names without regard to case, so `aws:SourceAccount` and `AWS:SOURCEACCOUNT`
    # in one block are one key written twice, as much a duplicate as a repeated JSON key.
    collector.add(
        f'the condition key "{_short(key)}" appears more than once in one {_short(operator)} block (IAM reads '
        "condition key names without regard to case); readers disagree on which copy wins, so the document "
        "cannot be judged",
        ref,
    )


def _condition_values(raw) -> tuple[str, ...] | None:
    if type(raw) is str:
        return (raw,)  # by far the commonest value; exactly what the loop below makes of it
    items = raw if isinstance(raw, list) else [raw]
    values = []
    for item in items:
        if isinstance(item, bool):
            values.append("true" if item else "false")
        elif isinstance(item, int):
            values.append(str(item))
        elif isinstance(item, float):
            # Numbers arrive as floats through protobuf; 123456789012.0 is the account 123456789012.
            values.append(str(int(item)) if item.is_integer() else repr(item))
        elif isinstance(item, str):
            values.append(item)
        else:
            return None
    return tuple(values)


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _describe(value) -> str:
    return f'"{_short(value)}"' if isinstance(value, str) else _type_name(value)


def _short(text, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
