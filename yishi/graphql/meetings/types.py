import graphene
from django.utils import timezone

from ..content.types import MeetingType
from ..core.nodes import Node, pk
from .dataloaders import RulesInForceLoader
from .resolvers import visible_meetings


class Meeting(graphene.ObjectType):
    """A meeting on the organisation's calendar: planned from the rules or called ad hoc (会议)."""

    class Meta:
        interfaces = (Node,)

    meeting_type = graphene.Field(MeetingType, description="会议当天施行的会议类型规则")
    name = graphene.String(required=True)
    kind = graphene.String(required=True, description="regular | ad_hoc | emergency")
    status = graphene.String(required=True, description="planned | convened | in_session | held | cancelled")
    date = graphene.Date(required=True)
    starts_at = graphene.DateTime(required=True)
    ends_at = graphene.DateTime(required=True)
    moved_from = graphene.Date(description="因节假日调整前的原定日期")
    reason = graphene.String(description="调整原因")
    calendar_confirmed = graphene.Boolean(required=True, description="日期所在年份的节假日安排已确认")
    location = graphene.String(required=True)

    @classmethod
    def get_node(cls, info, key):
        return visible_meetings(info).filter(pk=pk(key)).first()

    @staticmethod
    def resolve_meeting_type(meeting, info):
        return RulesInForceLoader.of(info).load((meeting.meeting_type_slug, meeting.date))

    # In the organisation's local time, like the computed occurrences (the database gives UTC).
    @staticmethod
    def resolve_starts_at(meeting, info):
        return timezone.localtime(meeting.starts_at)

    @staticmethod
    def resolve_ends_at(meeting, info):
        return timezone.localtime(meeting.ends_at)

    @staticmethod
    def resolve_reason(meeting, info):
        return meeting.move_reason or None
