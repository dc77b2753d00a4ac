"""Closing the loop: each meeting's agenda opens with what became of earlier meetings' decisions.

When a meeting's agenda is created, a standing item "上次会议决定事项落实情况" goes first, reporting
the action items of earlier meetings of the same type: done since the last meeting, due soon,
overdue, and change requests queued for this meeting.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.workflows.agenda.actions import add_standing_item
from yishi.workflows.agenda.models import AgendaItem
from yishi.workflows.scheduling.models import Meeting

from .board import DONE, RED, YELLOW, light
from .models import ActionItem, ChangeRequest

STANDING_TITLE = "上次会议决定事项落实情况"


def follow_up_report(meeting: Meeting) -> dict[str, list]:
    """The earlier action items of this meeting type, grouped as the chair reads them."""
    previous = (Meeting.objects.filter(meeting_type_slug=meeting.meeting_type_slug, date__lt=meeting.date)
                .exclude(status=Meeting.Status.CANCELLED).order_by("-date").first())
    calendar = calendar_for_current_organisation()
    today = min(timezone.localdate(), meeting.date)
    items = ActionItem.objects.filter(meeting_type_slug=meeting.meeting_type_slug, meeting__date__lt=meeting.date
                                      ).exclude(state=ActionItem.State.ARCHIVED).select_related("owner_department")
    report = {"done": [], "due_soon": [], "overdue": [], "change_requests": []}
    for item in items:
        colour = light(item, today, calendar)
        if colour == DONE and (previous is None or (item.done_on and item.done_on >= previous.date)):
            report["done"].append(item)
        elif colour == YELLOW:
            report["due_soon"].append(item)
        elif colour == RED:
            report["overdue"].append(item)
    report["change_requests"] = list(ChangeRequest.objects.filter(next_meeting=meeting).select_related("item"))
    return report


def standing_title(report: dict[str, list]) -> str:
    return _("%(title)s（已办结%(done)s项，临近时限%(soon)s项，逾期%(late)s项，变更申请%(changes)s项）") % {
        "title": _(STANDING_TITLE), "done": len(report["done"]), "soon": len(report["due_soon"]),
        "late": len(report["overdue"]), "changes": len(report["change_requests"])}


def open_with_follow_up(meeting: Meeting):
    """Put the standing follow-up item first on the meeting's agenda (once; nothing to report: none)."""
    if AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.STANDING,
                                 title__startswith=_(STANDING_TITLE)).exists():
        return None
    report = follow_up_report(meeting)
    if not any(report.values()):
        return None
    return add_standing_item(meeting, standing_title(report), position=0)
