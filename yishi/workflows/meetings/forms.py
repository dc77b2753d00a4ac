from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import meeting_types_in_force
from yishi.workflows import roles as R


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignOffForm(StepForm):
    """签发: the signer's opinion and the date (the issue date of the documents)."""

    comment = forms.CharField(label=_("签发意见"), widget=forms.Textarea(attrs={"rows": 2}))
    # A date input takes ISO dates only (the locale's format would show an empty, required field).
    signed_on = forms.DateField(label=_("签发日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


def proposable_types(user, on=None):
    """The meeting types in force whose rules allow ad-hoc meetings and name `user` among the proposers."""
    on = on or timezone.localdate()
    return [rules for rules in meeting_types_in_force(on)
            if rules.cadence.ad_hoc_allowed and R.may_propose_ad_hoc(user, rules, on)]


class AdHocMeetingForm(forms.Form):
    meeting_type_slug = forms.ChoiceField(label=_("会议类型"))
    starts_at = forms.DateTimeField(label=_("会议时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    location = forms.CharField(label=_("地点"), required=False, help_text=_("留空则用会议类型的默认地点"))
    reason = forms.CharField(label=_("召开事由"), widget=forms.Textarea(attrs={"rows": 2}))
    emergency = forms.BooleanField(label=_("紧急会议（即时通知）"), required=False,
                                   help_text=_("不受临时会议提前通知时限约束，通知立即发出并记录为即时通知"))

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_type_slug"].choices = [
            (rules.slug, _("%(name)s（至少提前 %(hours)d 小时通知）") % {
                "name": rules.name, "hours": rules.cadence.ad_hoc_notice_hours}) for rules in types]
