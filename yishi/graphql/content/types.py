import graphene
from django.utils import timezone

from yishi.content.models import RegulationPage
from yishi.content.rules import rules_in_force

from ..core.dates import checked_range
from ..core.nodes import Node
from ..core.pagination import BoundedList
from ..core.permissions import visible_confidentiality
from ..meetings.resolvers import occurrences_of


class Regulation(graphene.ObjectType):
    """A published meeting regulation (制度): the live page, or the version in force on a date."""

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    document_number = graphene.String(required=True, description="文号")
    effective_from = graphene.Date(required=True, description="施行日期")
    effective_until = graphene.Date(description="失效日期")
    status = graphene.String(required=True, description="draft | in_force | repealed | superseded")
    text = graphene.String(required=True, description="全文（纯文本，含编号）")
    html = graphene.String(required=True, description="全文（HTML，含编号；条带锚点 id）")

    @staticmethod
    def resolve_id(regulation, info):
        return regulation.slug  # the same regulation in every version

    @classmethod
    def get_node(cls, info, slug):
        return RegulationPage.objects.live().filter(slug=slug).first()


class Cadence(graphene.ObjectType):
    """When a meeting type meets: RFC 5545 RRULE, start time, duration and holiday policy."""

    rrule = graphene.String(required=True)
    time = graphene.String(required=True, description="HH:MM")
    duration_minutes = graphene.Int(required=True)
    holiday_policy = graphene.String(required=True, description="keep | skip | next_workday | previous_workday")
    location = graphene.String(required=True)
    ad_hoc_allowed = graphene.Boolean(required=True)

    @staticmethod
    def resolve_time(cadence, info):
        return cadence.time.strftime("%H:%M")


class Occurrence(graphene.ObjectType):
    """A date the rules call for, after the holiday policy (computed, not a stored meeting)."""

    date = graphene.Date(required=True)
    starts_at = graphene.DateTime(required=True)
    ends_at = graphene.DateTime(required=True)
    moved_from = graphene.Date(description="因节假日调整前的规则日期")
    reason = graphene.String(description="调整原因")
    calendar_confirmed = graphene.Boolean(required=True, description="相关年份的节假日安排已确认")


class MeetingType(graphene.ObjectType):
    """A meeting type as defined by the regulation version in force (会议类型)."""

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    category = graphene.String(required=True, description="party | executive | business | thematic")
    confidentiality = graphene.String(required=True, description="public | internal | confidential")
    cadence = graphene.Field(Cadence, required=True)
    regulation_slug = graphene.String(required=True, description="定义它的制度")
    effective_from = graphene.Date(required=True)
    effective_until = graphene.Date()
    occurrences = BoundedList(
        Occurrence, from_=graphene.Date(required=True, name="from"), to=graphene.Date(required=True),
        description="按各时期施行的规则和本单位日历推算的会议日期（过去或将来均可；范围最多 366 天，最多 100 次）",
    )

    @staticmethod
    def resolve_id(rules, info):
        return rules.slug

    @classmethod
    def get_node(cls, info, slug):
        """The rules in force today, if the caller may see this meeting type."""
        rules = rules_in_force(slug, timezone.localdate())
        return rules if rules is not None and rules.confidentiality in visible_confidentiality(info) else None

    @staticmethod
    def resolve_occurrences(rules, info, from_, to):
        start, end = checked_range(from_, to)
        return occurrences_of(info, rules.slug, start, end)
