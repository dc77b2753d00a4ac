"""Regulations (Wagtail pages) with their meeting types, and what was published when.

A ``RegulationPage`` is the text (a structured body) *and* the rules (its inline ``MeetingType``
rows), drafted, reviewed, published and versioned together. Each publication is recorded as a
``RegulationVersion`` (the text as published, with its dates) holding one ``RuleSnapshot`` per
meeting type; ``yishi.content.rules`` reads those to answer "which rules were in force on a date".
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index

from .blocks import RegulationBodyBlock, articles_of, body_tree
from .fields import YAMLJSONField
from .numbering import number_body, number_tree, outline, render_html, render_text
from .panels import CadencePreviewPanel, NumberedTextPanel
from .validation import FieldError, fill_defaults, matter_errors, meeting_type_errors, parse_time, schema_errors


class RegulationIndexPage(Page):
    """制度汇编: the root of an organisation's site, holding its regulations."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.RegulationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("制度汇编")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = RegulationPage.objects.child_of(self).live().order_by("title")
        return context


class RegulationPage(Page):
    """One meeting regulation (会议制度 / 议事规则): numbered text and meeting-type rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        IN_FORCE = "in_force", _("现行有效")
        REPEALED = "repealed", _("已废止")
        SUPERSEDED = "superseded", _("已被替代")

    class Numbering(models.TextChoices):
        CHAPTER_ARTICLE = "chapter_article", _("第一章／第一条")
        CN_NESTED = "cn_nested", _("一、／（一）／1.／（1）")
        DECIMAL = "decimal", _("1.0／1.1／1.1.1")

    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuing_body = models.CharField(_("印发机关"), max_length=200, blank=True)
    adopted_at = models.CharField(_("审议通过"), max_length=200, blank=True,
                                  help_text=_("如：2017年第3次处务会审议通过"))
    effective_from = models.DateField(_("施行日期"), default=date.today)
    effective_until = models.DateField(_("失效日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    supersedes = models.ForeignKey(
        "self", verbose_name=_("替代的制度"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    numbering = models.CharField(_("编号样式"), max_length=20, choices=Numbering.choices,
                                 default=Numbering.CHAPTER_ARTICLE)
    body = StreamField(RegulationBodyBlock(), verbose_name=_("正文"), blank=True)
    matters = YAMLJSONField(_("事项目录"), default=list, blank=True,
                            help_text=_("三重一大及本单位的事项：由哪些会议、按什么顺序研究决定，格式见制度包说明"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_body"),
                FieldPanel("adopted_at"),
                FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_until")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("numbering")]),
                PageChooserPanel("supersedes", "content.RegulationPage"),
            ],
            heading=_("文件信息"),
        ),
        FieldPanel("body"),
        NumberedTextPanel(heading=_("正文预览（自动编号）")),
        InlinePanel("meeting_types", heading=_("会议类型"), label=_("会议类型")),
        FieldPanel("matters"),
    ]
    search_fields = Page.search_fields + [index.SearchField("document_number"), index.SearchField("body")]
    parent_page_types = ["content.RegulationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = pgettext_lazy("plural", "制度")

    def numbered_lines(self):
        return number_body(body_tree(self.body), self.numbering)

    @property
    def text(self) -> str:
        """The whole body as plain text, numbered in the regulation's style."""
        return render_text(self.numbered_lines())

    @property
    def html(self) -> str:
        return render_html(self.numbered_lines())

    @property
    def outline(self) -> list[dict]:
        """The body as a numbered tree: chapters → articles → clauses → items (see numbering.outline)."""
        return outline(number_tree(body_tree(self.body), self.numbering))

    @property
    def anchors(self) -> set[str]:
        return {article["anchor"] for article in articles_of(self.body)}

    def clean(self):
        super().clean()
        if self.effective_until and self.effective_until < self.effective_from:
            raise ValidationError({"effective_until": _("失效日期不能早于施行日期")})
        if self.status in (self.Status.REPEALED, self.Status.SUPERSEDED) and not self.effective_until:
            raise ValidationError({"effective_until": _("已废止或已被替代的制度须填写失效日期")})
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("制度不能替代它自己")})
        errors = self.matter_errors()
        if errors:
            raise ValidationError({"matters": [str(error) for error in errors]})

    def matters_as_pack(self) -> list[dict]:
        return [fill_defaults(matter, {"$ref": "#/$defs/matter"}) for matter in self.matters or []]

    def matter_errors(self) -> list[FieldError]:
        """The catalogue's shape first, then its meeting types (this organisation's) and articles."""
        errors = [error for index, matter in enumerate(self.matters or [])
                  for error in schema_errors(matter, "matter", prefix=[index])]
        if errors:
            return errors
        known = set(MeetingType.objects.values_list("slug", flat=True)) | {m.slug for m in self.meeting_types.all()}
        return matter_errors(self.matters_as_pack(), meeting_types=known, anchors=self.anchors)


