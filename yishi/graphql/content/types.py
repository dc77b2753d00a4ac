import datetime as dt

import graphene

from yishi.content.models import RegulationVersion
from yishi.content.rules import rules_in_force

from ..core.dates import checked_range
from ..core.nodes import Node, pk
from ..core.pagination import BoundedList
from ..core.permissions import visible_confidentiality
from ..meetings.resolvers import occurrences_of
from ..structure.dataloaders import UnitNameLoader
from .dataloaders import RevisionsLoader
from .resolvers import units, visible_regulations

MAX_UNITS = 1000  # numbered units of one regulation's body
MAX_REVISIONS = 50  # publications of one regulation


class RegulationUnit(graphene.ObjectType):
    """One numbered unit of a regulation's body: chapter (章), article (条), clause (款) or item (项).

    Units come in document order; `depth` and `parentAnchor` give the tree (chapters → articles →
    clauses → items). A clause without text is not a unit: its items hang under the article.
    """

    kind = graphene.String(required=True, description="chapter | article | clause | item")
    number = graphene.String(required=True, description="按制度编号样式生成的编号，如“第三条”“（一）”；款不编号时为空")
    heading = graphene.String(required=True, description="条标题（章的标题在 text）")
    text = graphene.String(required=True)
    anchor = graphene.String(required=True, description="稳定锚点，与 html 中的 id 相同：条有自己的锚点，"
                                                        "款、项按在条内的位置（如 a-x1y2z3-2-1），章为 chapter-N")
    depth = graphene.Int(required=True, description="层级，顶层为 0")
    parent_anchor = graphene.String(description="上一级单位的锚点；顶层为空")

    @staticmethod
    def resolve_parent_anchor(unit, info):
        return unit["parent_anchor"] or None


class RegulationRevision(graphene.ObjectType):
    """One publication of a regulation (its revision history), with the days it was in force."""

    class Meta:
        interfaces = (Node,)

    title = graphene.String(required=True)
    document_number = graphene.String(required=True, description="文号")
    status = graphene.String(required=True, description="in_force | repealed | superseded")
    effective_from = graphene.Date(required=True, description="施行日期")
    effective_until = graphene.Date(description="失效日期（被后一版本取代或废止的前一日）")
    published_at = graphene.DateTime(required=True, description="发布时间")

    @classmethod
    def get_node(cls, info, key):
        return (RegulationVersion.objects.filter(pk=pk(key), regulation__in=visible_regulations(info))
                .defer("text", "html", "outline").first())


def regulation_key(regulation) -> str:
    """`<slug>@<revision>`: one key per published version, so that a client's normalised cache keeps
    the live text and the text in force on an earlier date apart. A live page is the revision it was
    last published as (the same key as that RegulationVersion); a version whose Wagtail revision was
    purged is `<slug>@v<version pk>`."""
    if isinstance(regulation, RegulationVersion):
        revision = regulation.revision_id if regulation.revision_id else f"v{regulation.pk}"
    else:
        revision = regulation.live_revision_id
    return f"{regulation.slug}@{revision}"


class Regulation(graphene.ObjectType):
    """A published meeting regulation (制度): the live page, or the version in force on a date.

    Its `id` names the version (see regulation_key): `slug` is the regulation across its versions.
    """

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    document_number = graphene.String(required=True, description="文号")
    effective_from = graphene.Date(required=True, description="施行日期")
    effective_until = graphene.Date(description="失效日期")
    status = graphene.String(required=True, description="draft | in_force | repealed | superseded")
    text = graphene.String(required=True, description="全文（纯文本，含编号）")
    html = graphene.String(required=True, description="全文（HTML，含编号；每个单位带锚点 id）")
    body = BoundedList(RegulationUnit, max_items=MAX_UNITS,
                       description=f"结构化正文：章、条、款、项，按文档顺序（最多 {MAX_UNITS} 个单位）")
    revisions = BoundedList(RegulationRevision, max_items=MAX_REVISIONS,
                            description=f"修订历史：每次发布的版本，按发布时间先后（最多 {MAX_REVISIONS} 个）")

    @staticmethod
    def resolve_id(regulation, info):
        return regulation_key(regulation)

    @classmethod
    def get_node(cls, info, key):
        slug, _at, revision = key.partition("@")
        page = visible_regulations(info).filter(slug=slug).first()
        if page is None or regulation_key(page) == key:
            return page
        versions = RegulationVersion.objects.filter(regulation=page)
        if revision.startswith("v"):
            return versions.filter(pk=pk(revision[1:]), revision__isnull=True).first()
        return versions.filter(revision_id=pk(revision)).first()

    @staticmethod
    def resolve_body(regulation, info):
        return list(units(regulation.outline))

    @staticmethod
    def resolve_revisions(regulation, info):
        # A live page or one of its published versions: the history is the page's either way.
        page_id = regulation.regulation_id if isinstance(regulation, RegulationVersion) else regulation.pk
        return RevisionsLoader.of(info).load(page_id)


