"""What every rule family is given and what it declares about itself."""

from collections.abc import Iterable
from typing import NamedTuple

from ..document_sources import DocumentKind, DocumentSource
from ..findings import Finding
from ..iam.catalog import IamCatalog
from ..iam.documents import PolicyDocument, StatementRef
from ..settings import Settings


class ResourceUnderReview(NamedTuple):
    # A NamedTuple, not a frozen dataclass: three policies build one per resource, and a frozen
    # dataclass's __init__ sets each field through object.__setattr__.
    type: str
    name: str
    urn: str
    sources: tuple[DocumentSource, ...]
    production: bool
    settings: Settings
    catalog: IamCatalog


class RuleMetadata:
    """What the pack publishes about a rule (GetAnalyzerInfo)."""

    name: str
    description: str
    config_properties: dict
    remediation_steps: str
    tags: list[str]
    severity: str  # pulumi_policy.Severity value: low, medium, high, critical


class Rule(RuleMetadata):
    """A rule family judged one resource at a time: `evaluate` for one resource."""

    reads: frozenset[DocumentKind]

    def evaluate(self, resource: ResourceUnderReview) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        resource: ResourceUnderReview,
        source: DocumentSource,
        statement: StatementRef | None,
        message: str,
        fix: str,
        advisory: bool = False,
    ) -> Finding:
        return Finding(self.name, resource.name, source.location, statement, message, fix, advisory)

    def malformed_findings(
        self, resource: ResourceUnderReview, source: DocumentSource, document: PolicyDocument, advisory: bool = False
    ) -> Iterable[Finding]:
        for problem in document.problems:
            yield self.finding(
                resource,
                source,
                problem.statement,
                f"the {source.kind.value} is malformed: {problem.message}",
                "Write the document as valid IAM JSON: one object with a Statement, each statement with "
                'Effect "Allow" or "Deny", no duplicate keys and no unknown elements.',
                advisory,
            )
