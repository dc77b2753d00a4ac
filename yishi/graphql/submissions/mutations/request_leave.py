import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from yishi.tenants.structure.models import Person
from yishi.workflows import roles
from yishi.workflows.attendance.actions import request_leave
from yishi.workflows.attendance.models import Invitation

from ..base import SubmissionMutation
from ..enums import SubmissionErrorCode
from ..types import LeaveRequest


class RequestLeave(SubmissionMutation):
    """请假: the acting user asks to be excused from a meeting they are invited to, naming a delegate
    where the rules allow or require one (`suggestedDelegate(invitation:)` gives the A/B roster's choice)."""

    class Arguments:
        meeting = graphene.ID(required=True, description="会议（Meeting 的 id）")
        reason = graphene.String(required=True, description="请假事由")
        delegate = graphene.ID(description="委托参会人（Person 的 id）")

    class Meta:
        # The action's refusals about the invitation (already asked, meeting started) are about `meeting`.
        error_fields = {"invitation": "meeting", NON_FIELD_ERRORS: "meeting"}

    leave_request = graphene.Field(LeaveRequest)

    @classmethod
    def perform_mutation(cls, root, info, meeting, reason, delegate=None):
        actor = cls.actor(info)
        person = roles.person_of(actor)
        invitation = Invitation.objects.select_related("meeting").filter(
            meeting_id=cls.pk_of(meeting, "Meeting", "meeting"), person=person).first() if person else None
        if invitation is None:
            # One answer for "no such meeting" and "not invited": the caller learns nothing about others' meetings.
            raise ValidationError({"meeting": ValidationError("会议不存在或你不在参会名单中 (no such invitation)",
                                                              code=SubmissionErrorCode.NOT_FOUND)})
        stand_in = None
        if delegate is not None:
            stand_in = Person.objects.filter(pk=cls.pk_of(delegate, "Person", "delegate")).first()
            if stand_in is None:
                raise ValidationError({"delegate": ValidationError("人员不存在 (no such person)",
                                                                   code=SubmissionErrorCode.NOT_FOUND)})
        return cls(errors=[], leave_request=request_leave(invitation, reason, actor=actor, delegate=stand_in))
