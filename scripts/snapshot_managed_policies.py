"""Regenerate the snapshot of AWS managed policy documents from the copy moto ships.

The pack judges attachments such as AmazonSageMakerFullAccess by their real documents. moto is a
heavy test library, so the pack does not import it at run time; instead this script writes a
compact, deterministic snapshot that the pack loads lazily. Run it with `make snapshot-managed-policies`.
"""

import gzip
import json
import sys
from pathlib import Path

from moto import __version__ as moto_version
from moto.iam.aws_managed_policies import aws_managed_policies_data

TARGET = Path(__file__).resolve().parent.parent / "policies" / "iam" / "data" / "aws_managed_policies.json.gz"


def build_snapshot() -> dict:
    policies = json.loads(aws_managed_policies_data)
    by_path_and_name = {}
    for name, entry in sorted(policies.items()):
        path = entry.get("Path") or "/"
        # Each document stays JSON text, so the pack decodes only the policies a stack attaches.
        by_path_and_name[f"{path}{name}"] = json.dumps(entry["Document"], sort_keys=True, separators=(",", ":"))
    return {"source": f"moto {moto_version}", "policies": by_path_and_name}


def main() -> int:
    snapshot = build_snapshot()
    payload = json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode()
    # mtime=0 keeps the file byte-identical when nothing changed, so git shows no diff.
    TARGET.write_bytes(gzip.compress(payload, mtime=0))
    print(f"wrote {len(snapshot['policies'])} policies from {snapshot['source']} to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