class Cadence(graphene.ObjectType):
    """When a meeting type meets: RFC 5545 RRULE, start time, duration and holiday policy."""

    rrule = graphene.String(required=True)
    time = graphene.String(required=True, description="HH:MM")
    duration_minutes = graphene.Int(required=True)
    holiday_policy = graphene.String(required=True, description="keep | skip | next_workday | previous_workday")
    location = graphene.String(required=True)
    ad_hoc_allowed = graphene.Boolean(required=True)
    ad_hoc_notice_hours = graphene.Int(required=True, description="临时会议至少提前几小时通知")

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


MAX_ROLE_TARGETS = 30  # members or observers named by one meeting type's rules
MAX_RULE_ITEMS = 30  # scope items, required fields, review steps … of one meeting type


class RoleTarget(graphene.ObjectType):
    """Who fills a role: a post or a department. A role naming a person shows only kind `person`:
    a person's name is personal data, and no person is marked public."""

    kind = graphene.String(required=True, description="post | department | person")
    slug = graphene.String(description="岗位或科室标识（kind 为 person 时为空）")
    name = graphene.String(description="岗位或科室名称（kind 为 person 时为空）")

    @staticmethod
    def resolve_kind(target, info):
        return "post" if target.post else "department" if target.department else "person"

    @staticmethod
    def resolve_slug(target, info):
        return target.post or target.department

    @staticmethod
    def resolve_name(target, info):
        kind = RoleTarget.resolve_kind(target, info)
        return None if kind == "person" else UnitNameLoader.of(info).load((kind, target.post or target.department))


class Recorders(graphene.ObjectType):
    count = graphene.Int(required=True, description="记录人数")
    post = graphene.String(description="记录人岗位标识")


class MeetingRoles(graphene.ObjectType):
    """主持人、召集（组织）、参会人员、列席人员、记录人"""

    chair = graphene.Field(RoleTarget, description="主持人")
    organiser = graphene.Field(RoleTarget, description="组织（会务）")
    members = BoundedList(RoleTarget, max_items=MAX_ROLE_TARGETS, description="参会人员")
    observers = BoundedList(RoleTarget, max_items=MAX_ROLE_TARGETS, description="列席人员")
    recorders = graphene.Field(Recorders, required=True, description="记录人")


class TopicDeadline(graphene.ObjectType):
    """议题报送截止：workdays_before（会前 days 个工作日）| weekday_of_previous_week（上周星期 weekday）|
    day_of_month / day_of_previous_month（每月 day 日），均至 time。"""

    kind = graphene.String(required=True)
    time = graphene.String(required=True, description="HH:MM")
    days = graphene.Int()
    weekday = graphene.Int(description="1–7，星期一为 1")
    day = graphene.Int()

    @staticmethod
    def resolve_time(deadline, info):
        return deadline.time.strftime("%H:%M")


class TopicRules(graphene.ObjectType):
    """议题：报送截止、必填内容、审核步骤、排序类别"""

    deadline = graphene.Field(TopicDeadline, description="报送截止；为空时不设截止")
    required_fields = BoundedList(graphene.String, max_items=MAX_RULE_ITEMS)
    review_steps = BoundedList(graphene.String, max_items=MAX_RULE_ITEMS)
    ordering_classes = BoundedList(graphene.String, max_items=MAX_RULE_ITEMS)


class MaterialRules(graphene.ObjectType):
    """会议材料：报送、分发时限（工作日）与页数上限"""

    deadline_workdays = graphene.Int(required=True, description="会前几个工作日报送")
    distribution_workdays = graphene.Int(required=True, description="会前几个工作日分发")
    page_limit = graphene.Int(description="页数上限")


class NoticeRules(graphene.ObjectType):
    lead_workdays = graphene.Int(required=True, description="会前几个工作日发出会议通知")


class AttendanceRules(graphene.ObjectType):
    """考勤与请假"""

    arrive_early_minutes = graphene.Int(required=True, description="提前到会（分钟）")
    sign_in_opens_minutes = graphene.Int(required=True, description="扫码签到在到会时间前几分钟开放")
    sign_in_closes_minutes = graphene.Int(description="扫码签到在开始后几分钟关闭；为空时至会议结束")
    leave_lead_hours = graphene.Int(required=True, description="请假须提前（小时）")
    leave_approver = graphene.Field(RoleTarget, description="请假审批人")
    delegation = graphene.String(required=True, description="委托他人代为参会的规定")


