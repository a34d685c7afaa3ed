"""Which AWS account an AWS provider works in, as far as its settings say.

IAM names are unique within an account, so the stack policy judges a role within the account of
the providers that made it or gave it policies (`principal_links`). A provider names its account by
`allowedAccountIds` (one account) or by the role it assumes (`assumeRole`, `assumeRoles`). The
engine hands a provider's structured settings over as JSON text.
"""

import json

from .engine_run import values_known_to_this_run
from .iam.arns import parse_arn


def provider_account(props) -> str:
    """The account the provider works in: the one account `allowedAccountIds` allows, else the
    account of the last role it assumes (a chain of roles ends in the last one's account); "" when
    neither says. A credentials profile says nothing sure: two profiles may reach one account."""
    accounts = _setting(props, "allowedAccountIds")
    if isinstance(accounts, list) and len(accounts) == 1 and isinstance(accounts[0], str):
        return accounts[0]
    for name in ("assumeRoles", "assumeRole"):
        assumed = _setting(props, name)
        chain = assumed if isinstance(assumed, list) else [assumed]
        last = chain[-1] if chain else None
        role_arn = last.get("roleArn") if isinstance(last, dict) else None
        arn = parse_arn(role_arn) if isinstance(role_arn, str) else None
        if arn is not None and arn.account:
            return arn.account
    return ""


def _setting(props, name: str):
    found = values_known_to_this_run(props, ((name, False),)) if props is not None else []
    value = found[0][1] if found else None
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return None
    return value
