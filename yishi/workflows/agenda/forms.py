"""The office's admin forms for topics, agendas and ad-hoc meetings. They only parse input: every
rule (who may, what is required, deadlines) is checked by agenda.actions / notices.meetings."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import meeting_types_in_force
from yishi.workflows.scheduling.models import Meeting

from .models import AGENDA_STATES, TOPIC_STATES, AgendaItem

# The topic transitions the admin offers; discuss/decide belong to the deliberation record.
TOPIC_ADMIN_TRANSITIONS = ("submit", "return", "accept", "approve", "reject", "place", "unplace", "defer",
                           "requeue", "withdraw")
ADMIT_LATE = "admit_late"


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


class AdHocMeetingForm(forms.Form):
    meeting_type_slug = forms.ChoiceField(label=_("会议类型"))
    starts_at = forms.DateTimeField(label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    location = forms.CharField(label=_("地点"), required=False, help_text=_("留空则用会议类型的默认地点"))
    reason = forms.CharField(label=_("召开事由"), widget=forms.Textarea(attrs={"rows": 2}))
    emergency = forms.BooleanField(label=_("紧急会议（即时通知）"), required=False,
                                   help_text=_("不受临时会议提前通知时限约束，通知立即发出并记录为即时通知"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_type_slug"].choices = [
            (rules.slug, _("%(name)s（至少提前 %(hours)d 小时通知）") % {
                "name": rules.name, "hours": rules.cadence.ad_hoc_notice_hours})
            for rules in meeting_types_in_force(timezone.localdate()) if rules.cadence.ad_hoc_allowed]
