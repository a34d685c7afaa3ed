"""Who a trust statement lets in.

A principal element is `"*"` or a map from principal type (AWS, Service, Federated,
CanonicalUser) to one value or a list of values. Each value is classified once here so the
trust rule can ask plain questions: is it everyone, which account is it, which identity
provider is it.
"""

import re
from dataclasses import dataclass

from .wildcards import has_wildcard

PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")

ACCOUNT_ID = re.compile(r"^[0-9]{12}\Z")
IAM_PRINCIPAL_ARN = re.compile(r"^arn:(?P<partition>aws[a-z-]*):(?:iam|sts)::(?P<account>[0-9]{12}):.+\Z")
OIDC_PROVIDER_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/(?P<url>.+)$")
SAML_PROVIDER_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:saml-provider/.+$")


@dataclass(frozen=True)
class Principal:
    kind: str  # "*", or one of PRINCIPAL_TYPES
    value: str

    @property
    def is_everyone(self) -> bool:
        # IAM accepts no partial wildcards in principals, so any `*` is read as "everyone".
        return self.kind == "*" or has_wildcard(self.value)

    @property
    def account(self) -> str | None:
        """The AWS account an AWS principal belongs to, when it names one."""
        if self.kind != "AWS":
            return None
        if ACCOUNT_ID.match(self.value):
            return self.value
        match = IAM_PRINCIPAL_ARN.match(self.value)
        return match.group("account") if match else None

    @property
    def is_saml_provider(self) -> bool:
        return self.kind == "Federated" and bool(SAML_PROVIDER_ARN.match(self.value))

    @property
    def oidc_provider(self) -> str | None:
        """The provider URL that prefixes its condition keys (`token.actions.githubusercontent.com`),
        in lower case: condition keys compare without it."""
        written = self.oidc_provider_as_written
        return None if written is None else written.lower()

    @property
    def oidc_provider_as_written(self) -> str | None:
        """The provider URL in the letter case the trust writes it (an EKS issuer ID is upper case), for
        messages and fixes a user will recognise and paste back."""
        if self.kind != "Federated" or self.is_saml_provider:
            return None
        match = OIDC_PROVIDER_ARN.match(self.value)
        url = match.group("url") if match else self.value
        return url.removeprefix("https://")

    def __str__(self) -> str:
        return "*" if self.kind == "*" else f"{self.kind}: {self.value}"
