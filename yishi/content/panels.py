"""Read-only admin panels: the numbered text of a regulation, and a meeting type's next dates."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .calendar.cadence import Cadence, CadenceError, occurrences
from .calendar.phrases import describe_rrule_zh
from .calendar.service import calendar_for_current_organisation

PREVIEW_COUNT = 10


class NumberedTextPanel(Panel):
    """The body as it will read, numbered in the regulation's style (as last saved)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/panels/numbered_text.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["html"] = self.instance.html if self.instance.body else ""
            return context


def next_meetings(meeting_type, count: int = PREVIEW_COUNT) -> tuple[str, list]:
    """The cadence in words and its next `count` meetings on this organisation's calendar."""
    if not meeting_type.rrule or not meeting_type.time:
        return "", []
    try:
        cadence = Cadence(meeting_type.rrule, meeting_type.time, meeting_type.duration_minutes or 1,
                          meeting_type.holiday_policy)
    except CadenceError as error:
        return str(error), []
    today = timezone.localdate()
    found = occurrences(cadence, calendar_for_current_organisation(), today, today + timedelta(days=800))
    if get_language().startswith("zh"):
        description = describe_rrule_zh(meeting_type.rrule, meeting_type.holiday_policy)
    else:  # the words are Chinese only: other readers get the rule itself
        description = f"{meeting_type.rrule} — {meeting_type.get_holiday_policy_display()}"
    return description, found[:count]


class CadencePreviewPanel(Panel):
    """Beside the cadence: the RRULE in Chinese words and the next ten dates, holiday moves marked."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("频次预览"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/panels/cadence_preview.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["description"], context["meetings"] = next_meetings(self.instance)
            return context
