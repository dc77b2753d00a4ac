"""Relay cursor connections with a hard page size, and bounded plain lists.

Every list in the API is one of these two: a connection (`first`/`after`, `last`/`before`, at most
MAX_PAGE_SIZE per page) or a BoundedList, whose resolver may return at most `max_items`.
"""

from functools import partial
from itertools import islice

import graphene
from django.db.models import QuerySet
from graphene.relay.connection import connection_adapter, page_info_adapter
from graphql_relay import connection_from_array_slice

from .dataloaders import then
from .errors import ApiError
from .limits import MAX_PAGE_SIZE


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="符合条件的总数")

    @staticmethod
    def resolve_total_count(connection, info):
        return connection.length


class PaginatedField(graphene.relay.ConnectionField):
    """A connection field over a QuerySet or list: one COUNT and one LIMIT/OFFSET query per page."""

    @classmethod
    def connection_resolver(cls, resolver, connection_type, root, info, **args):
        for name in ("first", "last"):
            value = args.get(name)
            if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
                raise ApiError(f"{name}: 每页 0–{MAX_PAGE_SIZE} 条 (must be between 0 and {MAX_PAGE_SIZE})",
                               field=name)
        if args.get("first") is None and args.get("last") is None:
            args["first"] = MAX_PAGE_SIZE
        return super().connection_resolver(resolver, connection_type, root, info, **args)

    @classmethod
    def resolve_connection(cls, connection_type, args, resolved):
        if isinstance(resolved, connection_type):
            return resolved
        length = resolved.count() if isinstance(resolved, QuerySet) else len(resolved)
        connection = connection_from_array_slice(
            resolved, args, slice_start=0, array_length=length,
            connection_type=partial(connection_adapter, connection_type),
            edge_type=connection_type.Edge, page_info_type=page_info_adapter,
        )
        connection.length = length
        return connection


class BoundedList(graphene.Field):
    """`[T!]!` whose resolver may return at most `max_items`; more is an error, never a silent cut.

    The bound is also what the cost limit counts for this list (see core.schema.build_schema).
    """

    def __init__(self, of_type, *args, max_items: int = MAX_PAGE_SIZE, **kwargs):
        super().__init__(graphene.List(graphene.NonNull(of_type)), *args, required=True, **kwargs)
        self.max_items = max_items

    def wrap_resolve(self, parent_resolver):
        resolver = super().wrap_resolve(parent_resolver)
        bound = self.max_items

        def bounded(root, info, **args):
            def check(items):
                if isinstance(items, QuerySet):
                    items = items[: bound + 1]
                items = list(islice(items, bound + 1))
                if len(items) > bound:
                    raise ApiError(f"{info.field_name}: 结果超过 {bound} 条，请缩小范围 (more than {bound} items)",
                                   field=info.field_name)
                return items

            return then(resolver(root, info, **args), check)  # a loader's list is checked when it arrives

        return bounded
