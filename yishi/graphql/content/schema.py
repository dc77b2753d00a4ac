import graphene
from django.utils import timezone

from yishi.content.models import RegulationPage
from yishi.content.rules import meeting_types_in_force, regulations_in_force

from ..core.pagination import BoundedList
from ..core.permissions import visible_confidentiality
from .types import MeetingType, Regulation

# An organisation has a handful; a low bound keeps `meetingTypes { occurrences }` inside the cost limit.
MAX_MEETING_TYPES = 50


class Query(graphene.ObjectType):
    regulations = BoundedList(
        Regulation, in_force_on=graphene.Date(),
        description="已发布的制度；给出 inForceOn 时为该日施行的版本（按当时发布的文本）",
    )
    meeting_types = BoundedList(
        MeetingType, in_force_on=graphene.Date(), max_items=MAX_MEETING_TYPES,
        description="某日（默认今天）施行的会议类型；内部会议需 read_internal，涉密会议仅对本单位登录用户可见",
    )

    @staticmethod
    def resolve_regulations(root, info, in_force_on=None):
        if in_force_on is None:
            return RegulationPage.objects.live().order_by("title")
        return regulations_in_force(in_force_on)

    @staticmethod
    def resolve_meeting_types(root, info, in_force_on=None):
        levels = visible_confidentiality(info)
        return [rules for rules in meeting_types_in_force(in_force_on or timezone.localdate())
                if rules.confidentiality in levels]
