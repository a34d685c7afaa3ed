"""The AWS accounts that host SageMaker's prebuilt images, by repository and region: what
`aws.sagemaker.get_prebuilt_ecr_image` answers with.

The accounts are the ones terraform-provider-aws (which pulumi-aws wraps) keeps in
`internal/service/sagemaker/prebuilt_ecr_image_data_source.go`, as AWS documents them in "Docker
Registry Paths and Example Code". They are facts about AWS, restated here; the newest provider
knows more regions and repositories. A repository or region missing here gets its group's
us-east-1 account (the real provider fails instead), so a program still gets one of AWS's own
image accounts rather than nothing.
"""

from __future__ import annotations

_REGIONS = ("af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
            "ap-southeast-1", "ap-southeast-2", "ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1",
            "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1",
            "us-east-1", "us-east-2", "us-gov-west-1", "us-west-1", "us-west-2", "us-iso-east-1")


def _by_region(*accounts: str) -> dict[str, str]:
    """Accounts in the order of _REGIONS; an empty string where the group has no image there."""
    return {region: account for region, account in zip(_REGIONS, accounts, strict=False) if account}


# Built-in algorithms (BlazingText, image classification, object detection, semantic segmentation, seq2seq).
_BLAZING = _by_region(
    "455444449433", "286214385809", "501404015308", "306986355934", "867004704886", "991648021394",
    "475088953585", "544295431143", "469771592824", "390948362332", "387376663083", "813361260812",
    "669576153137", "257386234256", "685385470294", "644912444149", "749696950732", "249704162688",
    "855470959533", "811284229777", "825641698319", "226302683700", "632365934929", "433757028032")
_DEEPAR = _by_region(
    "455444449433", "286214385809", "633353088612", "204372634319", "", "991648021394",
    "475088953585", "514117268639", "469771592824", "390948362332", "387376663083", "495149712605",
    "669576153137", "257386234256", "224300973850", "644912444149", "749696950732", "249704162688",
    "855470959533", "522234722520", "566113047672", "226302683700", "632365934929", "156387875391")
# The other built-in algorithms (factorization machines, k-means, KNN, linear learner, PCA, ...).
_ALGORITHMS = _by_region(
    "455444449433", "286214385809", "351501993468", "835164637446", "867004704886", "991648021394",
    "475088953585", "712309505854", "469771592824", "390948362332", "387376663083", "664544806723",
    "669576153137", "257386234256", "438346466558", "644912444149", "749696950732", "249704162688",
    "855470959533", "382416733822", "404615174143", "226302683700", "632365934929", "174872318107")
_LDA = _by_region(
    "", "", "258307448986", "293181348795", "", "991648021394",
    "475088953585", "297031611018", "469771592824", "", "", "353608530281",
    "", "", "999678624901", "644912444149", "", "",
    "", "766337827248", "999911452149", "226302683700", "632365934929", "266724342769")
# XGBoost, scikit-learn and Spark ML share their accounts (but for ap-northeast-3, XGBoost's only).
_XGBOOST = _by_region(
    "510948584623", "651117190479", "354813040037", "366743142698", "867004704886", "720646828776",
    "121021644041", "783357654285", "341280168497", "450853457545", "451049120500", "492215442770",
    "662702820516", "978288397137", "141502667606", "764974769150", "659782779980", "801668240914",
    "737474898029", "683313688378", "257758044811", "414596584902", "746614075791", "246618743249")
_SKLEARN = {region: account for region, account in _XGBOOST.items() if region != "ap-northeast-3"}
# AWS Deep Learning Containers (MXNet, PyTorch, TensorFlow, Hugging Face).
_DEEP_LEARNING = {**{region: "763104351884" for region in _REGIONS},
                  "af-south-1": "", "ap-northeast-3": "", "eu-south-1": "", "us-gov-west-1": "",
                  "ap-east-1": "871362719292", "cn-north-1": "727897471807", "cn-northwest-1": "727897471807",
                  "me-south-1": "217643126080", "us-iso-east-1": "886529160074"}
_DEEP_LEARNING = {region: account for region, account in _DEEP_LEARNING.items() if account}
_TENSORFLOW_SERVING = {**{region: "520713654638" for region in _DEEP_LEARNING if region != "us-iso-east-1"},
                       "ap-east-1": "057415533634", "me-south-1": "724002660598"}

_GROUPS: dict[str, dict[str, str]] = {
    **dict.fromkeys(("blazingtext", "image-classification", "object-detection", "semantic-segmentation",
                     "seq2seq"), _BLAZING),
    "forecasting-deepar": _DEEPAR,
    "lda": _LDA,
    "sagemaker-xgboost": _XGBOOST,
    **dict.fromkeys(("sagemaker-scikit-learn", "sagemaker-sparkml-serving"), _SKLEARN),
    **dict.fromkeys(("sagemaker-tensorflow-serving", "sagemaker-tensorflow-serving-eia"), _TENSORFLOW_SERVING),
    **dict.fromkeys(tuple(f"{framework}-{use}" for framework in ("mxnet", "pytorch", "tensorflow")
                          for use in ("inference", "inference-eia", "training"))
                    + ("huggingface-tensorflow-training", "huggingface-tensorflow-inference",
                       "huggingface-pytorch-training", "huggingface-pytorch-inference"), _DEEP_LEARNING),
}


def prebuilt_image_account(repository: str, region: str) -> str:
    """The account whose ECR registry holds SageMaker's prebuilt image `repository` in `region`."""
    group = _GROUPS.get(repository, _ALGORITHMS)
    return group.get(region) or group["us-east-1"]
