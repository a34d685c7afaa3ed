"""Hardening tests: hostile input, bounded cost, equivalences and the bypass catalogue.

Every test drives the pack over the Analyzer protocol through the session's `policy_pack`
(stackcheck's pytest plugin). Property tests run under the "hardening" hypothesis profile:
derandomized and without an example database, so CI sees the same examples on every run, and
without per-example deadlines, because a protocol round trip is not a unit of CPU time.
"""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "hardening",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    max_examples=25,
    suppress_health_check=[
        # The pack is configured once per test by `_default_config`, not once per example, on purpose.
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(autouse=True)
def _default_config(policy_pack):
    """Other test modules reconfigure the shared pack; start every hardening test from defaults."""
    policy_pack.configure(None)
    policy_pack.configure_stack("prod", "ml-platform")
