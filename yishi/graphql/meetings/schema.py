import graphene
from django.utils import timezone

from yishi.workflows.supervision.board import DONE, GREEN, RED, YELLOW, board
from yishi.workflows.supervision.models import ActionItem

from ..core.dates import checked_range
from ..core.pagination import BoundedList, KeyedList, PaginatedField
from .enums import MeetingStatus
from .resolvers import published_action_items, visible_meetings
from .types import ActionItemConnection, Meeting, MeetingConnection

MAX_MEETINGS = 500
MAX_BOARD_ROWS = 500  # departments
LIGHT_ORDER = {RED: 0, YELLOW: 1, GREEN: 2, DONE: 3}  # as board() sorts its items
FILTERS = {
    "from_": graphene.Date(required=True, name="from"), "to": graphene.Date(required=True),
    "meeting_type": graphene.String(description="会议类型标识"),
    "status": graphene.List(graphene.NonNull(MeetingStatus), description="只列这些状态"),
}


class BoardRow(graphene.ObjectType):
    """One department's action items by traffic light (督办看板)."""

    department = graphene.String(required=True, description="责任科室名称")
    green = graphene.Int(required=True, description="正常推进")
    yellow = graphene.Int(required=True, description="临近时限")
    red = graphene.Int(required=True, description="已逾期")
    done = graphene.Int(required=True, description="已办结")
    total = graphene.Int(required=True)


class SupervisionBoard(graphene.ObjectType):
    """督办看板: open and finished action items of published meeting outcomes (archived ones left out)."""

    today = graphene.Date(required=True, description="灯色按此日计算")
    departments = BoundedList(BoardRow, max_items=MAX_BOARD_ROWS, description="各责任科室的灯色统计（按名称）")
    items = PaginatedField(ActionItemConnection, description="事项：红灯在前，再按办结时限")

    @staticmethod
    def resolve_departments(supervision, info):
        return [{"department": row.label, **row.counts, "total": row.total} for row in supervision.departments]

    @staticmethod
    def resolve_items(supervision, info, **args):
        colours = {item.pk: colour for item, colour in supervision.items}
        return KeyedList([item for item, _colour in supervision.items],
                         key=lambda item: (LIGHT_ORDER[colours[item.pk]], item.due_date.isoformat(), item.pk))


class Query(graphene.ObjectType):
    meetings = BoundedList(
        Meeting, **FILTERS, max_items=MAX_MEETINGS,
        description=f"日期范围内的会议（按开始时间；最多 {MAX_MEETINGS} 个，范围最多 366 天）；"
                    "内部会议需 read_internal，涉密会议仅对本单位登录用户可见",
    )
    meetings_connection = PaginatedField(
        MeetingConnection, **FILTERS,
        description="同 meetings，分页（每页最多 100 个）：取议程、纪要、决定事项和督办进展时用它",
    )
    supervision_board = graphene.Field(
        SupervisionBoard, required=True, meeting_type=graphene.String(description="只看此会议类型的事项"),
        description="督办看板：已印发纪要的非涉密会议的督办事项（不含已归档），按科室统计灯色；不含人员姓名",
    )

    @staticmethod
    def resolve_meetings(root, info, from_, to, meeting_type=None, status=None):
        start, end = checked_range(from_, to)
        meetings = visible_meetings(info).filter(date__range=(start, end)).order_by("starts_at", "pk")
        if meeting_type is not None:
            meetings = meetings.filter(meeting_type_slug=meeting_type)
        if status is not None:
            meetings = meetings.filter(status__in=[getattr(value, "value", value) for value in status])
        return meetings

    @staticmethod
    def resolve_meetings_connection(root, info, from_, to, meeting_type=None, status=None, **_page):
        return Query.resolve_meetings(root, info, from_, to, meeting_type, status)

    @staticmethod
    def resolve_supervision_board(root, info, meeting_type=None):
        items = published_action_items(info).exclude(state=ActionItem.State.ARCHIVED)
        if meeting_type is not None:
            items = items.filter(meeting_type_slug=meeting_type)
        return board(items, timezone.localdate())
