import graphene
from django.core.exceptions import NON_FIELD_ERRORS

from yishi.workflows.attendance.actions import sign_in_with_token

from ..base import SubmissionMutation
from ..types import Invitation


class SignIn(SubmissionMutation):
    """扫码签到: the signed token of the person's QR link is the proof; no acting user is needed."""

    class Arguments:
        token = graphene.String(required=True, description="签到二维码中的令牌")

    class Meta:
        # The invitation the token names (sheet frozen …) is the token's: that is the argument to name.
        error_fields = {"invitation": "token", NON_FIELD_ERRORS: "token"}

    sign_in = graphene.Field(Invitation, description="签到后的参会邀请")

    @classmethod
    def perform_mutation(cls, root, info, token):
        invitation = sign_in_with_token(token)
        return cls(errors=[], sign_in=invitation)
