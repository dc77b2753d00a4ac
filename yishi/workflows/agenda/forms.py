"""The office's admin forms for topics, agendas and ad-hoc meetings. They only parse input: every
rule (who may, what is required, deadlines) is checked by agenda.actions / meetings.convening."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import MeetingRules
from yishi.tenants.structure.models import Department
from yishi.workflows import roles as R
from yishi.workflows.core.admin import AttachmentsField
from yishi.workflows.scheduling.models import Meeting

from .actions import matter_choices, visible_topics
from .models import AGENDA_STATES, FIELD_LABELS, ORDERING_CLASS_LABELS, TOPIC_STATES, AgendaItem, Topic

# The topic transitions the admin offers; discuss/decide belong to the deliberation record.
TOPIC_ADMIN_TRANSITIONS = ("submit", "return", "accept", "approve", "reject", "place", "unplace", "defer",
                           "requeue", "withdraw")
ADMIT_LATE = "admit_late"


def meeting_label(meeting: Meeting) -> str:
    """A meeting by name and local start time (its __str__ formats the stored UTC value)."""
    return f"{meeting.name} {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return meeting_label(meeting)


class TopicTypeForm(forms.Form):
    """First step of a new topic: the meeting type, by name, among those the user may file for."""

    type = forms.ChoiceField(label=_("会议类型"))

    def __init__(self, *args, types: list[MeetingRules], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(rules.slug, rules.name) for rules in types]


class TopicForm(forms.Form):
    """A topic for one meeting type, built from its rules in force: the content fields they require,
    their ordering classes, the type's upcoming meetings. Which of it is allowed (roles, the
    department, required fields on submit) the actions decide; this only parses."""

    title = forms.CharField(label=FIELD_LABELS["title"], max_length=200)
    meeting = MeetingChoiceField(label=_("申请上会"), queryset=Meeting.objects.none(), required=False,
                                 empty_label=_("下一次会议（按报送截止时间安排）"))
    department = forms.ModelChoiceField(label=_("报送科室"), queryset=Department.objects.all(), required=False,
                                        empty_label=_("本人所在科室"))
    departments_involved = forms.ModelMultipleChoiceField(label=_("涉及科室"), queryset=Department.objects.all(),
                                                          required=False, widget=forms.CheckboxSelectMultiple)
    matter = forms.ChoiceField(label=_("事项类别"), required=False,
                               help_text=_("三重一大等目录事项须按目录规定的会议和顺序研究决定"))
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, min_value=0, max_digits=16,
                                decimal_places=2)
    prior_topic = forms.ModelChoiceField(label=_("前置研究议题"), queryset=Topic.objects.none(), required=False,
                                         help_text=_("目录要求前置研究的，选择已建议同意的前置研究议题"))
    emergency_reason = forms.CharField(label=_("紧急情况说明"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("紧急情况下未经前置研究直接上会时填写；事后向前置研究的会议报告"))
    attachments = AttachmentsField(label=_("附件"), required=False)
    submit_now = forms.BooleanField(label=_("保存后立即报送办公室"), required=False,
                                help_text=_("不勾选则保存为草稿，稍后在“办理与记录”中报送"))

    def __init__(self, *args, rules: MeetingRules, user, meetings, topic: Topic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        required = rules.topics.required_fields
        content = {}
        for name in required:
            if name not in ("title", "attachments"):
                content[name] = forms.CharField(label=FIELD_LABELS.get(name, name), required=False,
                                                widget=forms.Textarea(attrs={"rows": 3}), help_text=_("报送时必填"))
        # The content fields right after the title, in the rules' order.
        self.fields = {"title": self.fields.pop("title"), **content, **self.fields}
        classes = rules.topics.ordering_classes
        if classes:
            self.fields["ordering_class"] = forms.ChoiceField(
                label=_("排序类别"), choices=[(name, ORDERING_CLASS_LABELS.get(name, name)) for name in classes],
                initial=classes[-1])
        self.fields["meeting"].queryset = meetings
        self.fields["matter"].choices = matter_choices(timezone.localdate())
        self.fields["prior_topic"].queryset = visible_topics(user).filter(state=Topic.State.DECIDED) \
            .exclude(matter="").exclude(pk=topic.pk if topic else None)
        if not (R.roles_of(user, rules, timezone.localdate()) & {R.OFFICE}):
            person = R.person_of(user)  # a department head files in their own department's name only
            self.fields["department"].queryset = Department.objects.filter(
                pk=person.department_id if person else None)
        if "attachments" in required:
            self.fields["attachments"].help_text = _("报送时须至少有一个附件")
        if topic is not None:
            self.initial = {"title": topic.title, **topic.content, "ordering_class": topic.ordering_class,
                            "meeting": topic.requested_meeting_id, "department": topic.department_id,
                            "departments_involved": list(topic.departments_involved.values_list("pk", flat=True)),
                            "matter": topic.matter, "amount": topic.amount, "prior_topic": topic.prior_topic_id,
                            "emergency_reason": topic.emergency_reason,
                            **self.initial}
            self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                label=_("删除附件"), queryset=topic.attachments.all(), required=False,
                widget=forms.CheckboxSelectMultiple)
            self.fields["submit_now"].label = _("保存后立即报送办公室") if topic.state == Topic.State.DRAFT \
                else _("保存后重新报送办公室")
        self.content_fields = list(content)

    def action_arguments(self) -> dict:
        """The cleaned data as create_topic / update_topic take it."""
        data = self.cleaned_data
        arguments = {
            "title": data["title"], "content": {name: data[name] for name in self.content_fields},
            "ordering_class": data.get("ordering_class", ""), "meeting": data["meeting"],
            "department": data["department"], "departments_involved": data["departments_involved"],
            "attachments": data["attachments"], "submit": data["submit_now"], "matter": data["matter"],
            "amount": data["amount"], "prior_topic": data["prior_topic"], "emergency_reason": data["emergency_reason"],
        }
        if "remove_attachments" in data:
            arguments["remove_attachments"] = data["remove_attachments"]
        return arguments


class TopicTransitionForm(forms.Form):
    transition = forms.ChoiceField(choices=[(name, TOPIC_STATES.by_name[name].label)
                                            for name in TOPIC_ADMIN_TRANSITIONS] + [(ADMIT_LATE, _("同意逾期上会"))],
                                   widget=forms.HiddenInput)
    comment = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    research_due = forms.DateField(label=_("调研完成时限"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.ModelChoiceField(label=_("上会会议"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings


class AgendaTransitionForm(forms.Form):
    transition = forms.ChoiceField(choices=[(t.name, t.label) for t in AGENDA_STATES.transitions],
                                   widget=forms.HiddenInput)
    comment = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReorderForm(forms.Form):
    """One number per agenda item; the items are put in the order of the numbers (ties keep their order)."""

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            self.fields[f"item_{item.pk}"] = forms.IntegerField(label=item.title, initial=number, min_value=1,
                                                                widget=forms.NumberInput(attrs={"style": "width:5em"}))

    def item_ids(self) -> list[int]:
        order = sorted(self.items, key=lambda item: (self.cleaned_data[f"item_{item.pk}"], item.position))
        return [item.pk for item in order]


