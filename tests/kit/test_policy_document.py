"""getPolicyDocument rendering matches the AWS provider's JSON shapes."""

import json

from stackcheck.policy_document import policy_document_outputs, render_policy_document


def test_single_values_are_scalars_and_effect_defaults_to_allow():
    doc = render_policy_document({"statements": [{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*"]}]})
    assert doc == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}],
    }


def test_several_values_are_a_reverse_sorted_list_without_duplicates():
    doc = render_policy_document({"statements": [{"actions": ["s3:GetObject", "s3:PutObject", "s3:GetObject",
                                                              "s3:DeleteObject"]}]})
    assert doc["Statement"][0]["Action"] == ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]


def test_principals_group_by_type_and_conditions_nest_test_variable_values():
    doc = render_policy_document({"statements": [{
        "sid": "Assume",
        "effect": "Allow",
        "actions": ["sts:AssumeRole"],
        "principals": [
            {"type": "Service", "identifiers": ["sagemaker.amazonaws.com"]},
            {"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]},
        ],
        "conditions": [
            {"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["111122223333"]},
            {"test": "ArnLike", "variable": "aws:SourceArn", "values": ["arn:aws:sagemaker:*:111122223333:*"]},
            {"test": "StringEquals", "variable": "aws:SourceOrgID", "values": ["o-1", "o-2"]},
        ],
    }]})
    statement = doc["Statement"][0]
    assert list(statement) == ["Sid", "Effect", "Action", "Principal", "Condition"]
    assert statement["Principal"] == {
        "AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:root"],
        "Service": "sagemaker.amazonaws.com",
    }
    assert statement["Condition"] == {
        "ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:*:111122223333:*"},
        "StringEquals": {"aws:SourceAccount": "111122223333", "aws:SourceOrgID": ["o-2", "o-1"]},
    }


def test_wildcard_principal_collapses_to_star_and_negated_fields_render():
    doc = render_policy_document({"statements": [{
        "effect": "Deny",
        "notActions": ["iam:*"],
        "notResources": ["arn:aws:iam::*:role/admin"],
        "principals": [{"type": "*", "identifiers": ["*"]}],
        "notPrincipals": [{"type": "AWS", "identifiers": ["arn:aws:iam::1:root"]}],
    }]})
    statement = doc["Statement"][0]
    assert statement == {
        "Effect": "Deny",
        "NotAction": "iam:*",
        "NotResource": "arn:aws:iam::*:role/admin",
        "Principal": "*",
        "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
    }
    assert "Sid" not in statement


def test_policy_id_version_and_snake_case_arguments():
    doc = render_policy_document({"policy_id": "pid", "version": "2008-10-17",
                                  "statements": [{"not_actions": ["a:b"], "sid": ""}]})
    assert doc == {"Version": "2008-10-17", "Id": "pid", "Statement": [{"Effect": "Allow", "NotAction": "a:b"}]}


def test_source_and_override_documents_merge_by_sid():
    source = json.dumps({"Statement": [{"Sid": "Keep", "Effect": "Allow", "Action": "s3:List*"},
                                       {"Sid": "Replace", "Effect": "Allow", "Action": "s3:*"}]})
    override = json.dumps({"Statement": {"Sid": "Own", "Effect": "Deny", "Action": "iam:*"}})
    doc = render_policy_document({
        "sourcePolicyDocuments": [source],
        "statements": [{"sid": "Replace", "actions": ["s3:GetObject"]}, {"sid": "Own", "actions": ["iam:Get*"]}],
        "overridePolicyDocuments": [override],
    })
    assert [(s.get("Sid"), s["Effect"], s["Action"]) for s in doc["Statement"]] == [
        ("Keep", "Allow", "s3:List*"),
        ("Replace", "Allow", "s3:GetObject"),
        ("Own", "Deny", "iam:*"),
    ]


def test_invoke_outputs_are_the_same_document_indented_and_minified():
    outputs = policy_document_outputs({"statements": [{"actions": ["s3:GetObject"]}]})
    assert json.loads(outputs["json"]) == json.loads(outputs["minifiedJson"])
    assert "\n  " in outputs["json"] and " " not in outputs["minifiedJson"]
    assert outputs["id"].isdigit()


def test_policy_variables_written_with_an_ampersand_become_dollar_variables():
    """`&{aws:username}` is how a Pulumi or Terraform string spells `${aws:username}`; the provider
    writes the variable into the JSON."""
    doc = render_policy_document({"statements": [{
        "actions": ["iam:ChangePassword"],
        "resources": ["arn:aws:iam::111122223333:user/&{aws:username}"],
        "notResources": ["arn:aws:s3:::b/&{aws:userid}/secret"],
        "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:user/&{aws:username}"]}],
        "conditions": [{"test": "StringLike", "variable": "s3:prefix", "values": ["home/&{aws:username}/*"]}],
    }]})
    statement = doc["Statement"][0]
    assert statement["Resource"] == "arn:aws:iam::111122223333:user/${aws:username}"
    assert statement["NotResource"] == "arn:aws:s3:::b/${aws:userid}/secret"
    assert statement["Principal"] == {"AWS": "arn:aws:iam::111122223333:user/${aws:username}"}
    assert statement["Condition"] == {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}
