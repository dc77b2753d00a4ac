"""Admin forms for sign-in by the secretary, leave decisions and leave requests (one meeting or a
period). Rules are checked by attendance.actions, not here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.tenants.structure.models import Person

from .models import LeaveRequest


class SignInForm(forms.Form):
    invitation = forms.ModelChoiceField(label=_("参会人"), queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = meeting.invitations.all()


class LeaveDecisionForm(forms.Form):
    request = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("refuse", _("不批准"))], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("意见"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = LeaveRequest.objects.filter(invitation__meeting=meeting)


class ConfirmForm(forms.Form):
    """回执: nothing to fill in; the button is the answer."""


class LeaveCancelForm(forms.Form):
    comment = forms.CharField(label=_("撤销说明"), required=False)


class LeaveRequestForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), widget=forms.Textarea(attrs={"rows": 2}))
    delegate = forms.ModelChoiceField(label=_("委托参会人"), queryset=Person.objects.order_by("name", "pk"),
                                      required=False, help_text=_("本会议规则允许或要求委托时填写"))


class PeriodLeaveForm(LeaveRequestForm):
    first_day = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["first_day", "last_day", "reason", "delegate"]