class MeetingType(Orderable):
    """A kind of meeting a regulation defines (处务会, 主任办公会 …), with its rules.

    Cadence and identity are columns; the rule sections (roles, topics, materials, notice,
    attendance, decisions, minutes, follow-up, scope) are one validated document in the shape of
    the regulation pack (docs/regulation-pack.md), edited as YAML.
    """

    class Category(models.TextChoices):
        PARTY = "party", _("党内会议")
        EXECUTIVE = "executive", _("行政会议")
        BUSINESS = "business", _("业务会议")
        THEMATIC = "thematic", _("专题会议")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("公开")
        INTERNAL = "internal", _("内部")
        CONFIDENTIAL = "confidential", _("涉密")

    class HolidayPolicy(models.TextChoices):
        KEEP = "keep", _("照常召开")
        SKIP = "skip", _("取消")
        NEXT_WORKDAY = "next_workday", _("顺延至下一个工作日")
        PREVIOUS_WORKDAY = "previous_workday", _("提前至上一个工作日")

    RULE_SECTIONS = ("scope", "roles", "topics", "materials", "notice", "attendance", "decisions", "minutes",
                     "follow_up")
    CADENCE_FIELDS = ("rrule", "time", "duration_minutes", "holiday_policy", "location", "ad_hoc_allowed",
                      "ad_hoc_notice_hours")

    page = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="meeting_types")
    slug = models.SlugField(_("标识"), max_length=80)
    name = models.CharField(_("名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.EXECUTIVE)
    confidentiality = models.CharField(_("密级"), max_length=20, choices=Confidentiality.choices,
                                       default=Confidentiality.INTERNAL)
    rrule = models.CharField(_("频次规则 (RRULE)"), max_length=500,
                             help_text=_("RFC 5545，如 FREQ=MONTHLY;BYDAY=1MO,3MO（每月第一个和第三个星期一）"))
    time = models.TimeField(_("开始时间"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), default=120)
    holiday_policy = models.CharField(_("遇节假日"), max_length=20, choices=HolidayPolicy.choices,
                                      default=HolidayPolicy.NEXT_WORKDAY)
    location = models.CharField(_("默认地点"), max_length=200, blank=True)
    ad_hoc_allowed = models.BooleanField(_("可临时召开"), default=True)
    ad_hoc_notice_hours = models.PositiveIntegerField(_("临时会议提前通知（小时）"), default=24)
    rules = YAMLJSONField(_("议事规则"), default=dict, blank=True,
                          help_text=_("参会角色、议题、材料、通知、考勤、决策、纪要、督办等，格式见制度包说明"))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("confidentiality")]),
        MultiFieldPanel(
            [
                FieldPanel("rrule"),
                FieldRowPanel([FieldPanel("time"), FieldPanel("duration_minutes"), FieldPanel("holiday_policy")]),
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("ad_hoc_allowed"), FieldPanel("ad_hoc_notice_hours")]),
                CadencePreviewPanel(),
            ],
            heading=_("频次"),
        ),
        FieldPanel("rules"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("会议类型")
        verbose_name_plural = pgettext_lazy("plural", "会议类型")

    def __str__(self) -> str:
        return self.name

    def _as_written(self) -> dict:
        cadence = {field: getattr(self, field) for field in self.CADENCE_FIELDS}
        cadence["time"] = self.time.strftime("%H:%M") if self.time else ""
        return {"slug": self.slug, "name": self.name, "category": self.category,
                "confidentiality": self.confidentiality, "cadence": cadence, **(self.rules or {})}

    def as_pack(self) -> dict:
        """This meeting type in the pack's shape, every default filled in (the canonical form)."""
        return fill_defaults(self._as_written(), {"$ref": "#/$defs/meeting_type"})

    @classmethod
    def from_pack(cls, data: dict, sort_order: int | None = None) -> "MeetingType":
        data = fill_defaults(data, {"$ref": "#/$defs/meeting_type"})
        cadence = {**data["cadence"], "time": parse_time(data["cadence"]["time"])}
        return cls(
            slug=data["slug"], name=data["name"], category=data["category"], confidentiality=data["confidentiality"],
            **{field: cadence[field] for field in cls.CADENCE_FIELDS},
            rules={key: data[key] for key in cls.RULE_SECTIONS}, sort_order=sort_order,
        )

    def validation_errors(self, *, posts=None, departments=None, anchors=None) -> list[FieldError]:
        """Schema errors first; only a well-formed meeting type gets the semantic checks."""
        errors = schema_errors(self._as_written(), "meeting_type")
        if errors:
            return errors
        page = getattr(self, "page", None)
        return meeting_type_errors(self.as_pack(), posts=posts, departments=departments, anchors=anchors,
                                   start=page.effective_from if page else None)

    def clean(self):
        super().clean()
        from yishi.tenants.structure.models import Department, Post

        errors = self.validation_errors(
            posts=set(Post.objects.values_list("slug", flat=True)),
            departments=set(Department.objects.values_list("slug", flat=True)),
            anchors=self.page.anchors if getattr(self, "page", None) else None,
        )
        by_field: dict[str, list[str]] = {}
        for error in errors:
            head, _dot, rest = error.path.partition(".")
            if head == "cadence" and rest in self.CADENCE_FIELDS:
                by_field.setdefault(rest, []).append(error.message)
            elif head in ("slug", "name", "category", "confidentiality") and not rest:
                by_field.setdefault(head, []).append(error.message)
            else:
                by_field.setdefault("rules", []).append(str(error))
        if by_field:
            raise ValidationError(by_field)


class RegulationVersionQuerySet(models.QuerySet["RegulationVersion"]):
    def in_force(self, on: date) -> "RegulationVersionQuerySet":
        return self.in_force_between(on, on)

    def in_force_between(self, start: date, end: date) -> "RegulationVersionQuerySet":
        """Versions in force on at least one day of [start, end]."""
        return self.filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=start), effective_from__lte=end
        )


