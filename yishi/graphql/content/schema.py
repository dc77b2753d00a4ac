import graphene
from django.utils import timezone

from yishi.content.models import RegulationPage
from yishi.content.rules import meeting_types_in_force, regulations_in_force

from ..core.pagination import BoundedList
from .types import MeetingType, Regulation


class Query(graphene.ObjectType):
    regulations = BoundedList(
        Regulation, in_force_on=graphene.Date(),
        description="已发布的制度；给出 inForceOn 时为该日施行的版本（按当时发布的文本）",
    )
    meeting_types = BoundedList(
        MeetingType, in_force_on=graphene.Date(),
        description="某日（默认今天）施行的会议类型",
    )

    @staticmethod
    def resolve_regulations(root, info, in_force_on=None):
        if in_force_on is None:
            return RegulationPage.objects.live().order_by("title")
        return regulations_in_force(in_force_on)

    @staticmethod
    def resolve_meeting_types(root, info, in_force_on=None):
        return meeting_types_in_force(in_force_on or timezone.localdate())
