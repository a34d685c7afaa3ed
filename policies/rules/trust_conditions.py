"""Rule 1: a role's trust policy must say which caller it trusts, not only which principal.

For every Allow statement that grants any sts:AssumeRole* action:
- AWS principals outside the internal accounts need a literal sts:ExternalId under StringEquals;
- a wildcard principal (or NotPrincipal) is never acceptable;
- service principals need a confused-deputy condition (aws:SourceAccount, aws:SourceArn with a
  literal account, aws:SourceOrgID, aws:SourceOrgPaths), or sts:ExternalId;
- OIDC providers need conditions on both their `aud` and `sub` claims; the few web identity
  providers whose tokens carry other claims (Cognito, Login with Amazon, Facebook) need the ones
  that name their application and users (`web_identity`).
"""

from collections.abc import Iterable
from functools import lru_cache

from ..document_sources import DocumentKind, DocumentSource
from ..findings import Finding
from ..iam.arns import Arn, parse_arn
from ..iam.conditions import Condition, is_literal_value, pins
from ..iam.documents import Statement
from ..iam.principals import ACCOUNT_ID, Principal
from ..iam.wildcards import has_wildcard, is_only_wildcards
from ..settings import TRUST_SCHEMAS
from .base import ResourceUnderReview, Rule
from .web_identity import POLICY_VARIABLE, STRING_MATCH_OPERATORS, provider_rules

ARN_MATCH_OPERATORS = frozenset({"ArnEquals", "ArnLike", "StringEquals"})

EXTERNAL_ID_FIX = (
    'Add "Condition": {"StringEquals": {"sts:ExternalId": "<secret agreed with the other account>"}} to the '
    "statement, or list the account in internalAccountIds if it is one of yours."
)
SERVICE_FIX = (
    'Add "Condition": {"StringEquals": {"aws:SourceAccount": "<your account ID>"}, "ArnLike": '
    '{"aws:SourceArn": "arn:aws:<service>:<region>:<your account ID>:*"}} so the service can act only on '
    "behalf of your own resources (AWS's confused-deputy guidance). A service that sends neither key when it "
    "assumes the role (an EC2 instance role, passed through an instance profile in your account) needs an "
    "exemption with that reason instead."
)


