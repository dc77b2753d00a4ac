"""Relay cursor connections with a hard page size and keyset cursors, and bounded plain lists.

Every list in the API is one of these two: a connection (`first`/`after`, `last`/`before`, at most
MAX_PAGE_SIZE per page) or a BoundedList, whose resolver may return at most `max_items`.

A cursor is opaque to clients; inside, it is the position of its row in the connection's order:
the values of the ordering key and the primary key (keyset pagination), never an offset. A row
inserted or deleted between two pages therefore neither repeats nor hides another row. A connection
resolver returns a QuerySet (its order_by is the key, the pk appended when missing) or a KeyedList.
"""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable
from itertools import islice

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from .dataloaders import then
from .errors import ApiError
from .inputs import problem
from .limits import MAX_PAGE_SIZE


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="符合条件的总数")

    @staticmethod
    def resolve_total_count(connection, info):
        return connection.length


class KeyedList(list):
    """A list already sorted by `key(item)`, a tuple of ints and strings ending in something unique."""

    def __init__(self, items, key: Callable[..., tuple]):
        super().__init__(items)
        self.key = key


def encode_cursor(values: tuple) -> str:
    plain = [value.isoformat() if isinstance(value, dt.date) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, argument: str, length: int | None) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, UnicodeError, ValueError):
        values = None
    if not (isinstance(values, list) and length in (None, len(values))
            and all(isinstance(value, int | str) and not problem(value) for value in values)):
        raise not_a_cursor(argument)
    return values


def not_a_cursor(argument: str) -> ApiError:
    return ApiError(f"{argument}: 不是本列表的有效游标 (not a cursor of this list)", field=argument)


class Keyset:
    """How a QuerySet's or KeyedList's rows are keyed, compared with a cursor, and counted."""

    def __init__(self, rows):
        self.rows = rows
        if isinstance(rows, QuerySet):
            fields = list(rows.query.order_by) or list(rows.model._meta.ordering)
            self.order = [(name.lstrip("-"), name.startswith("-")) for name in fields]
            if self.order[-1][0] not in ("pk", rows.model._meta.pk.name):
                self.order.append(("pk", False))
            assert all("__" not in name for name, _desc in self.order), "keyset on the model's own fields only"

    def key(self, row) -> tuple:
        if isinstance(self.rows, KeyedList):
            return self.rows.key(row)
        return tuple(getattr(row, name) for name, _desc in self.order)

    def length(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def values(self, cursor: str, argument: str) -> tuple:
        """The cursor's key, typed as the rows' own (dates, datetimes from their ISO text)."""
        if isinstance(self.rows, KeyedList):
            return tuple(decode_cursor(cursor, argument, len(self.rows.key(self.rows[0])) if self.rows else None))
        raw = decode_cursor(cursor, argument, len(self.order))
        meta = self.rows.model._meta
        try:
            return tuple((meta.pk if name == "pk" else meta.get_field(name)).to_python(value)
                         for (name, _desc), value in zip(self.order, raw, strict=True))
        except (ValidationError, ValueError, TypeError):
            raise not_a_cursor(argument) from None

    def beyond(self, rows, values: tuple, forward: bool, argument: str):
        """The rows after (forward) or before the key `values`."""
        if isinstance(rows, list):
            try:
                return [row for row in rows if (self.key(row) > values if forward else self.key(row) < values)]
            except TypeError:  # a cursor of another list
                raise not_a_cursor(argument) from None
        # (a, b, pk) > (x, y, z): a > x, or a = x and b > y, or a = x, b = y and pk > z (flipped for DESC).
        condition, equal = Q(), {}
        for (name, descending), value in zip(self.order, values, strict=True):
            lookup = "gt" if forward != descending else "lt"
            condition |= Q(**equal, **{f"{name}__{lookup}": value})
            equal[name] = value
        return rows.filter(condition)

    def reversed(self, rows):
        if isinstance(rows, list):
            return rows[::-1]
        return rows.order_by(*[f"{'' if descending else '-'}{name}" for name, descending in self.order])


class PaginatedField(graphene.relay.ConnectionField):
    """A connection field over a QuerySet or KeyedList: one COUNT and one LIMIT query per page."""

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
        assert isinstance(resolved, QuerySet | KeyedList), "a connection resolver returns a QuerySet or KeyedList"
        keyset = Keyset(resolved)
        rows = resolved
        for argument, forward in (("after", True), ("before", False)):
            if args.get(argument):
                rows = keyset.beyond(rows, keyset.values(args[argument], argument), forward, argument)
        first, last = args.get("first"), args.get("last")
        has_next = has_previous = False
        # The Relay algorithm: `first` of the rows between the cursors, then `last` of those.
        if first is not None:
            page = list(rows[: first + 1])
            has_next, page = len(page) > first, page[:first]
            if last is not None:
                has_previous, page = len(page) > last, page[len(page) - last:] if len(page) > last else page
        else:
            page = list(keyset.reversed(rows)[: last + 1])
            has_previous, page = len(page) > last, page[:last][::-1]
        edges = [connection_type.Edge(node=row, cursor=encode_cursor(keyset.key(row))) for row in page]
        connection = connection_type(edges=edges, page_info=graphene.relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=has_previous, has_next_page=has_next))
        connection.length = keyset.length()
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
