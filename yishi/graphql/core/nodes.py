"""Relay global ids that name their organisation, and the `Node` interface of every type with an identity.

A global id is base64("<Type>:<organisation slug>:<key>"), the key being a primary key or a slug.
A key alone means different rows in different organisations' schemas; with the organisation in the
id, organisation A's id asked on B's host resolves to nothing — never to B's row with the same key,
and never to A's row, since only the current schema is ever read.

A type adopts it with `interfaces = (Node,)` and two things:
- its `id` is the object's key: the `id` attribute (a model's pk) unless the type has `resolve_id`;
- `get_node(cls, info, key)` returns the object for a key (a string) when the caller may see it
  (the same visibility as the type's list fields: scopes, confidentiality), else None.
"""

import binascii

import graphene
from django.db import connection
from graphene.relay.id_type import BaseGlobalIDType
from graphql_relay import from_global_id, to_global_id

from .errors import ApiError
from .inputs import NUL


def organisation_slug() -> str:
    return getattr(connection.tenant, "slug", "")


class OrganisationGlobalID(BaseGlobalIDType):
    graphene_type = graphene.ID

    @classmethod
    def to_global_id(cls, type_name, key):
        return to_global_id(type_name, f"{organisation_slug()}:{key}")

    @classmethod
    def resolve_global_id(cls, info, global_id):
        """(type name, key), with key None when the id names another organisation."""
        return parse(global_id)


def parse(global_id: str, field: str = "id") -> tuple[str, str | None]:
    try:
        type_name, rest = from_global_id(global_id)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        type_name, rest = "", ""
    organisation, _colon, key = rest.partition(":")
    # A NUL inside the base64 is not caught by the arguments' check (core/inputs.py): PostgreSQL
    # refuses one in a query, so such an id names nothing that could exist.
    if not type_name or not organisation or not key or NUL in rest:
        raise ApiError(f"{field}: 不是有效的编号 (not a valid global id)", field=field)
    return type_name, key if organisation == organisation_slug() else None


def key_of(global_id: str, type_name: str) -> str | None:
    """The key in a global id of `type_name` in this organisation; None for anything else."""
    try:
        kind, key = parse(global_id)
    except ApiError:
        return None
    return key if kind == type_name else None


class Node(graphene.relay.Node):
    """An object with a global id (对象的全局编号，含所属组织)."""

    class Meta:
        name = "Node"
        global_id_type = OrganisationGlobalID

    @classmethod
    def get_node_from_global_id(cls, info, global_id, only_type=None):
        # Unknown type, another organisation's id, nothing visible: all null, as a missing row is.
        type_name, key = cls.resolve_global_id(info, global_id)
        graphql_type = info.schema.get_type(type_name)
        graphene_type = getattr(graphql_type, "graphene_type", None)
        if key is None or graphene_type is None or cls not in getattr(graphene_type._meta, "interfaces", ()):
            return None
        if only_type and graphene_type is not only_type:
            return None
        found = graphene_type.get_node(info, key)
        # The object is a model or a dataclass: remember which type it was found as, for resolve_type.
        info.context.__dict__.setdefault("node_types", {})[tuple(info.path.as_list())] = graphene_type
        return found

    @classmethod
    def resolve_type(cls, instance, info):
        return info.context.node_types[tuple(info.path.as_list())]


MAX_PK = 2**63 - 1


def pk(key: str) -> int | None:
    """A key that must be a primary key: an int, or None (which finds nothing without a database error)."""
    return int(key) if key.isascii() and key.isdigit() and int(key) <= MAX_PK else None
