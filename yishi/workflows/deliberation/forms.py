"""The secretary's forms on the meeting record page; each one feeds one action in actions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.tenants.structure.models import Department, Person
from yishi.workflows.supervision.actions import Assignment

from .models import Ballot, Decision, ItemRecord, Stance

DATE = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    """A form about one meeting: its choices come from that meeting only."""

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if "record" in self.fields:
            self.fields["record"].queryset = ItemRecord.objects.filter(meeting=meeting)


class OpenRecordForm(MeetingForm):
    agenda_item = forms.ModelChoiceField(label=_("议程事项"), queryset=None, required=False,
                                         help_text=_("不选则为临时动议，须填写议题名称"))
    title = forms.CharField(label=_("议题"), max_length=200, required=False)
    matter = forms.CharField(label=_("事项类别"), max_length=40, required=False,
                             help_text=_("如 personnel（人事）；规则对该类事项可规定更高的到会比例"))
    presenter = forms.ModelChoiceField(label=_("汇报人"), queryset=Person.objects.order_by("name"), required=False)
    summary = forms.CharField(label=_("汇报要点"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(record__isnull=True).order_by("position")


class OpinionForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)
    person = forms.ModelChoiceField(label=_("发言人"), queryset=None)
    stance = forms.ChoiceField(label=_("意见"), choices=Stance.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(invitations__meeting=meeting).order_by("name")


class DecisionForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("结果"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("表决方式"), choices=[("", "—"), *Decision.Method.choices], required=False)
    votes_for = forms.IntegerField(label=_("同意"), min_value=0, initial=0, required=False)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0, initial=0, required=False)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0, initial=0, required=False)
    objections = forms.IntegerField(label=_("异议人数"), min_value=0, initial=0, required=False,
                                    help_text=_("无异议通过时填 0"))
    research_assignee = forms.ModelChoiceField(label=_("调研负责人"), queryset=Person.objects.order_by("name"),
                                               required=False)
    research_task = forms.CharField(label=_("调研任务"), required=False)
    research_due = forms.DateField(label=_("调研时限"), widget=DATE, required=False)

    def __init__(self, *args, meeting, voters=(), **kwargs):
        """`voters`: the members in the room, one roll-call ballot field each."""
        super().__init__(*args, meeting=meeting, **kwargs)
        self.voters = list(voters)
        for person in self.voters:
            self.fields[f"ballot_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=[("", "—"), *Ballot.Choice.choices], required=False)

    def ballot_fields(self):
        return [self[f"ballot_{person.pk}"] for person in self.voters]

    def ballots(self) -> dict:
        return {person: self.cleaned_data[f"ballot_{person.pk}"] for person in self.voters
                if self.cleaned_data.get(f"ballot_{person.pk}")}


class AssignmentForm(MeetingForm):
    decision = forms.ModelChoiceField(label=_("决定事项"), queryset=None, widget=forms.HiddenInput)
    title = forms.CharField(label=_("事项"), max_length=200)
    owner_department = forms.ModelChoiceField(label=_("责任科室"), queryset=Department.objects.order_by("name"))
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=Person.objects.order_by("name"), required=False)
    leader = forms.ModelChoiceField(label=_("分管领导"), queryset=Person.objects.order_by("name"), required=False)
    due_date = forms.DateField(label=_("办结时限"), widget=DATE, required=False)
    due_workdays = forms.IntegerField(label=_("时限（工作日）"), min_value=1, required=False,
                                      help_text=_("与办结时限二选一：自会议之日起的工作日数"))
    description = forms.CharField(label=_("工作要求"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(
            meeting=meeting, outcome__in=[Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED])

    def assignment(self) -> Assignment:
        data = self.cleaned_data
        return Assignment(title=data["title"], owner_department=data["owner_department"], owner=data["owner"],
                          leader=data["leader"], due_date=data["due_date"], due_workdays=data["due_workdays"],
                          description=data["description"])
