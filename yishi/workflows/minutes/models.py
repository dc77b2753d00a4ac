"""会议纪要: a Wagtail snippet with drafts, revisions and locking, made from a meeting (never from a bare
form), reviewed and signed off (签发) through MINUTES_STATES on the meeting page — not through Wagtail's
workflows, whose task-state URLs the rules' reviewer could not bind to one meeting's minutes (issue 14,
finding 1)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.search import index

from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition
from yishi.workflows.scheduling.visibility import visible_meetings


class Minutes(DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    class Review(models.TextChoices):
        DRAFTING = "drafting", _("起草中")
        SUBMITTED = "submitted", _("待审核")
        REVIEWED = "reviewed", _("待签发")
        ISSUED = "issued", _("已印发")

    meeting = models.OneToOneField("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.PROTECT,
                                   related_name="minutes")
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("纪要编号"), max_length=80, blank=True)
    body = models.TextField(_("正文"))
    distribution = models.TextField(_("分送"), blank=True)
    # Copied from the meeting: filtering on it needs no join, in the admin and in search alike.
    confidential = models.BooleanField(_("涉密"), default=False, editable=False)
    review = models.CharField(_("审核状态"), max_length=20, choices=Review.choices, default=Review.DRAFTING,
                              editable=False)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True, editable=False)
    docx = models.FileField(_("Word 文件"), upload_to="minutes/", blank=True, editable=False)
    pdf = models.FileField(_("PDF 文件"), upload_to="minutes/", blank=True, editable=False)
    # 签发: written by the `sign` transition, printed on the documents.
    signer = models.ForeignKey("structure.Person", verbose_name=_("签发人"), null=True, blank=True, editable=False,
                               on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签发人姓名"), max_length=100, blank=True, editable=False)
    signed_for_chair = models.BooleanField(_("代主持人签发"), default=False, editable=False)
    sign_opinion = models.TextField(_("签发意见"), blank=True, editable=False)
    signed_on = models.DateField(_("签发日期"), null=True, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="minutes")

    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("distribution")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.SearchField("body"),
                     index.FilterField("confidential"),
                     index.FilterField("meeting_id")]

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")
        ordering = ["-meeting__date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""),
                                               name="minutes_number_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    # Owned by the review and the numbering, not by the text: publishing a revision saved earlier
    # keeps them as they are on the row (as Wagtail keeps `live` and a page keeps its own fields).
    WORKFLOW_FIELDS = ("review", "number", "issued_at", "docx", "pdf", "signer", "signer_name", "signed_for_chair",
                       "sign_opinion", "signed_on")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.WORKFLOW_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def sign_off(self) -> str:
        """'同意印发。——王主任（代）2025年9月27日', or '' before 签发."""
        if not self.signed_on:
            return ""
        acting = _("（代）") if self.signed_for_chair else ""
        day = self.signed_on
        return f"{self.sign_opinion}——{self.signer_name}{acting} {day.year}年{day.month}月{day.day}日"


# The secretary (or office) submits the draft; the rules' minutes reviewer passes it or sends it back;
# the rules' signer (the chair unless the rules name someone) signs it off — only then is it numbered and
# distributed — or sends it back too.
MINUTES_STATES = StateMachine([
    transition("submit", "drafting", "submitted", ["secretary", "office"], label=_("提交审核")),
    transition("send_back", ["submitted", "reviewed"], "drafting", ["minutes_reviewer", "minutes_signer"],
               label=_("退回修改"), requires_comment=True),
    transition("approve", ["drafting", "submitted"], "reviewed", ["minutes_reviewer"], label=_("审核通过")),
    transition("sign", "reviewed", "issued", ["minutes_signer"], label=_("签发")),
], state_field="review")


class MinutesEvent(TransitionEvent):
    machine = MINUTES_STATES
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("纪要审核记录")
        verbose_name_plural = _("纪要审核记录")


class Seal(models.Model):
    """The organisation's electronic seal (电子印章), pressed on the issuer and date of signed minutes.

    The image lives in the organisation's own schema, in the database — never as a media file, so no
    URL reaches it and no other organisation's path leads to it; only the documents carry it. One row."""

    image = models.BinaryField(_("印章图片"), editable=False)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)
    uploaded_by = models.CharField(_("上传人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("电子印章")
        verbose_name_plural = _("电子印章")

    def __str__(self) -> str:
        return str(_("电子印章"))

    @classmethod
    def image_bytes(cls) -> bytes | None:
        image = cls.objects.values_list("image", flat=True).first()
        return bytes(image) if image else None


class MinutesLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """The site history report lists only the entries of minutes `user` may read."""
        return self.filter(object_id__in=[str(pk) for pk in visible_minutes(user).values_list("pk", flat=True)])


def visible_minutes(user):
    """The minutes `user` may read: the queryset every path uses (admin, search, exports, GraphQL)."""
    return Minutes.objects.filter(meeting__in=visible_meetings(user))


class MinutesLogEntry(BaseLogEntry):
    """Minutes' own audit log (created, edited, published …): Wagtail's shared model log would show a
    confidential meeting's minutes to anyone with the model's permissions."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = MinutesLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("纪要操作记录")
        verbose_name_plural = _("纪要操作记录")
