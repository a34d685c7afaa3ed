"""The documents Analyze saw on each principal resource in this run: a role's own inline and
managed policies as the program wrote them.

AnalyzeStack sends each resource's outputs, and a role's outputs are not what the program gave it.
After an update they list every inline and managed policy the role has, also those that RolePolicy
and attachment resources gave it; for a role the update did not touch, the engine sends its
previous outputs, which may still list a policy the program has since removed. Analyze sends the
inputs, for every resource the program registers, before AnalyzeStack. So the stack policy reads a
principal's own documents as Analyze saw them, and the outputs only for a principal Analyze never
saw (a stack judged without its program).

A run starts with ConfigureStack, which forgets the previous run's.
"""

import threading

from .document_sources import DocumentKind, DocumentSource, inline_policy_names
from .removable_documents import owned_lists
from .servicer_hooks import run_before

# A bound on what a generated stack can make the pack keep; past it the outputs are read instead.
MAX_REMEMBERED = 100_000

_seen: dict[str, tuple[tuple[tuple[DocumentKind, str, object], ...], dict[str, object], frozenset[str]]] = {}
_lock = threading.Lock()
_last_remembered: tuple[str, tuple[DocumentSource, ...]] | None = None


def remember(urn: str, resource_type: str, props, sources: tuple[DocumentSource, ...]) -> None:
    global _last_remembered
    # Every policy of a request hands over the request's one shared tuple: the first is enough.
    last = _last_remembered
    if last is not None and last[1] is sources and last[0] == urn:
        return
    # Kept as plain values, not sources, so that no parse is held for the rest of the run.
    documents = tuple((source.kind, source.location, source.raw) for source in sources
                      if source.kind is not DocumentKind.TRUST)
    names = inline_policy_names(resource_type, props)
    owned = owned_lists(resource_type, props)
    with _lock:
        if len(_seen) < MAX_REMEMBERED or urn in _seen:
            _seen[urn] = (documents, names, owned)
    # Holding the tuple keeps its id from being reused, so `is` above is exact.
    _last_remembered = (urn, sources)


def seen_sources(urn: str) -> tuple[tuple[DocumentSource, ...], dict[str, object], frozenset[str]] | None:
    """The principal's own documents as Analyze saw them in this run, the names of its inline
    policies by their documents' locations, and which of its sets it makes exclusive
    (`removable_documents.owned_lists`); None if it did not see it."""
    seen = _seen.get(urn)
    if seen is None:
        return None
    documents, names, owned = seen
    return tuple(DocumentSource(*document) for document in documents), names, owned


def forget_each_run(servicer_class=None) -> bool:
    """Have the SDK's ConfigureStack handler forget the previous run's documents; True once installed."""
    return run_before("ConfigureStack", _forget, servicer_class)


def _forget(_request) -> None:
    global _last_remembered
    with _lock:
        _seen.clear()
        _last_remembered = None
