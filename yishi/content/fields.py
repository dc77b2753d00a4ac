"""A JSON model field edited as YAML in the admin: rule sections read better as YAML than as JSON."""

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class YAMLFormField(forms.JSONField):
    widget = forms.Textarea(attrs={"rows": 16, "class": "yishi-yaml", "spellcheck": "false"})

    def __init__(self, *args, container=dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.container = container  # dict: rule sections; list: e.g. a matter catalogue

    def to_python(self, value):
        if value in self.empty_values:
            return self.container()
        if isinstance(value, self.container):
            return value
        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError as error:
            raise ValidationError(_("不是有效的 YAML：%(error)s"), params={"error": error}, code="invalid") from None
        if parsed is None:
            return self.container()
        if not isinstance(parsed, self.container):
            message = _("应为“键: 值”形式的映射") if self.container is dict else _("应为以“- ”开头的列表")
            raise ValidationError(message, code="invalid")
        return parsed

    def bound_data(self, data, initial):
        return data

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return yaml.safe_dump(value or self.container(), allow_unicode=True, sort_keys=False, default_flow_style=False)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or self.container())
        except ValidationError:
            return True


class YAMLJSONField(models.JSONField):
    """Stored as JSON (jsonb), edited as YAML."""

    def formfield(self, **kwargs):
        container = list if self.default is list else dict
        return super().formfield(**{"form_class": YAMLFormField, "container": container, **kwargs})