class RegulationVersion(models.Model):
    """One publication of a regulation: the text as published and the days it was in force.

    When a later revision is published, earlier versions end the day before it takes effect
    (an earlier version then covering no day at all was replaced before it started), so at most
    one version of a regulation is in force on any date.
    """

    regulation = models.ForeignKey(RegulationPage, on_delete=models.CASCADE, related_name="versions")
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    slug = models.SlugField(max_length=255, allow_unicode=True)
    title = models.CharField(max_length=255)
    document_number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=RegulationPage.Status.choices)
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    html = models.TextField()
    outline = models.JSONField(default=list)  # the body as a numbered tree, as published
    matters = models.JSONField(default=list)  # the matter catalogue as published (pack shape, defaults filled)

    objects = RegulationVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("制度版本")
        verbose_name_plural = pgettext_lazy("plural", "制度版本")
        ordering = ["regulation_id", "-published_at", "-id"]
        indexes = [models.Index(fields=["effective_from", "effective_until"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_from:%Y-%m-%d})"

    def covers(self, day: date) -> bool:
        """In force on `day`: the same test as RegulationVersionQuerySet.in_force, on a loaded row."""
        return self.effective_from <= day and (self.effective_until is None or self.effective_until >= day)

    @classmethod
    def end_before(cls, regulation_id: int, day: date) -> None:
        """Versions of a regulation still in force on `day` or later end the day before."""
        cls.objects.filter(Q(effective_until__isnull=True) | Q(effective_until__gte=day),
                           regulation_id=regulation_id).update(effective_until=day - timedelta(days=1))


class RuleSnapshot(models.Model):
    """The rules of one meeting type as published in one regulation version (pack shape, JSON)."""

    version = models.ForeignKey(RegulationVersion, on_delete=models.CASCADE, related_name="snapshots")
    meeting_type_slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=100)
    rules = models.JSONField()

    class Meta:
        verbose_name = _("规则快照")
        verbose_name_plural = pgettext_lazy("plural", "规则快照")
        indexes = [models.Index(fields=["meeting_type_slug"])]

    def __str__(self) -> str:
        return f"{self.name} @ {self.version}"

    @cached_property
    def effective_from(self) -> date:
        return self.version.effective_from

    @cached_property
    def effective_until(self) -> date | None:
        return self.version.effective_until
