from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ApiKey, Scope


class ApiKeyForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ_PUBLIC], help_text=_("只给门户需要的最小范围"),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "acts_as"]


class ApiKeyEditForm(ApiKeyForm):
    revoke = forms.BooleanField(label=_("吊销此密钥"), required=False, help_text=_("吊销后立即失效，不可恢复"))

    class Meta(ApiKeyForm.Meta):
        pass

    def save(self, commit=True):
        key = super().save(commit)
        if self.cleaned_data.get("revoke") and key.revoked_at is None:
            key.revoke()
        return key
