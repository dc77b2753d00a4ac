"""Parsing and validation, cached by query text: together they are most of GraphQL's own overhead."""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from graphene_django.settings import graphene_settings
from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate
from graphql.validation import NoSchemaIntrospectionCustomRule

from .errors import ErrorCode, with_code
from .limits import QueryLimitsRule

MAX_TOKENS = 5_000  # the parser stops here, before building a huge tree
CACHE_SIZE = 1_000


def validation_rules() -> list:
    # graphql-core's standard rules PLUS ours: passing only extra rules to validate() replaces the
    # standard ones, and then unknown fields, unknown arguments and fragment cycles pass.
    rules = list(specified_rules)
    if not introspection_enabled():
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def introspection_enabled() -> bool:
    enabled = getattr(settings, "YISHI_GRAPHQL_INTROSPECTION", None)
    return settings.DEBUG if enabled is None else enabled


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]


class DocumentCache:
    """Least-recently-used parsed and validated documents, per schema, keyed by the query text."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def prepare(self, schema: GraphQLSchema, query: str) -> Prepared:
        key = (id(schema), query)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        prepared = prepare(schema, query)
        with self.lock:
            self.entries[key] = prepared
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return prepared

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def prepare(schema: GraphQLSchema, query: str) -> Prepared:
    try:
        document = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError as error:
        return Prepared(None, (with_code(error, ErrorCode.GRAPHQL_PARSE_FAILED),))
    # The cheap limits first and alone: a query of thousands of aliases must not reach the
    # standard rules, some of which (overlapping fields) are quadratic in its size.
    errors = validate(schema, document, [QueryLimitsRule])
    if not errors:
        errors = validate(schema, document, validation_rules(), graphene_settings.MAX_VALIDATION_ERRORS)
    return Prepared(document, tuple(with_code(error, ErrorCode.GRAPHQL_VALIDATION_FAILED) for error in errors))


documents = DocumentCache()


@receiver(setting_changed)
def forget_documents(setting, **kwargs):
    # Validation results depend on the limits and on the introspection switch (tests override them).
    if setting in ("YISHI_GRAPHQL_LIMITS", "YISHI_GRAPHQL_INTROSPECTION", "DEBUG"):
        documents.clear()
