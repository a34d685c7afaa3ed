"""Which AWS account an AWS provider works in, as far as its settings say.

IAM names are unique within an account, so the stack policy reads a role's name within the account
of the provider that made or named it (`principal_links`). A provider names its account by
`allowedAccountIds` (one account), by the role it assumes (`assumeRole`, `assumeRoles`), or, less
directly, by its credentials `profile`. The engine hands a provider's structured settings over as
JSON text.
"""

import json

from .iam.arns import parse_arn
from .iam.values import values_at


def account_scope(props) -> str:
    """The provider's account, `profile:<name>` when only its profile tells, "" when nothing does."""
    accounts = _setting(props, "allowedAccountIds")
    if isinstance(accounts, list) and len(accounts) == 1 and isinstance(accounts[0], str):
        return accounts[0]
    for name in ("assumeRole", "assumeRoles"):
        assumed = _setting(props, name)
        for item in assumed if isinstance(assumed, list) else [assumed]:
            role_arn = item.get("roleArn") if isinstance(item, dict) else None
            arn = parse_arn(role_arn) if isinstance(role_arn, str) else None
            if arn is not None and arn.account:
                return arn.account
    profile = _setting(props, "profile")
    return f"profile:{profile}" if isinstance(profile, str) and profile else ""


def _setting(props, name: str):
    found = values_at(props, ((name, False),)) if props is not None else []
    value = found[0][1] if found else None
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return None
    return value
