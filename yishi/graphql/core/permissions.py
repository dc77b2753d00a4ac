"""Who is calling, with which scopes; fields and mutations declare the scopes they need.

The organisation boundary is the schema: an API key is looked up only in the schema of the host that
received the request (so another organisation's key does not exist there), and the platform host
accepts no key at all.
"""

import re

import graphene
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django_tenants.utils import get_public_schema_name

from yishi.content.rules import Confidentiality
from yishi.graphql.keys.models import ApiKey, Scope

from .errors import ApiError, ErrorCode, PermissionDenied

BEARER = re.compile(r"^Bearer\s+(\S+)\s*$", re.IGNORECASE)
EVERY_SCOPE = frozenset(Scope.values)
PUBLIC = frozenset({Scope.READ_PUBLIC.value})


class AuthenticationFailed(ApiError):
    code = ErrorCode.UNAUTHENTICATED


def authenticate(request) -> None:
    """Set request.api_key and request.scopes, or raise AuthenticationFailed."""
    request.api_key = None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    on_platform = connection.schema_name == get_public_schema_name()
    if header:
        match = BEARER.match(header)
        if not match:
            raise AuthenticationFailed("Authorization 头的格式应为 “Bearer <密钥>” (expected “Bearer <key>”)")
        if on_platform:
            raise AuthenticationFailed("平台接口只提供公开数据，不接受接口密钥 (the platform API takes no API keys)")
        key = ApiKey.objects.authenticate(match[1])
        if key is None:
            raise AuthenticationFailed("接口密钥无效或已吊销 (invalid or revoked API key)")
        request.api_key = key
        request.user = AnonymousUser()  # a key request never acts as the browser session beside it
        request.scopes = PUBLIC | frozenset(key.scopes)
    elif request.user.is_authenticated and request.user.is_active and not on_platform:
        request.scopes = EVERY_SCOPE  # the organisation's own signed-in admin users
    else:
        request.scopes = PUBLIC


def cookie_authenticated(request) -> bool:
    return not request.META.get("HTTP_AUTHORIZATION")


def scopes(info) -> frozenset[str]:
    return getattr(info.context, "scopes", PUBLIC)


def require(info, *needed: str) -> None:
    missing = sorted(set(needed) - scopes(info))
    if missing:
        raise PermissionDenied(f"需要权限 {', '.join(missing)} (requires scope {', '.join(missing)})")


def acting_user(info):
    """The person a submission is made as: the session user, or the user a key acts as (else None)."""
    return acting_user_of(info.context)


def acting_user_of(request):
    key = getattr(request, "api_key", None)
    user = key.acts_as if key is not None else request.user
    return user if user is not None and user.is_authenticated and user.is_active else None


def visible_confidentiality(info) -> tuple[str, ...]:
    """The confidentiality levels (meeting types, meetings) the caller may see.

    public: everyone; internal: read_internal; confidential: only the organisation's own signed-in
    users — never an API key, since a key is not a person who could be cleared for a meeting. A
    confidential meeting type's rules are then visible; a stored confidential meeting only to whom
    the workflows clear for it (meetings/resolvers.py, cleared_meetings).
    """
    levels = [Confidentiality.PUBLIC]
    granted = scopes(info)
    if Scope.READ_INTERNAL.value in granted:
        levels.append(Confidentiality.INTERNAL)
        if getattr(info.context, "api_key", None) is None and info.context.user.is_authenticated:
            levels.append(Confidentiality.CONFIDENTIAL)
    return tuple(levels)


def describe(description: str | None, permissions) -> str | None:
    if not permissions:
        return description
    needs = f"需要权限 Requires: {', '.join(sorted(str(p) for p in permissions))}"
    return f"{description}\n\n{needs}" if description else needs


class PermissionField(graphene.Field):
    """A field that declares the scopes it needs: checked before its resolver and shown in its description."""

    def __init__(self, type_, *args, permissions=(), description=None, **kwargs):
        self.permissions = tuple(str(p) for p in permissions)
        super().__init__(type_, *args, description=describe(description, self.permissions), **kwargs)

    def wrap_resolve(self, parent_resolver):
        resolver = super().wrap_resolve(parent_resolver)
        permissions = self.permissions

        def checked(root, info, **args):
            require(info, *permissions)
            return resolver(root, info, **args)

        return checked
