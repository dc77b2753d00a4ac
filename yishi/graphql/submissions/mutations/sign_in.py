import graphene

from yishi.workflows.attendance.actions import sign_in_with_token

from ..base import SubmissionMutation
from ..types import SignInResult


class SignIn(SubmissionMutation):
    """扫码签到: the signed token of the person's QR link is the proof; no acting user is needed."""

    class Arguments:
        token = graphene.String(required=True, description="签到二维码中的令牌")

    sign_in = graphene.Field(SignInResult)

    @classmethod
    def perform_mutation(cls, root, info, token):
        invitation = sign_in_with_token(token)
        return cls(errors=[], sign_in=invitation)
