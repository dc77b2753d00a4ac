"""What a person sees of their own submissions: topics, invitations, leave requests — and colleagues
named as delegates. Each is a Node visible only to the acting user it belongs to (see resolvers)."""

import graphene

from ..core.nodes import Node, pk
from ..meetings.resolvers import may_see_meeting
from ..meetings.types import Meeting
from .resolvers import may_see_people, own_invitations, own_leave_requests, own_topics, people_for


class Person(graphene.ObjectType):
    """人员, as a submitter sees a colleague: a delegate, or the A/B roster's suggestion."""

    class Meta:
        interfaces = (Node,)

    name = graphene.String(required=True, description="姓名")

    @classmethod
    def get_node(cls, info, key):
        return people_for(info).filter(pk=pk(key)).first()


class Topic(graphene.ObjectType):
    """议题, as its submitter sees it."""

    class Meta:
        interfaces = (Node,)

    title = graphene.String(required=True)
    state = graphene.String(required=True, description="submitted | … (见 docs/workflows.md)")
    late = graphene.Boolean(required=True, description="晚于报送截止时间")
    deadline_at = graphene.DateTime(description="报送截止时间")
    submitted_at = graphene.DateTime(description="报送时间")

    @classmethod
    def get_node(cls, info, key):
        return own_topics(info).filter(pk=pk(key)).first()


class Invitation(graphene.ObjectType):
    """参会邀请 of the acting user (or the one a sign-in token named)."""

    class Meta:
        interfaces = (Node,)

    meeting = graphene.Field(Meeting, description="会议（调用方无权查看该密级时为空）")
    role = graphene.String(required=True, description="member | observer")
    signed_in_at = graphene.DateTime(description="签到时间")
    late = graphene.Boolean(required=True, description="迟到")
    status = graphene.String(description="考勤结果（会议签到冻结后）：present | late | delegate | on_leave | absent")

    @classmethod
    def get_node(cls, info, key):
        return own_invitations(info).filter(pk=pk(key)).first()

    @staticmethod
    def resolve_meeting(invitation, info):
        # A sign-in token proves who is signing in, not that the caller may read a confidential meeting.
        meeting = invitation.meeting
        return meeting if may_see_meeting(info, meeting) else None

    @staticmethod
    def resolve_status(invitation, info):
        return invitation.status or None


class LeaveRequest(graphene.ObjectType):
    """请假申请."""

    class Meta:
        interfaces = (Node,)

    invitation = graphene.Field(Invitation, required=True)
    reason = graphene.String(required=True, description="请假事由")
    delegate = graphene.Field(Person, description="委托参会人")
    state = graphene.String(required=True, description="requested | approved | refused | cancelled")
    late = graphene.Boolean(required=True, description="晚于规则规定的请假时限")

    @classmethod
    def get_node(cls, info, key):
        return own_leave_requests(info).filter(pk=pk(key)).first()

    @staticmethod
    def resolve_delegate(leave_request, info):
        return leave_request.delegate if may_see_people(info) else None


class ProgressResult(graphene.ObjectType):
    percent = graphene.Int(required=True)
    item_state = graphene.String(required=True, description="督办事项当前状态")
