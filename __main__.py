"""Entry point the Pulumi CLI runs (`python -m pulumi.policy <engine> <pack-dir>`): build the pack."""

from pulumi_policy import EnforcementLevel, PolicyPack

from policies import PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=EnforcementLevel.MANDATORY,
    description="Guardrails for SageMaker on AWS: trust conditions, no sagemaker:* in production, ARN scoping.",
)
