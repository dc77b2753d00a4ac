import graphene
from django.utils import timezone

from yishi.content.rules import matters_in_force, meeting_types_in_force, regulation_as_of, regulations_in_force

from ..core.pagination import BoundedList
from ..core.permissions import visible_confidentiality
from .enums import RegulationStatus
from .resolvers import matching, visible_regulations, with_status
from .types import Matter, MeetingType, Regulation

# An organisation has a handful; a low bound keeps `meetingTypes { occurrences }` inside the cost limit.
MAX_MEETING_TYPES = 50
MAX_MATTERS = 100


class Query(graphene.ObjectType):
    regulations = BoundedList(
        Regulation, in_force_on=graphene.Date(),
        status=graphene.List(graphene.NonNull(RegulationStatus), description="只列这些状态；默认除起草中外的全部"),
        search=graphene.String(description="标题、文号或正文包含此文字（不分大小写的子串匹配；中文不分词）"),
        description="已发布的制度（按标题；最多 100 个）；给出 inForceOn 时为该日施行的版本（按当时发布的文本）。"
                    "起草中的制度需 read_internal",
    )
    regulation = graphene.Field(
        Regulation, slug=graphene.String(required=True),
        as_of=graphene.Date(description="给出时返回该日施行的版本（当时发布的文本）；该日无施行版本时为 null"),
        description="按标识取一个制度：现行发布的版本，或 asOf 当日施行的版本",
    )
    meeting_types = BoundedList(
        MeetingType, in_force_on=graphene.Date(), max_items=MAX_MEETING_TYPES,
        description="某日（默认今天）施行的会议类型；内部会议需 read_internal，涉密会议仅对本单位登录用户可见",
    )

    matters = BoundedList(
        Matter, in_force_on=graphene.Date(), max_items=MAX_MATTERS,
        description="某日（默认今天）施行的事项目录（三重一大及本单位事项），按名称",
    )

    @staticmethod
    def resolve_matters(root, info, in_force_on=None):
        return sorted(matters_in_force(in_force_on or timezone.localdate()).values(), key=lambda m: (m.name, m.slug))

    @staticmethod
    def resolve_regulations(root, info, in_force_on=None, status=None, search=None):
        regulations = visible_regulations(info).order_by("title", "pk") if in_force_on is None \
            else regulations_in_force(in_force_on)
        regulations = with_status(info, regulations, status)
        if search is not None:
            regulations = matching(regulations, search)
        return regulations

    @staticmethod
    def resolve_regulation(root, info, slug, as_of=None):
        if as_of is not None:
            return regulation_as_of(slug, as_of)
        return visible_regulations(info).filter(slug=slug).first()

    @staticmethod
    def resolve_meeting_types(root, info, in_force_on=None):
        levels = visible_confidentiality(info)
        return [rules for rules in meeting_types_in_force(in_force_on or timezone.localdate())
                if rules.confidentiality in levels]
