"""The office's admin: a topic inbox (filters by state, meeting type, deadline) with each topic's
workflow page, a page per meeting with its agenda, attendance and materials, and ad-hoc meetings.
The views are in agenda/views.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from yishi.workflows import roles as R

from . import actions, views
from .models import Topic


def workflow_link(topic: Topic) -> str:
    return format_html('<a href="{}">{}</a>', reverse("yishi_topic", args=[topic.pk]), _("办理与记录"))


class TopicCreateView(CreateView):
    """A new topic is a draft made by agenda.actions.create_topic (its rules, roles and checks)."""

    def save_instance(self):
        data = self.form.cleaned_data
        return actions.create_topic(
            actor=self.request.user, meeting_type_slug=data["meeting_type_slug"], title=data["title"],
            content=data["content"], ordering_class=data["ordering_class"], department=data["department"],
            departments_involved=data["departments_involved"])

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class TopicEditView(EditView):
    """Only a draft or returned topic is edited, by its submitter or the office; the rest is its record."""

    def get_object(self, queryset=None):
        topic = super().get_object(queryset)
        editable = topic.state in (Topic.State.DRAFT, Topic.State.RETURNED)
        if not (editable and actions.topic_roles(self.request.user, topic) & {"owner", R.OFFICE}):
            raise PermissionDenied
        return topic


class TopicViewSet(ModelViewSet):
    """议题收件箱. The state is not editable here: it moves only through agenda.actions (the workflow page)."""

    model = Topic
    icon = "doc-full"
    menu_label = _("议题")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "meeting_type_slug", "department", "state", "meeting", "deadline_at", "late",
                    Column("workflow", label=_("办理"), accessor=workflow_link)]
    list_filter = ["state", "meeting_type_slug", "late", "deadline_at"]
    search_fields = ["title"]
    add_view_class = TopicCreateView
    edit_view_class = TopicEditView
    panels = [FieldPanel("title"), FieldPanel("meeting_type_slug"), FieldPanel("content"),
              FieldPanel("ordering_class"), FieldPanel("department"), FieldPanel("departments_involved")]


topic_viewset = TopicViewSet("topics")


@hooks.register("register_admin_viewset")
def register_topics():
    return topic_viewset


@hooks.register("register_admin_urls")
def urls():
    return [
        path("yishi/topics/<int:pk>/", views.topic_detail, name="yishi_topic"),
        path("yishi/topics/<int:pk>/attachments/<int:attachment_pk>/", views.topic_attachment,
             name="yishi_topic_attachment"),
        path("yishi/meetings/", views.meetings, name="yishi_meetings"),
        path("yishi/meetings/propose/", views.propose_meeting, name="yishi_meeting_propose"),
        path("yishi/meetings/<int:pk>/", views.meeting_detail, name="yishi_meeting"),
        path("yishi/meetings/<int:pk>/materials/", views.agenda_bundle, name="yishi_agenda_bundle"),
        path("yishi/meetings/<int:pk>/reorder/", views.meeting_reorder, name="yishi_meeting_reorder"),
        path("yishi/meetings/<int:pk>/agenda/", views.agenda_transition, name="yishi_agenda_transition"),
    ]


@hooks.register("register_admin_menu_item")
def meetings_menu_item():
    return MenuItem(_("会议"), reverse("yishi_meetings"), icon_name="date", order=205)
