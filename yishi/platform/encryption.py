"""Secrets stored in the database (an identity provider's client secret …) are encrypted with Fernet.

Keys come from YISHI_ENCRYPTION_KEYS (comma-separated Fernet keys: the first encrypts, every one
decrypts, so a key is rotated by putting the new one first). Without it a key is derived from
SECRET_KEY, so that development needs no setup; a deployment sets its own keys (docs/security.md).
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


def _fernet() -> MultiFernet:
    keys = settings.YISHI_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(hashlib.sha256(b"yishi-encryption:" + settings.SECRET_KEY.encode()).digest()).decode()
    ]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "YISHI_ENCRYPTION_KEYS: each key must be a Fernet key (32 url-safe base64 bytes)") from None


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "YISHI_ENCRYPTION_KEYS: an encrypted value cannot be read with these keys"
            " (was a key replaced without keeping the old one after it?)"
        ) from None


class EncryptedTextField(models.TextField):
    """Plain text in Python, Fernet ciphertext in the database; '' stays ''."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class KeepsSecretsForm(forms.ModelForm):
    """An admin form for a model with EncryptedTextFields: a stored secret is never sent back to the
    browser (password inputs, empty), and a field left empty keeps it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._secrets():
            field = self.fields[name]
            field.widget, field.required = forms.PasswordInput(), False
            field.help_text = _("加密保存；留空则保留原密钥")

    def _secrets(self) -> list[str]:
        model = self._meta.model._meta
        return [name for name in self.fields if name in {field.name for field in model.get_fields()}
                and isinstance(model.get_field(name), EncryptedTextField)]

    def clean(self):
        cleaned = super().clean()
        for name in self._secrets():
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class KeepsSecretsViewSet:
    """Mixin for a Wagtail ModelViewSet of such a model: its create and edit forms keep secrets."""

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(self.model, form=KeepsSecretsForm, fields=self.form_fields,
                                       formfield_callback=self.formfield_for_dbfield)
