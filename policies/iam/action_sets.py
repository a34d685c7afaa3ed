"""What an Action or NotAction element grants, asked of the catalog.

The two questions the rules need: does it grant every action of a service, and which of the
actions it grants can be scoped to resources. NotAction is the complement of its patterns
within the catalog, so "NotAction: iam:*" grants all of SageMaker.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from .catalog import Action, IamCatalog, candidate_services
from .wildcards import collapse_stars, glob_matches, globs_overlap, has_wildcard


@dataclass(frozen=True)
class ActionElement:
    patterns: tuple[str, ...]
    negated: bool = False
    # Answers already given: the only cache of them. Statements share one element per distinct
    # Action element (`element_of`), so each question is put to the catalog once, not once per
    # statement and rule.
    _answers: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def _answer(self, question: Callable, catalog: IamCatalog, *arguments):
        key = (question, catalog, *arguments)
        answers = self._answers
        try:
            return answers[key]
        except KeyError:
            answer = answers[key] = question(catalog, self, *arguments)
            return answer

    def granted_in(self, catalog: IamCatalog, service: str) -> frozenset[Action]:
        return self._answer(_granted_in, catalog, service)

    def covers_service(self, catalog: IamCatalog, service: str) -> bool:
        everything = catalog.service(service).actions
        return bool(everything) and len(self.granted_in(catalog, service)) == len(everything)

    def covers_every_name_of(self, catalog: IamCatalog, service: str) -> bool:
        """Whether it names every action `service` has or will have, whatever actions the catalog knows.

        `sagemaker:*`, `*`, `sage*:*` do; a list spelling out today's actions does not, since the
        service adds actions. NotAction does when none of its patterns can reach the service at all.
        """
        return self._answer(_covers_every_name_of, catalog, service)

    def wildcard_patterns_in(self, catalog: IamCatalog, service: str) -> tuple[str, ...]:
        return self._answer(_wildcard_patterns_in, catalog, service)

    def iter_granted(self, catalog: IamCatalog) -> Iterator[Action]:
        """Every granted action, service by service; callers stop early when they can."""
        if self.negated:
            services = catalog.service_keys
        else:
            services = dict.fromkeys(
                service for pattern in self.patterns for service in catalog.services_granting(pattern)
            )
        for service in services:
            # Sorted so that messages naming "the first" such action are the same on every run.
            yield from sorted(self.granted_in(catalog, service), key=lambda action: action.name)

    def scoped_action_formats(self, catalog: IamCatalog, limit: int) -> tuple[int, frozenset[str]] | None:
        """(how many granted actions support resource-level permissions, the ARN formats they act
        on), or None when more than `limit` of them are granted and the answer would cost too much."""
        return self._answer(_scoped_action_formats, catalog, limit)

    def first_resource_level_action(self, catalog: IamCatalog) -> Action | None:
        found, _ = self.resource_level_actions(catalog, 1)
        return found[0] if found else None

    def resource_level_actions(
        self, catalog: IamCatalog, limit: int, services: tuple[str, ...] = (), first: tuple[str, ...] = ()
    ) -> tuple[tuple[Action, ...], bool]:
        """(up to `limit` granted actions that support resource-level permissions, whether it grants more),
        those of the services `first` before the others.

        With `services` (an ARN's, as `arns.arn_formats_for_service` gives them: catalog services and the
        service fields of ARN formats), only actions of those services or acting on such ARNs count."""
        return self._answer(_resource_level_actions, catalog, limit, services, first)

    def only_unscopable_action(self, catalog: IamCatalog) -> Action | None:
        """A granted action, when the element grants some and none has a resource type in the catalog
        at all (`ecr:GetAuthorizationToken`): IAM authorizes those only against `"Resource": "*"`."""
        return self._answer(_only_unscopable_action, catalog)

    def unrecognised_patterns(self, catalog: IamCatalog) -> tuple[tuple[str, str], ...]:
        """(pattern, reason) for each pattern that names no action the catalog knows."""
        return self._answer(_unrecognised_patterns, catalog)


# Statements repeat Action elements, within a document and across a stack; sharing one element per
# distinct (patterns, negated) lets its remembered answers serve them all. The table is emptied when
# full rather than grown without bound.
MAX_SHARED_ELEMENTS = 16384


def element_of(patterns: tuple[str, ...], negated: bool = False) -> ActionElement:
    """The ActionElement for these patterns, shared with every other request for the same ones."""
    key = (patterns, negated)
    element = _SHARED_ELEMENTS.get(key)
    if element is None:
        if len(_SHARED_ELEMENTS) >= MAX_SHARED_ELEMENTS:
            _SHARED_ELEMENTS.clear()
        element = _SHARED_ELEMENTS[key] = ActionElement(patterns, negated)
    return element


_SHARED_ELEMENTS: dict[tuple[tuple[str, ...], bool], ActionElement] = {}


def _resource_level_actions(
    catalog: IamCatalog, element: ActionElement, limit: int, services: tuple[str, ...], first: tuple[str, ...]
):
    found: list[Action] = []
    leading = [action for service in first if catalog.has_service(service)
               for action in sorted(element.granted_in(catalog, service), key=lambda action: action.name)]
    rest = (action for action in element.iter_granted(catalog) if action.service not in first)
    for action in chain(leading, rest):
        if catalog.supports_resource_level(action) and (not services or _acts_within(catalog, action, services)):
            if len(found) == limit:
                return tuple(found), True
            found.append(action)
    return tuple(found), False


def _acts_within(catalog: IamCatalog, action: Action, services: tuple[str, ...]) -> bool:
    if action.service in services:
        return True
    formats = catalog.action_arn_formats(action)
    # A format whose service field is a placeholder (`${Vendor}`), or none the catalog spells, may be any.
    return not formats or any(
        (field := (arn_format.split(":", 3) + ["", "", ""])[2]) in services or "${" in field for arn_format in formats
    )


def _only_unscopable_action(catalog: IamCatalog, element: ActionElement) -> Action | None:
    first = None
    for action in element.iter_granted(catalog):
        if action.resource_types:
            return None
        first = first or action
    return first


def _covers_every_name_of(catalog: IamCatalog, element: ActionElement, service: str) -> bool:
    if element.negated:
        return not any(_can_reach(catalog, pattern, service) for pattern in element.patterns)
    return any(_names_every_action_of(pattern, service) for pattern in element.patterns)


def _can_reach(catalog: IamCatalog, pattern: str, service: str) -> bool:
    """Whether the pattern matches some action of `service`, present or future (`service:` and a
    non-empty name): `?` or `S?g?` cannot, being too short."""
    if service not in candidate_services(catalog, pattern):
        return False
    return globs_overlap(collapse_stars(pattern), f"{service}:?*", ignore_case=True)


def _granted_in(catalog: IamCatalog, element: ActionElement, service: str) -> frozenset[Action]:
    matched: set[Action] = set()
    for pattern in element.patterns:
        if service in candidate_services(catalog, pattern):
            matched.update(catalog.actions_matching(pattern, service))
    if element.negated:
        return frozenset(catalog.service(service).actions) - matched
    return frozenset(matched)


def _scoped_action_formats(catalog: IamCatalog, element: ActionElement, limit: int):
    count, formats = 0, set()
    for action in element.iter_granted(catalog):
        if not catalog.supports_resource_level(action):
            continue
        count += 1
        if count > limit:
            return None
        formats.update(catalog.action_arn_formats(action))
    return count, frozenset(formats)


def _unrecognised_patterns(catalog: IamCatalog, element: ActionElement) -> tuple[tuple[str, str], ...]:
    found = []
    for pattern in element.patterns:
        if not candidate_services(catalog, pattern):
            service = pattern.partition(":")[0] if ":" in pattern else pattern
            found.append((pattern, f'no AWS service has the prefix "{service}"'))
        elif not catalog.services_granting(pattern):
            found.append((pattern, "it matches no action in the IAM catalog"))
    return tuple(found)


def _wildcard_patterns_in(catalog: IamCatalog, element: ActionElement, service: str) -> tuple[str, ...]:
    return tuple(
        pattern
        for pattern in element.patterns
        if has_wildcard(pattern) and service in candidate_services(catalog, pattern)
    )


def _names_every_action_of(pattern: str, service: str) -> bool:
    service_part, colon, action_part = pattern.partition(":")
    if colon:
        return _matches_every_name(action_part) and glob_matches(
            collapse_stars(service_part), service, ignore_case=True
        )
    # `*`, `sage*`, `*maker*?`, `sagemaker??*`: a pattern ending in a run of wildcards that holds a
    # `*`, whose text before the run matches a start of `service:`, matches every action of the
    # service when the run's `?`s fit in what is left of `service:` and a one-letter name.
    collapsed = collapse_stars(pattern)
    head = collapsed.rstrip("*?")
    tail = collapsed[len(head):]
    if "*" not in tail:
        return False
    prefix = f"{service}:"
    return any(
        tail.count("?") <= len(prefix) - end + 1 and glob_matches(head, prefix[:end], ignore_case=True)
        for end in range(len(prefix) + 1)
    )


def _matches_every_name(wildcards: str) -> bool:
    # Action names are never empty, so `*`, `?*` and `*?` match every one; `??*` misses one-letter names.
    return "*" in wildcards and wildcards.count("?") <= 1 and not wildcards.strip("*?")
