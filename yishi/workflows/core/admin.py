"""Admin forms call the workflow actions the same way: validate the form, run the action, tell the user.

A form error or an action's refusal (ValidationError naming fields, PermissionDenied) becomes one
error message naming the field and the reason; the action's transaction has rolled back, so nothing
was written. Either way the user is redirected (POST → redirect → GET).
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from yishi.platform.uploads import ATTACHMENT_VALIDATORS


def errors_text(error: ValidationError | PermissionDenied | dict, form: forms.Form | None = None) -> str:
    """One line: each field's label (from `form` when it has the field) and its reasons."""
    if isinstance(error, PermissionDenied):
        return str(error)
    if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
        return "；".join(error.messages)
    fields = error.message_dict if isinstance(error, ValidationError) else error
    parts = []
    for field, reasons in fields.items():
        # Action errors may name nested fields ("assignments[0].owner"): the form field is the last part.
        name = field.rsplit(".", 1)[-1]
        label = form.fields[name].label if form is not None and name in form.fields else ""
        text = "；".join(str(reason) for reason in reasons)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def run_form(request, form: forms.Form, perform: Callable[[dict], object], success: str, next_url: str):
    """Run `perform(form.cleaned_data)` when the form is valid; a message either way; redirect."""
    if not form.is_valid():
        messages.error(request, errors_text(form.errors, form))
        return redirect(next_url)
    try:
        perform(form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, errors_text(error, form))
    else:
        messages.success(request, success)
    return redirect(next_url)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input, each checked for size and type (yishi.platform.uploads)."""

    widget = MultipleFileInput
    default_validators = ATTACHMENT_VALIDATORS

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(AttachmentsField, self).clean(f, initial) for f in files]
