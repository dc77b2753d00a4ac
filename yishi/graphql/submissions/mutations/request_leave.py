import graphene
from django.core.exceptions import ValidationError

from yishi.workflows import roles
from yishi.workflows.attendance.actions import request_leave
from yishi.workflows.attendance.models import Invitation

from ..base import SubmissionMutation
from ..enums import SubmissionErrorCode
from ..types import LeaveRequestResult


class RequestLeave(SubmissionMutation):
    """请假: the acting user asks to be excused from a meeting they are invited to."""

    class Arguments:
        meeting = graphene.ID(required=True, description="会议（Meeting 的 id）")
        reason = graphene.String(required=True, description="请假事由")

    leave_request = graphene.Field(LeaveRequestResult)

    @classmethod
    def perform_mutation(cls, root, info, meeting, reason):
        actor = cls.actor(info)
        person = roles.person_of(actor)
        invitation = Invitation.objects.select_related("meeting").filter(
            meeting_id=cls.pk_of(meeting, "Meeting", "meeting"), person=person).first() if person else None
        if invitation is None:
            # One answer for "no such meeting" and "not invited": the caller learns nothing about others' meetings.
            raise ValidationError({"meeting": ValidationError("会议不存在或你不在参会名单中 (no such invitation)",
                                                              code=SubmissionErrorCode.NOT_FOUND)})
        return cls(errors=[], leave_request=request_leave(invitation, reason, actor=actor))
