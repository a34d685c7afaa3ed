"""The IAM model every rule stands on: documents, action patterns against the IAM catalog,
principals, conditions and ARNs. Nothing here knows about Pulumi resources or rules."""
