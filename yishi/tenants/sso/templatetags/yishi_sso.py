from django import template
from django.db import connection

from ..backends import local_login_allowed
from ..models import IdentityProvider

register = template.Library()


@register.simple_tag
def sso_providers():
    if connection.schema_name == "public":
        return []
    return list(IdentityProvider.objects.filter(enabled=True).order_by("name"))


@register.simple_tag
def sso_local_login_allowed() -> bool:
    return local_login_allowed()