class QuorumRule(graphene.ObjectType):
    matter = graphene.String(required=True, description="事项类别")
    fraction = graphene.Float(required=True, description="应到成员中须到会的比例（含本数）")


class DecisionRules(graphene.ObjectType):
    """法定人数与表决"""

    quorum = graphene.Float(required=True, description="一般事项须到会的比例（含本数）")
    quorum_rules = BoundedList(QuorumRule, max_items=MAX_RULE_ITEMS, description="特定事项的法定人数")
    decision_rule = graphene.String(required=True, description="表决规则")
    chair_speaks_last = graphene.Boolean(required=True, description="主持人末位表态")
    voting_methods = BoundedList(graphene.String, max_items=MAX_RULE_ITEMS, description="表决方式")


class MinutesRules(graphene.ObjectType):
    required = graphene.Boolean(required=True, description="须形成会议纪要")
    deadline_workdays = graphene.Int(required=True, description="会后几个工作日内印发")
    reviewer = graphene.Field(RoleTarget, description="纪要审核人")
    signer = graphene.Field(RoleTarget, description="纪要签发人（空：主持人）")


class FollowUpRules(graphene.ObjectType):
    """决定事项的督办"""

    require_owner = graphene.Boolean(required=True, description="须明确责任人")
    progress_interval_workdays = graphene.Int(description="每隔几个工作日反馈进展")
    escalate_after_workdays = graphene.Int(description="逾期几个工作日后升级督办")


class ScopeItem(graphene.ObjectType):
    text = graphene.String(required=True)
    article = graphene.String(description="制度中规定此项的条的锚点")


class MeetingType(graphene.ObjectType):
    """A meeting type as defined by the regulation version in force (会议类型).

    Its `id` names that version of the rules (`<slug>@<effective from>`): `slug` is the meeting type
    across versions.
    """

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
    scope = BoundedList(ScopeItem, max_items=MAX_RULE_ITEMS, description="议事范围")
    roles = graphene.Field(MeetingRoles, required=True, description="主持、参会、列席、记录")
    topics = graphene.Field(TopicRules, required=True, description="议题的报送与审核")
    materials = graphene.Field(MaterialRules, required=True, description="会议材料")
    notice = graphene.Field(NoticeRules, required=True, description="会议通知")
    attendance = graphene.Field(AttendanceRules, required=True, description="考勤与请假")
    decisions = graphene.Field(DecisionRules, required=True, description="法定人数与表决")
    minutes = graphene.Field(MinutesRules, required=True, description="会议纪要")
    follow_up = graphene.Field(FollowUpRules, required=True, description="决定事项督办")
    occurrences = BoundedList(
        Occurrence, from_=graphene.Date(required=True, name="from"), to=graphene.Date(required=True),
        description="按各时期施行的规则和本单位日历推算的会议日期（过去或将来均可；范围最多 366 天，最多 100 次）",
    )

    @staticmethod
    def resolve_id(rules, info):
        # One key per version of the rules (they change with each regulation that takes effect).
        return f"{rules.slug}@{rules.effective_from.isoformat()}"

    @classmethod
    def get_node(cls, info, key):
        """The rules that took effect on the key's date, if they are still on record and the caller may see them."""
        slug, _at, effective = key.partition("@")
        try:
            effective_from = dt.date.fromisoformat(effective)
        except ValueError:
            return None
        rules = rules_in_force(slug, effective_from)
        if rules is None or rules.effective_from != effective_from:
            return None
        return rules if rules.confidentiality in visible_confidentiality(info) else None

    @staticmethod
    def resolve_occurrences(rules, info, from_, to):
        start, end = checked_range(from_, to)
        return occurrences_of(info, rules.slug, start, end)


class MatterStep(graphene.ObjectType):
    meeting_type = graphene.String(required=True, description="会议类型标识")
    stage = graphene.String(required=True, description="prior（前置研究）| decide（决定）")


class Matter(graphene.ObjectType):
    """事项目录中的一项（三重一大及本单位事项）：由哪些会议、按什么顺序研究决定。"""

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True, description="major_decision | cadre_appointment | major_project | "
                                                      "large_fund | other")
    article = graphene.String(description="规定此事项的条的锚点")
    article_label = graphene.String(required=True, description="该条的编号（如“第五条”），无则为空")
    amount_from = graphene.Float(description="金额标准（元）：达到即属此事项")
    route = BoundedList(MatterStep, max_items=MAX_RULE_ITEMS, description="研究决定的顺序：前置研究在前，决定会议在后")
    quorum = graphene.Float(description="决定时须到会的比例；为空时按会议类型的规则")
    decision_rule = graphene.String(description="表决规则；为空时按会议类型的规则")
    regulation_slug = graphene.String(required=True, description="规定此事项的制度")
    regulation_title = graphene.String(required=True, description="该制度的标题")
