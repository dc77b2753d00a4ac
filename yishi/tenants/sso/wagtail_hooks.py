"""统一身份认证 in the organisation's admin: identity providers, linked identities, the sign-in switch."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from yishi.platform.encryption import KeepsSecretsViewSet

from .models import ExternalIdentity, IdentityProvider, SignInSettings


class IdentityProviderViewSet(KeepsSecretsViewSet, ModelViewSet):
    model = IdentityProvider
    name = "sso_providers"
    url_prefix = "sso/providers"
    icon = "key"
    menu_label = _("身份提供方")
    form_fields = ["name", "slug", "enabled", "protocol", "issuer", "client_id", "client_secret", "scopes",
                   "saml_metadata", "username_claim",
                   "name_claim", "email_claim", "phone_claim", "department_claim", "post_claim", "groups_claim",
                   "group_map"]
    list_display = ["name", "slug", "issuer", "enabled"]


class ExternalIdentityViewSet(ModelViewSet):
    """Who each provider's subjects are here; the office adds a row to link an existing account."""

    model = ExternalIdentity
    name = "sso_identities"
    url_prefix = "sso/identities"
    icon = "user"
    menu_label = _("外部身份")
    form_fields = ["provider", "subject", "user"]
    list_display = ["user", "provider", "subject", "last_login"]


class SignInSettingsViewSet(ModelViewSet):
    model = SignInSettings
    name = "sso_settings"
    url_prefix = "sso/settings"
    icon = "lock"
    menu_label = _("登录方式")
    form_fields = ["local_login_enabled"]
    list_display = ["__str__", "local_login_enabled"]


class SingleSignOnGroup(ModelViewSetGroup):
    items = (IdentityProviderViewSet, ExternalIdentityViewSet, SignInSettingsViewSet)
    menu_label = _("统一身份认证")
    menu_icon = "key"
    menu_name = "sso"
    menu_order = 900


@hooks.register("register_admin_viewset")
def register_sso():
    return SingleSignOnGroup()
