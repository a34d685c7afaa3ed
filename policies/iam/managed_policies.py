"""Documents of AWS managed policies, for judging attachments by what they really grant.

The snapshot in data/ is generated from the copy moto ships (scripts/snapshot_managed_policies.py,
`make snapshot-managed-policies`). It is loaded on the first attachment the pack sees, not at
start-up.
"""

import gzip
import json
import re
import threading
from pathlib import Path

AWS_MANAGED_POLICY_ARN = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy(?P<path_and_name>/.+)$")

_SNAPSHOT_FILE = "aws_managed_policies.json.gz"
_snapshot: dict | None = None
_lock = threading.Lock()


def _load_snapshot() -> dict:
    global _snapshot
    if _snapshot is None:
        with _lock:
            if _snapshot is None:
                data = (Path(__file__).parent / "data" / _SNAPSHOT_FILE).read_bytes()
                _snapshot = json.loads(gzip.decompress(data))
    return _snapshot


def is_aws_managed_arn(arn: str) -> bool:
    return AWS_MANAGED_POLICY_ARN.match(arn) is not None


def aws_managed_document(arn: str) -> str | None:
    """The document (JSON text) of an AWS managed policy ARN (any partition), or None if it is not one we know."""
    match = AWS_MANAGED_POLICY_ARN.match(arn)
    if match is None:
        return None
    return _load_snapshot()["policies"].get(match.group("path_and_name"))


def known_policy_paths() -> dict[str, str]:
    """Name -> path and name (`AmazonSageMakerFullAccess` -> `/AmazonSageMakerFullAccess`) of every policy known."""
    return {path_and_name.rsplit("/", 1)[-1]: path_and_name for path_and_name in _load_snapshot()["policies"]}


def snapshot_source() -> str:
    return _load_snapshot()["source"]
