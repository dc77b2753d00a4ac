import graphene

from ..core.dates import checked_range
from ..core.pagination import BoundedList
from .resolvers import visible_meetings
from .types import Meeting

MAX_MEETINGS = 500


class Query(graphene.ObjectType):
    meetings = BoundedList(
        Meeting, from_=graphene.Date(required=True, name="from"), to=graphene.Date(required=True),
        meeting_type=graphene.String(description="会议类型标识"), max_items=MAX_MEETINGS,
        description=f"日期范围内的会议（按开始时间；最多 {MAX_MEETINGS} 个，范围最多 366 天）；"
                    "内部会议需 read_internal，涉密会议仅对本单位登录用户可见",
    )

    @staticmethod
    def resolve_meetings(root, info, from_, to, meeting_type=None):
        start, end = checked_range(from_, to)
        meetings = visible_meetings(info).filter(date__range=(start, end)).order_by("starts_at", "pk")
        if meeting_type is not None:
            meetings = meetings.filter(meeting_type_slug=meeting_type)
        return meetings
