"""Action item forms: the listing's filters, and one form per action in actions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yishi.tenants.structure.models import Department
from yishi.workflows.core.admin import AttachmentsField

from .models import ACTION_ITEM_STATES, ActionItem, ChangeRequest

DATE = forms.DateInput(attrs={"type": "date"})


class ItemFilterForm(forms.Form):
    """GET filters of the listing; an invalid value is ignored (shown as an error on the form)."""

    state = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *ActionItem.State.choices], required=False)
    department = forms.ModelChoiceField(label=_("责任科室"), queryset=Department.objects.order_by("name"),
                                        required=False, empty_label=_("全部"))
    due_from = forms.DateField(label=_("时限自"), widget=DATE, required=False)
    due_to = forms.DateField(label=_("时限至"), widget=DATE, required=False)

    def filter(self, items):
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["state"]:
            items = items.filter(state=data["state"])
        if data["department"]:
            items = items.filter(owner_department=data["department"])
        if data["due_from"]:
            items = items.filter(due_date__gte=data["due_from"])
        if data["due_to"]:
            items = items.filter(due_date__lte=data["due_to"])
        return items


class ActForm(forms.Form):
    transition = forms.ChoiceField(label=_("操作"), choices=[(t.name, t.label) for t in ACTION_ITEM_STATES.transitions])
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100, initial=0)
    files = AttachmentsField(label=_("附件"), required=False)


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ChangeRequest.Kind.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))
    proposed_due_date = forms.DateField(label=_("申请时限"), widget=DATE, required=False)
    proposed_description = forms.CharField(label=_("调整后的工作要求"), widget=forms.Textarea(attrs={"rows": 2}),
                                           required=False)


class ChangeDecisionForm(forms.Form):
    change = forms.ModelChoiceField(label=_("变更申请"), queryset=None, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("审批"), choices=[("approve", _("同意变更")), ("reject", _("不同意变更"))])
    comment = forms.CharField(label=_("意见"), required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].queryset = item.change_requests.all()
