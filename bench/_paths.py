"""Put the repository root on sys.path, so `stackcheck` and `policies` import from the checkout.

The bench scripts run as `python bench/<script>.py`, which puts only bench/ on the path, and the
repository is not installed into the venv. Import this module before anything from the repo.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
