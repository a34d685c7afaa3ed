"""The stack review parses each document once per principal, and a shared one once for all.

A managed policy attached to every role of a stack is read once per role; parsing it each time
made a stack of a thousand roles and a dozen 6 KB policies take seconds (a review found it). The
verdicts are the protocol tests' (tests/pack/test_grants_across_resources.py); here the parses
are counted, in-process on the SDK's servicer.
"""

import json
from collections import Counter

from pulumi_policy import EnforcementLevel
from pulumi_policy import policy as sdk_policy

import policies
from policies.document_sources import DocumentKind, DocumentSource, ReviewParses
from stackcheck.resources import RecordedResource
from stackcheck.wire import analyzer_resource, proto

ACCOUNT = "111122223333"
ROLES = 40


def counting_parses(monkeypatch) -> Counter:
    parses: Counter = Counter()
    unkept = DocumentSource.document_unkept

    def counted(source):
        parses[source.raw if isinstance(source.raw, str) else repr(source.raw)] += 1
        return unkept(source)

    monkeypatch.setattr(DocumentSource, "document_unkept", counted)
    return parses


def test_a_principal_parses_its_document_once_and_a_second_principal_keeps_it(monkeypatch):
    parses = counting_parses(monkeypatch)
    text = json.dumps({"Statement": {"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}})
    source = DocumentSource(DocumentKind.IDENTITY, "policy", text)
    review = ReviewParses()
    for _principal in range(3):
        review.next_principal()
        for _ in range(3):
            assert review.document(source).statements
    assert parses[text] == 2
    own = DocumentSource(DocumentKind.IDENTITY, "policy", text)
    review.next_principal()
    assert review.document(own) is not None and review.document(own) is review.document(own)
    assert parses[text] == 3


def shared_policy_stack() -> list:
    first_half = [f"sagemaker:{letter}*" for letter in "ABCDEFGHIJKLM"]
    second_half = [f"sagemaker:{letter}*" for letter in "NOPQRSTUVWXYZ"]
    scoped = [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::bucket-{i}/*"}
              for i in range(80)]
    shared = json.dumps({"Statement": [{"Effect": "Allow", "Action": first_half, "Resource": "*"}, *scoped]})
    assert len(shared) > 4096  # past the parser's own cache of short documents
    resources = [
        RecordedResource.new("aws:iam/policy:Policy", "shared", stack="prod", project="p", outputs={
            "name": "shared", "policy": shared, "arn": f"arn:aws:iam::{ACCOUNT}:policy/shared"}),
        RecordedResource.new("aws:iam/policyAttachment:PolicyAttachment", "everyone", {
            "policyArn": f"arn:aws:iam::{ACCOUNT}:policy/shared", "roles": [f"role-{i}" for i in range(ROLES)],
        }, stack="prod", project="p"),
    ]
    for i in range(ROLES):
        # Half the roles get the rest of SageMaker from their own policy.
        rest = json.dumps({"Statement": {"Effect": "Allow", "Action": second_half if i % 2 else "s3:GetObject",
                                         "Resource": "*"}})
        resources.append(RecordedResource.new("aws:iam/rolePolicy:RolePolicy", f"rest-{i}",
                                              {"role": f"role-{i}", "policy": rest}, stack="prod", project="p"))
    return resources, shared


def test_a_policy_attached_to_every_role_is_parsed_once_per_review(monkeypatch):
    resources, shared = shared_policy_stack()
    parses = counting_parses(monkeypatch)
    servicer = sdk_policy._PolicyAnalyzerServicer("pack", "0.0.1", policies.POLICIES, EnforcementLevel.MANDATORY, None)
    servicer.ConfigureStack(proto().AnalyzerStackConfigureRequest(stack="prod", project="p"), None)
    request = proto().AnalyzeStackRequest()
    request.resources.extend(analyzer_resource(resource) for resource in resources)
    response = servicer.AnalyzeStack(request, None)
    # The join did find the principals: each role's own policy plus the shared one was judged.
    blocked = [d for d in response.diagnostics if d.policyName == "no-sagemaker-star-across-resources"]
    assert len(blocked) == ROLES // 2
    assert parses[shared] <= 2
