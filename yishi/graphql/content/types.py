import graphene


class Regulation(graphene.ObjectType):
    """A published meeting regulation (制度): the live page, or the version in force on a date."""

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    document_number = graphene.String(required=True, description="文号")
    effective_from = graphene.Date(required=True, description="施行日期")
    effective_until = graphene.Date(description="失效日期")
    status = graphene.String(required=True, description="draft | in_force | repealed | superseded")
    text = graphene.String(required=True, description="全文（纯文本，含编号）")
    html = graphene.String(required=True, description="全文（HTML，含编号；条带锚点 id）")


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


class MeetingType(graphene.ObjectType):
    """A meeting type as defined by the regulation version in force (会议类型)."""

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    category = graphene.String(required=True, description="party | executive | business | thematic")
    confidentiality = graphene.String(required=True, description="public | internal | confidential")
    cadence = graphene.Field(Cadence, required=True)
    regulation_slug = graphene.String(required=True, description="定义它的制度")
    effective_from = graphene.Date(required=True)
    effective_until = graphene.Date()
