"""The office's admin: a topic inbox (filters by state, meeting type, deadline) with each topic's
workflow page, a page per meeting with its agenda, attendance and materials, and ad-hoc meetings.
The views are in agenda/views.py.

The inbox is Wagtail's generic model viewset over `actions.visible_topics(user)`: every view of one
topic answers 404 for a topic the user may not read. A topic is made and changed by the forms of
agenda/forms.py through `create_topic` / `update_topic` (never the model form); there is no copy."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormMixin
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from yishi.content.rules import rules_in_force
from yishi.workflows import roles as R

from . import actions, views
from .forms import TopicForm, TopicTypeForm, meeting_label
from .models import Topic


def workflow_link(topic: Topic) -> str:
    return format_html('<a href="{}">{}</a>', reverse("yishi_topic", args=[topic.pk]), _("办理与记录"))


def local_time(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


class VisibleTopicMixin:
    """For the viewset's views of one topic: 404 unless `visible_topics` lets the user read it."""

    def setup(self, request, *args, **kwargs):
        if not actions.visible_topics(request.user).filter(pk=kwargs["pk"]).exists():
            raise Http404
        super().setup(request, *args, **kwargs)


class TopicFormMixin:
    """The rules-built TopicForm instead of a model form; the action's refusals become form errors
    (the action's transaction rolled back: nothing written, no file kept)."""

    def get_form_kwargs(self):
        return {**FormMixin.get_form_kwargs(self), "rules": self.rules, "user": self.request.user,
                "meetings": actions.upcoming_meetings(self.rules.slug, timezone.now())}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, messages in problems.items():
                form.add_error(field if field in form.fields else None, messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def get_success_url(self):
        return reverse("yishi_topic", args=[self.object.pk])


class TopicCreateView(TopicFormMixin, generic.CreateView):
    """新议题: first the meeting type (by name, among those the user may file for), then its form."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.types = actions.submittable_types(request.user)
        chosen = request.GET.get("type") or (self.types[0].slug if len(self.types) == 1 else "")
        self.rules = next((rules for rules in self.types if rules.slug == chosen), None)

    def dispatch(self, request, *args, **kwargs):
        if self.rules is None and self.user_has_permission("add"):
            if not self.types:
                raise PermissionDenied(_("您没有可以报送议题的会议类型"))
            return TemplateResponse(request, "agenda/topic_type.html", {
                "form": TopicTypeForm(request.GET or None, types=self.types), "header_icon": "doc-full",
                "page_title": _("新议题")})
        return super().dispatch(request, *args, **kwargs)

    def get_add_url(self):
        return f"{reverse(self.add_url_name)}?type={self.rules.slug}"

    def get_page_subtitle(self):
        return _("新议题：%(type)s") % {"type": self.rules.name}

    def save_instance(self):
        return actions.create_topic(actor=self.request.user, meeting_type_slug=self.rules.slug,
                                    **self.form.action_arguments())


class TopicEditView(VisibleTopicMixin, TopicFormMixin, generic.EditView):
    """Only a draft or returned topic is edited, by its submitter or the office; the rest is its record."""

    def get_object(self, queryset=None):
        topic = super().get_object(queryset)
        editable = topic.state in actions.EDITABLE
        if not (editable and actions.topic_roles(self.request.user, topic) & {"owner", R.OFFICE}):
            raise PermissionDenied
        self.rules = rules_in_force(topic.meeting_type_slug, timezone.localdate())
        if self.rules is None:
            raise PermissionDenied(_("该议题的会议类型已无有效的议事规则"))
        return topic

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "topic": self.object}

    def save_instance(self):
        return actions.update_topic(self.object, actor=self.request.user, **self.form.action_arguments())


class TopicIndexView(generic.IndexView):
    def get_base_queryset(self):
        return actions.with_names(actions.visible_topics(self.request.user))


class TopicDeleteView(VisibleTopicMixin, generic.DeleteView):
    pass


class TopicHistoryView(VisibleTopicMixin, history.HistoryView):
    pass


class TopicUsageView(VisibleTopicMixin, usage.UsageView):
    pass


class TopicInspectView(VisibleTopicMixin, generic.InspectView):
    pass


def meeting_type_choices() -> list[tuple[str, str]]:
    return sorted(actions.meeting_type_names().items(), key=lambda item: item[1])


class TopicFilterSet(WagtailFilterSet):
    meeting_type_slug = django_filters.ChoiceFilter(label=gettext_lazy("会议类型"), choices=meeting_type_choices)

    class Meta:
        model = Topic
        fields = ["state", "meeting_type_slug", "late", "deadline_at"]


class TopicViewSet(ModelViewSet):
    """议题收件箱. The state is not editable here: it moves only through agenda.actions (the workflow page)."""

    model = Topic
    icon = "doc-full"
    menu_label = gettext_lazy("议题")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False  # a copy would skip the rules' checks and the submitter's department
    list_display = [
        "title",
        Column("meeting_type_name", label=gettext_lazy("会议类型")),
        Column("department", label=gettext_lazy("报送科室")),
        Column("submitter_name", label=gettext_lazy("报送人")),
        "state",
        Column("meeting", label=gettext_lazy("上会会议"),
               accessor=lambda topic: meeting_label(topic.meeting) if topic.meeting else ""),
        Column("deadline_at", label=gettext_lazy("报送截止"), accessor=lambda topic: local_time(topic.deadline_at),
               sort_key="deadline_at"),
        BooleanColumn("late", label=gettext_lazy("逾期报送")),
        Column("workflow", label=gettext_lazy("办理"), accessor=workflow_link),
    ]
    filterset_class = TopicFilterSet
    search_fields = ["title"]
    index_view_class = TopicIndexView
    add_view_class = TopicCreateView
    edit_view_class = TopicEditView
    delete_view_class = TopicDeleteView
    history_view_class = TopicHistoryView
    usage_view_class = TopicUsageView
    inspect_view_class = TopicInspectView

    def get_form_class(self, for_update=False):
        return TopicForm


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
        path("yishi/meetings/<int:pk>/materials/", views.agenda_bundle, name="yishi_agenda_bundle"),
        path("yishi/meetings/<int:pk>/reorder/", views.meeting_reorder, name="yishi_meeting_reorder"),
        path("yishi/meetings/<int:pk>/agenda/", views.agenda_transition, name="yishi_agenda_transition"),
    ]
