import graphene
from django.utils import timezone

from yishi.content.rules import Confidentiality
from yishi.workflows.agenda.models import Agenda as AgendaModel
from yishi.workflows.agenda.models import AgendaItem as AgendaItemModel
from yishi.workflows.deliberation import models as deliberation
from yishi.workflows.minutes import models as minutes_models
from yishi.workflows.supervision.board import light

from ..calendar.resolvers import organisation_calendar
from ..content.types import MeetingType
from ..core.nodes import Node, pk
from ..core.pagination import BoundedList, CountableConnection
from ..structure.types import Department
from .dataloaders import (
    IssuedMinutesLoader,
    PublicAgendaLoader,
    PublishedActionItemsLoader,
    PublishedDecisionsLoader,
    RulesInForceLoader,
)
from .enums import TrafficLight
from .resolvers import AGENDA_PUBLISHED, ISSUED_MINUTES, OUTCOME_PUBLISHED, published_action_items, visible_meetings

MAX_AGENDA_ITEMS = 50
MAX_DECISIONS = 50
MAX_ACTION_ITEMS = 100  # of one meeting


class AgendaItem(graphene.ObjectType):
    """议程事项: one item of an approved agenda, in order."""

    class Meta:
        interfaces = (Node,)

    position = graphene.Int(required=True, description="顺序，从 1 起")
    title = graphene.String(required=True)
    kind = graphene.String(required=True, description="topic | standing | other")

    @classmethod
    def get_node(cls, info, key):
        return (AgendaItemModel.objects.filter(pk=pk(key), meeting__in=visible_meetings(info),
                                               meeting__agenda__state__in=AGENDA_PUBLISHED)
                .exclude(meeting__confidentiality=Confidentiality.CONFIDENTIAL).first())

    @staticmethod
    def resolve_position(item, info):
        return item.position + 1


class Agenda(graphene.ObjectType):
    """A meeting's agenda (议程), published once the leader has approved it."""

    class Meta:
        interfaces = (Node,)

    state = graphene.String(required=True, description="approved | distributed")
    items = BoundedList(AgendaItem, max_items=MAX_AGENDA_ITEMS)

    @classmethod
    def get_node(cls, info, key):
        meeting = (AgendaModel.objects.filter(pk=pk(key), meeting__in=visible_meetings(info))
                   .values_list("meeting_id", flat=True).first())
        return PublicAgendaLoader.of(info).load(meeting) if meeting else None  # with its public items

    @staticmethod
    def resolve_items(agenda, info):
        return agenda.public_items


class Minutes(graphene.ObjectType):
    """会议纪要 as issued (印发)."""

    class Meta:
        interfaces = (Node,)

    number = graphene.String(required=True, description="纪要编号")
    title = graphene.String(required=True)
    body = graphene.String(required=True, description="正文")
    issued_at = graphene.DateTime(required=True, description="印发时间")
    signed_on = graphene.Date(description="签发日期（签发之前印发的纪要为空）")
    sign_off = graphene.String(required=True, description="签发：意见——签发人（代主持人签发时注“代”）日期")

    @classmethod
    def get_node(cls, info, key):
        issued = minutes_models.Minutes.objects.filter(ISSUED_MINUTES, meeting__in=visible_meetings(info))
        return issued.filter(pk=pk(key)).first()


class Decision(graphene.ObjectType):
    """决定事项: what the meeting decided on one agenda item."""

    class Meta:
        interfaces = (Node,)

    title = graphene.String(required=True, description="议题")
    text = graphene.String(required=True, description="决定内容")
    outcome = graphene.String(required=True, description="adopted | rejected | deferred | amended")
    decided_at = graphene.DateTime(required=True)

    @classmethod
    def get_node(cls, info, key):
        return (deliberation.Decision.objects.filter(OUTCOME_PUBLISHED, pk=pk(key), meeting__in=visible_meetings(info))
                .select_related("record").first())

    @staticmethod
    def resolve_title(decision, info):
        return decision.record.title


class ActionItem(graphene.ObjectType):
    """督办事项: a decision's task, its owner department, due date and public progress (no person's name)."""

    class Meta:
        interfaces = (Node,)

    title = graphene.String(required=True)
    description = graphene.String(required=True, description="工作要求")
    department = graphene.Field(Department, required=True, description="责任科室")
    due_date = graphene.Date(required=True, description="办结时限")
    state = graphene.String(required=True, description="assigned | in_progress | done | verified | archived")
    light = graphene.Field(TrafficLight, required=True, description="督办灯（按本单位工作日历计算）")
    progress = graphene.Int(description="最近一次反馈的完成进度（%）；尚无反馈时为空")
    last_reported_at = graphene.DateTime(description="最近一次反馈时间")
    done_on = graphene.Date(description="办结日期")

    @classmethod
    def get_node(cls, info, key):
        return published_action_items(info).filter(pk=pk(key)).first()

    @staticmethod
    def resolve_department(item, info):
        return item.owner_department

    @staticmethod
    def resolve_light(item, info):
        return light(item, timezone.localdate(), organisation_calendar(info))


class ActionItemConnection(CountableConnection):
    class Meta:
        node = ActionItem


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
    agenda = graphene.Field(Agenda, description="议程：领导审定后公开；涉密会议不公开")
    minutes = graphene.Field(Minutes, description="已印发的会议纪要；涉密会议不公开")
    decisions = BoundedList(Decision, max_items=MAX_DECISIONS,
                            description="决定事项（纪要印发后公开；涉密会议不公开）")
    action_items = BoundedList(ActionItem, max_items=MAX_ACTION_ITEMS,
                               description="督办事项及进展（纪要印发后公开；涉密会议不公开）")

    @classmethod
    def get_node(cls, info, key):
        return visible_meetings(info).filter(pk=pk(key)).first()

    @staticmethod
    def resolve_agenda(meeting, info):
        return PublicAgendaLoader.of(info).load(meeting.pk)

    @staticmethod
    def resolve_minutes(meeting, info):
        return IssuedMinutesLoader.of(info).load(meeting.pk)

    @staticmethod
    def resolve_decisions(meeting, info):
        return PublishedDecisionsLoader.of(info).load(meeting.pk)

    @staticmethod
    def resolve_action_items(meeting, info):
        return PublishedActionItemsLoader.of(info).load(meeting.pk)

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


class MeetingConnection(CountableConnection):
    class Meta:
        node = Meeting