class TrustConditionsRule(Rule):
    name = "iam-trust-conditions"
    description = (
        "IAM role trust policies must pin who may assume the role: sts:ExternalId for other accounts, "
        "confused-deputy conditions for AWS services, aud and sub for OIDC providers."
    )
    reads = frozenset({DocumentKind.TRUST})
    config_properties = TRUST_SCHEMAS
    severity = "critical"
    tags = ["iam", "trust-policy", "confused-deputy", "sagemaker"]
    remediation_steps = (
        "Add the missing condition to the trust statement named in the violation: sts:ExternalId "
        "(StringEquals, literal) for AWS principals in other accounts; aws:SourceAccount or aws:SourceArn for "
        "service principals such as sagemaker.amazonaws.com; `<provider>:aud` and a specific `<provider>:sub` for "
        "OIDC providers. Never trust \"*\"."
    )

    def evaluate(self, resource: ResourceUnderReview) -> Iterable[Finding]:
        catalog = resource.catalog
        assume_actions = _assume_actions(catalog)
        for source in resource.sources:
            document = source.document()
            if document is None or document.unknown:
                continue
            yield from self.malformed_findings(resource, source, document)
            for statement in document.statements:
                if not statement.is_allow:
                    continue
                granted = statement.action_element.granted_in(catalog, "sts")
                if granted & assume_actions:
                    yield from self._check_statement(resource, source, statement)

    def _check_statement(self, resource, source: DocumentSource, statement: Statement) -> Iterable[Finding]:
        ref = statement.ref
        if statement.principals is None:
            yield self.finding(
                resource, source, ref, "the statement allows sts:AssumeRole* but names no Principal",
                "Name the one principal that may assume the role, with the conditions this rule asks for.",
            )
            return
        if statement.principals_negated:
            yield self.finding(
                resource, source, ref,
                "Allow with NotPrincipal trusts every principal in every account except the ones listed",
                'Replace NotPrincipal with a Principal naming who may assume the role.',
            )
            return
        everyone = [p for p in statement.principals if p.is_everyone]
        if everyone:
            yield self.finding(
                resource, source, ref,
                f"the statement trusts everyone ({', '.join(map(str, everyone))}); conditions cannot make a "
                "wildcard principal safe",
                "Name the exact account, role, service or identity provider instead of \"*\".",
            )
        conditions = statement.conditions
        settings = resource.settings

        external = [
            p for p in statement.principals
            if p.kind in ("AWS", "CanonicalUser") and not p.is_everyone
            and p.account not in settings.internal_account_ids
        ]
        if external and not (
            has_strong_external_id(conditions)
            or (settings.allow_principal_org_id
                and pins(conditions, "aws:principalorgid", STRING_MATCH_OPERATORS, is_literal_value))
        ):
            yield self.finding(
                resource, source, ref,
                f"{_names(external)} may assume the role without a literal sts:ExternalId under StringEquals "
                "(StringLike, IfExists, Null and negated operators do not count)",
                EXTERNAL_ID_FIX,
            )

        services = [p for p in statement.principals if p.kind == "Service" and not p.is_everyone]
        if services:
            if not _service_is_pinned(conditions):
                yield self.finding(
                    resource, source, ref,
                    f"{_names(services)} may assume the role on behalf of any account: no aws:SourceAccount, "
                    "aws:SourceArn (with a literal account, and under StringLike no wildcard before it), "
                    "aws:SourceOrgID, aws:SourceOrgPaths or sts:ExternalId condition pins the caller",
                    SERVICE_FIX,
                )
            elif not _service_is_pinned(conditions, accept_external_id=False):
                # Accepted, as the seed programs' roles are written; but it is no confused-deputy condition.
                yield self.finding(
                    resource, source, ref,
                    f"{_names(services)} is pinned only by sts:ExternalId. SageMaker and most AWS services do not "
                    "send an ExternalId, so they cannot assume this role as written; and a service that does send "
                    "one (Amazon Cognito, for SMS) takes it from whoever configures the service, in any account",
                    SERVICE_FIX,
                    advisory=True,
                )
            no_accounts = _source_accounts_that_are_no_account(conditions)
            if no_accounts:
                # Fails closed, but silently: AWS's own examples write placeholders such as "account-id".
                yield self.finding(
                    resource, source, ref,
                    f"aws:SourceAccount {', '.join(repr(value) for value in no_accounts)} is not a 12-digit "
                    f"account ID, so no request matches it and {_names(services)} cannot assume the role",
                    "Write the 12-digit ID of the account whose resources may have the service assume the role.",
                    advisory=True,
                )

        for principal in statement.principals:
            if principal.kind != "Federated" or principal.is_everyone:
                continue
            if principal.is_saml_provider:
                if not pins(conditions, "saml:aud", STRING_MATCH_OPERATORS, _is_nonempty_pattern):
                    yield self.finding(
                        resource, source, ref,
                        f"{principal} is trusted without a SAML:aud condition",
                        'Add "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}.',
                        advisory=True,
                    )
                continue
            yield from self._check_oidc(resource, source, statement, principal)

    def _check_oidc(self, resource, source, statement: Statement, principal: Principal) -> Iterable[Finding]:
        rules = provider_rules(principal.oidc_provider)
        written = principal.oidc_provider_as_written
        unmet = [
            requirement for requirement in rules.requirements
            if not requirement.is_met(statement.conditions, principal.oidc_provider)
        ]
        if unmet:
            # IAM's keys for a provider are its URL without the scheme: a condition on `https://<url>:sub`
            # names a key no request carries, so the role is unusable rather than open, and the fix is the key.
            with_scheme = sorted({condition.key for condition in statement.conditions
                                  if condition.key.startswith(("https://", "http://"))})
            hint = (f" (the condition keys {', '.join(with_scheme)} start with the URL's scheme, which IAM's "
                    f"keys for this provider leave out: write {written}:<claim>)") if with_scheme else ""
            yield self.finding(
                resource, source, statement.ref,
                f"{principal} is trusted too broadly: " + "; ".join(
                    f"no {requirement.wanted} condition on "
                    f"{' or '.join(f'{written}:{claim}' for claim in requirement.claims)}, so {requirement.admits}"
                    for requirement in unmet
                ) + hint,
                rules.fix.format(provider=written),
            )


