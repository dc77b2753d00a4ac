"""The office's admin: a topic inbox (filters by state, meeting type, deadline) and a page per meeting
with its agenda, attendance and materials."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from yishi.workflows.scheduling.models import Meeting

from .actions import office_countdowns
from .models import Agenda, Topic


class TopicViewSet(ModelViewSet):
    """议题收件箱. The state is not editable here: it moves only through agenda.actions."""

    model = Topic
    icon = "doc-full"
    menu_label = _("议题")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "meeting_type_slug", "department", "state", "meeting", "deadline_at", "late"]
    list_filter = ["state", "meeting_type_slug", "late", "deadline_at"]
    search_fields = ["title"]
    panels = [FieldPanel("title"), FieldPanel("meeting_type_slug"), FieldPanel("content"),
              FieldPanel("ordering_class"), FieldPanel("department"), FieldPanel("departments_involved")]


topic_viewset = TopicViewSet("topics")


@hooks.register("register_admin_viewset")
def register_topics():
    return topic_viewset


def meetings(request):
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:30]
    return TemplateResponse(request, "agenda/meetings.html", {
        "meetings": upcoming, "countdowns": office_countdowns(), "header_icon": "date"})


def meeting_detail(request, pk: int):
    from yishi.workflows.attendance.actions import attendance_sheet

    meeting = get_object_or_404(Meeting, pk=pk)
    items = meeting.agenda_items.select_related("topic").prefetch_related("topic__attachments").order_by("position")
    agenda = Agenda.objects.filter(meeting=meeting).first()
    return TemplateResponse(request, "agenda/meeting.html", {
        "meeting": meeting, "agenda": agenda, "items": items, "sheet": attendance_sheet(meeting),
        "notices": meeting.notices.all()[:20],
    })


@hooks.register("register_admin_urls")
def urls():
    return [path("yishi/meetings/", meetings, name="yishi_meetings"),
            path("yishi/meetings/<int:pk>/", meeting_detail, name="yishi_meeting")]


@hooks.register("register_admin_menu_item")
def meetings_menu_item():
    return MenuItem(_("会议"), reverse("yishi_meetings"), icon_name="date", order=205)
