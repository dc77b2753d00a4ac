"""会议纪要: a Wagtail snippet with drafts, revisions, locking and a review workflow set in the admin."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.search import index


class Minutes(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    meeting = models.OneToOneField("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.PROTECT,
                                   related_name="minutes")
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("纪要编号"), max_length=80, blank=True)
    body = models.TextField(_("正文"))
    distribution = models.TextField(_("分送"), blank=True)
    # Copied from the meeting: filtering on it needs no join, in the admin and in search alike.
    confidential = models.BooleanField(_("涉密"), default=False, editable=False)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True, editable=False)
    docx = models.FileField(_("Word 文件"), upload_to="minutes/", blank=True, editable=False)
    pdf = models.FileField(_("PDF 文件"), upload_to="minutes/", blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="minutes")
    workflow_states = GenericRelation("wagtailcore.WorkflowState", content_type_field="base_content_type",
                                      object_id_field="object_id", related_query_name="minutes",
                                      for_concrete_model=False)

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


class MinutesLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """The site history report lists only the entries of minutes `user` may read."""
        from .actions import visible_minutes

        return self.filter(object_id__in=[str(pk) for pk in visible_minutes(user).values_list("pk", flat=True)])


class MinutesLogEntry(BaseLogEntry):
    """Minutes' own audit log (created, edited, published …): Wagtail's shared model log would show a
    confidential meeting's minutes to anyone with the model's permissions."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = MinutesLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("纪要操作记录")
        verbose_name_plural = _("纪要操作记录")