def has_strong_external_id(conditions: tuple[Condition, ...]) -> bool:
    # Exactly StringEquals: ExternalId is a single-valued key, so a set-qualified form only
    # obscures what the statement requires (and ForAllValues passes when the key is absent).
    # StringEqualsIfExists beside {"Null": {"sts:ExternalId": "false"}} means the same as StringEquals.
    exact = tuple(
        condition for condition in conditions
        if condition.operator in ("StringEquals", "StringEqualsIfExists", "Null")
    )
    return pins(exact, "sts:externalid", ("StringEquals",), is_literal_value)


def _is_nonempty_pattern(value: str) -> bool:
    return bool(value.strip()) and not is_only_wildcards(value)


def _arn_with_literal_account(value: str) -> Arn | None:
    arn = parse_arn(value)
    return arn if arn is not None and ACCOUNT_ID.match(arn.account) is not None else None


def _source_arn_has_literal_account(value: str) -> bool:
    return _arn_with_literal_account(value) is not None


def _source_arn_pattern_pins_account(value: str) -> bool:
    # ArnLike matches each of an ARN's fields on its own; StringLike matches the whole text, where `*`
    # and `?` also match `:`. So under StringLike `arn:aws:*:*:111122223333:*` matches another account's
    # ARN whose resource part holds `:111122223333:`; only a pattern literal up to its account pins it.
    arn = _arn_with_literal_account(value)
    return arn is not None and not any(
        has_wildcard(field) or POLICY_VARIABLE in field for field in (arn.partition, arn.service, arn.region)
    )


def _source_accounts_that_are_no_account(conditions) -> list[str]:
    """Literal aws:SourceAccount values that cannot be an account ID (a placeholder copied from a doc)."""
    return [
        value for condition in conditions
        if condition.key == "aws:sourceaccount" and condition.operator in STRING_MATCH_OPERATORS
        for value in condition.values
        if is_literal_value(value) and not ACCOUNT_ID.fullmatch(value)
    ]


def _org_path_is_pinned(value: str) -> bool:
    organization = value.split("/", 1)[0]
    return organization.startswith("o-") and is_literal_value(organization)


@lru_cache(maxsize=4)
def _assume_actions(catalog) -> frozenset:
    """The actions that assume a role (sts:AssumeRole, ...WithSAML, ...WithWebIdentity), once per catalog."""
    return frozenset(catalog.actions_matching("sts:AssumeRole*", "sts"))


def _service_is_pinned(conditions, accept_external_id: bool = True) -> bool:
    return (
        (accept_external_id and has_strong_external_id(conditions))
        or pins(conditions, "aws:sourceaccount", STRING_MATCH_OPERATORS, is_literal_value)
        or pins(conditions, "aws:sourceorgid", STRING_MATCH_OPERATORS, is_literal_value)
        or pins(conditions, "aws:sourcearn", ARN_MATCH_OPERATORS, _source_arn_has_literal_account)
        or pins(conditions, "aws:sourcearn", ("StringLike",), _source_arn_pattern_pins_account)
        or pins(conditions, "aws:sourceorgpaths", STRING_MATCH_OPERATORS, _org_path_is_pinned)
    )


def _names(principals: list[Principal]) -> str:
    return ", ".join(str(p) for p in principals)
