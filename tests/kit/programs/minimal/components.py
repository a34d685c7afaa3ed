"""A component in its own module, so tests can check URN parent chains and source positions."""

import pulumi
import pulumi_aws as aws


class Team(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("kit:index:Team", name, None, opts)
        self.bucket = aws.s3.Bucket(f"{name}-data", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})
