"""The secretary's forms on the meeting record page; each one feeds one action in actions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import rules_in_force
from yishi.tenants.structure.models import Department, Person
from yishi.workflows.supervision.actions import Assignment

from .actions import matter_choices, method_choices
from .models import Ballot, Candidate, CandidateTally, Decision, ItemRecord, Poll, Stance

DATE = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    """A form about one meeting: its choices come from that meeting and its rules only."""

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
        if "record" in self.fields:
            self.fields["record"].queryset = ItemRecord.objects.filter(meeting=meeting)


class OpenRecordForm(MeetingForm):
    agenda_item = forms.ModelChoiceField(label=_("议程事项"), queryset=None, required=False,
                                         help_text=_("不选则为临时动议，须填写议题名称"))
    title = forms.CharField(label=_("议题"), max_length=200, required=False)
    matter = forms.ChoiceField(label=_("事项类别"), required=False,
                               help_text=_("规则对人事等事项可规定更高的到会比例"))
    presenter = forms.ModelChoiceField(label=_("汇报人"), queryset=Person.objects.order_by("name"), required=False)
    summary = forms.CharField(label=_("汇报要点"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(record__isnull=True).order_by("position")
        self.fields["matter"].choices = matter_choices(self.rules)


class OpinionForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)
    person = forms.ModelChoiceField(label=_("发言人"), queryset=None)
    stance = forms.ChoiceField(label=_("意见"), choices=Stance.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, meeting, voters=(), **kwargs):
        """`voters`: the members in the room — the only people whose opinion is recorded."""
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in voters]).order_by("name")


class DecisionForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("结果"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("表决方式"), required=False,
                               help_text=_("无记名投票的票数取自成员本人的投票，不在此填写"))
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
        self.fields["method"].choices = [("", "—"), *method_choices(self.rules)]
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


class ItemForm(MeetingForm):
    """A form about one agenda item of the meeting (回避, 书面意见)."""

    agenda_item = forms.ModelChoiceField(label=_("议程事项"), queryset=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")


def _members(meeting):
    return Person.objects.filter(invitations__meeting=meeting, invitations__role="member").order_by("name")


class RecusalForm(ItemForm):
    person = forms.ModelChoiceField(label=_("回避人"), queryset=None, required=False,
                                    help_text=_("主持人决定回避时选择；本人申请时不选"))
    reason = forms.CharField(label=_("回避事由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["person"].queryset = _members(meeting)


class WrittenOpinionForm(ItemForm):
    person = forms.ModelChoiceField(label=_("成员"), queryset=None, required=False,
                                    help_text=_("记录人代为录入收到的书面意见时选择；本人提交时不选"))
    stance = forms.ChoiceField(label=_("意见"), choices=Stance.choices)
    text = forms.CharField(label=_("书面意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["person"].queryset = _members(meeting)


class PollForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)


class PollCloseForm(MeetingForm):
    poll = forms.ModelChoiceField(label=_("投票"), queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["poll"].queryset = Poll.objects.filter(record__meeting=meeting)


class VoteForm(PollCloseForm):
    """One member's ballot: one choice, or on a personnel item a mark for every candidate it lists."""

    choice = forms.ChoiceField(label=_("表决意见"), choices=Ballot.Choice.choices, widget=forms.RadioSelect)

    def __init__(self, *args, meeting, poll: Poll | None = None, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        poll = poll or self.fields["poll"].queryset.filter(pk=self.data.get("poll") or None).first()
        self.tallies = list(poll.tallies.select_related("candidate")) if poll else []
        if self.tallies:
            del self.fields["choice"]
        for tally in self.tallies:
            self.fields[f"candidate_{tally.candidate_id}"] = forms.ChoiceField(
                label=str(tally.candidate), choices=CandidateTally.Choice.choices, widget=forms.RadioSelect)

    def marks(self) -> dict[int, str]:
        return {tally.candidate_id: self.cleaned_data[f"candidate_{tally.candidate_id}"] for tally in self.tallies}


class CandidateForm(MeetingForm):
    record = forms.ModelChoiceField(label=_("议题"), queryset=None, widget=forms.HiddenInput)
    name = forms.CharField(label=_("姓名"), max_length=50)
    proposed_post = forms.CharField(label=_("拟任职务"), max_length=200)


class CandidateVoteForm(MeetingForm):
    candidate = forms.ModelChoiceField(label=_("拟任人选"), queryset=None, widget=forms.HiddenInput)
    agree = forms.IntegerField(label=_("同意"), min_value=0, initial=0)
    disagree = forms.IntegerField(label=_("不同意"), min_value=0, initial=0)
    defer = forms.IntegerField(label=_("缓议"), min_value=0, initial=0)
    deferral = forms.BooleanField(label=_("意见分歧较大，暂缓表决"), required=False)
    reconsider_consent = forms.IntegerField(label=_("同意复议人数"), min_value=0, required=False,
                                            help_text=_("已表决的人选复议时填写，须超过半数成员同意"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.fields["candidate"].queryset = Candidate.objects.filter(record__meeting=meeting)
