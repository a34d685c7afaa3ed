"""SageMaker guardrails: the policies of the pack, importable without starting it.

Layers, bottom up: `iam/` (documents, catalog, ARNs), `document_sources` (where documents live
in each resource type), `principal_links` (which principals those documents reach, for the stack
policy), `rules/` (one module per rule family), `policy_factory`, `stack_policy_factory` and
`advisories` (the pulumi_policy objects). `__main__.py` at the repository root only builds the
PolicyPack from `POLICIES`.

Importing the package replaces pulumi-policy's Analyze with the pack's own loop over its
policies (`analyze_loop`): one conversion of a request's properties for all of them, an empty
answer at once for types no policy reads, and no call to a policy that reads nothing of a type;
set GUARDRAILS_SDK_ANALYZE=1 to keep the SDK's loop. Either way Analyze numbers its calls
(`analyze_calls`). It also has the SDK's ConfigureStack note whether the run is a preview
(`engine_run`) and forget the previous run's principals (`analyzed_principals`) and policies
(`defined_policies`), its Configure check the config (`config_check`), and its levels never make
the advisories policy block (`advisories.keep_notes_advisory`).
"""

import sys

from . import analyze_calls, analyze_loop, analyzed_principals, config_check, defined_policies, engine_run
from .advisories import build_advisories_policy, keep_notes_advisory
from .policy_factory import build_policy
from .rules.arn_scoping import ArnScopingRule
from .rules.sagemaker_across_resources import SageMakerAcrossResourcesRule
from .rules.sagemaker_wildcard import SageMakerWildcardRule
from .rules.trust_conditions import TrustConditionsRule
from .stack_policy_factory import build_stack_policy

_HOOKS = {
    "engine_run": engine_run.remember_configure_stack(),
    "analyzed_principals": analyzed_principals.forget_each_run(),
    "defined_policies": defined_policies.forget_each_run(),
    "analyze_calls": analyze_calls.number_analyze_calls(),
    "analyze_loop": analyze_loop.install(),
    "keep_notes_advisory": keep_notes_advisory(),
    "config_check": config_check.record_problems_at_configure(),
}
if not all(_HOOKS.values()):
    # A pulumi-policy release without the servicer methods these wrap (requirements.txt pins the one
    # they were written for): the pack still runs, but say so where the CLI's logs show it.
    sys.stderr.write("sagemaker-guardrails: pulumi-policy lacks what these hooks wrap, so they are off: "
                     + ", ".join(name for name, installed in _HOOKS.items() if not installed) + "\n")

PACK_NAME = "sagemaker-guardrails"
RULES = (TrustConditionsRule(), SageMakerWildcardRule(), ArnScopingRule())

STACK_RULES = (SageMakerAcrossResourcesRule(),)

# Order matters: the advisories policy must run after the rules whose notes it reports. Stack
# policies run only in AnalyzeStack, where the SDK skips the resource policies.
POLICIES = (
    [build_policy(rule, order) for order, rule in enumerate(RULES)]
    + [build_advisories_policy()]
    + [build_stack_policy(rule) for rule in STACK_RULES]
)
config_check.watch(POLICIES, noted_by_themselves=[rule.name for rule in RULES])
