"""Authentication backends: passwords unless the organisation has switched them off, and the
backend sessions of single sign-on are recorded under."""

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from .models import SignInSettings


def local_login_allowed() -> bool:
    # The platform host has no organisation settings: its staff always sign in with passwords.
    return connection.schema_name == "public" or SignInSettings.current().local_login_enabled


class PasswordBackend(ModelBackend):
    """Django's password check; with local login off only superusers pass (the way back in when the
    identity provider is down)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not user.is_superuser and not local_login_allowed():
            return None
        return user


class SingleSignOnBackend(ModelBackend):
    """Never authenticates by itself: the callback view verifies the provider's answer and logs the
    user in under this backend, which then loads the user and permissions on later requests."""

    def authenticate(self, request, **kwargs):
        return None
