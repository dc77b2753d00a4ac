"""Depth, cost, alias and field limits, checked on the document before any other validation.

Written here rather than taken from graphene's depth_limit_validator, which recurses without end on
a self-referencing fragment and raises KeyError on an unknown one (both became HTTP 500): this walk
skips a fragment already on its path and one that does not exist, leaving those errors to
graphql-core's NoFragmentCyclesRule and KnownFragmentNamesRule.
"""

from dataclasses import dataclass

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from .errors import ErrorCode

MAX_PAGE_SIZE = 100  # relay connections and bounded lists
DEFAULT_LIMITS = {"MAX_DEPTH": 10, "MAX_COST": 50_000, "MAX_ALIASES": 30, "MAX_FIELDS": 500}


def limit(name: str) -> int:
    return getattr(settings, "YISHI_GRAPHQL_LIMITS", {}).get(name, DEFAULT_LIMITS[name])


class LimitExceeded(Exception):
    def __init__(self, message: str):
        self.message = message


@dataclass
class Measure:
    depth: int = 0
    cost: int = 0
    aliases: int = 0
    fields: int = 0
    steps: int = 0  # selections visited, fragment spreads included: bounds the walk's own work

    def check(self) -> None:
        # Checked while walking, so a query built to be huge stops the walk early, too.
        fields = max(self.fields, self.steps // 5)
        for name, value, label in (
            ("MAX_DEPTH", self.depth, "查询深度 depth"), ("MAX_COST", self.cost, "查询成本 cost"),
            ("MAX_ALIASES", self.aliases, "别名数 aliases"), ("MAX_FIELDS", fields, "字段数 fields"),
        ):
            if value > limit(name):
                raise LimitExceeded(f"{label} 超过上限 {limit(name)} (exceeds the limit of {limit(name)})")


def list_size(field_def, node: FieldNode, parent_type) -> int:
    """How many items a field's value may hold: `first`/`last`, else its declared bound, else the page size."""
    for argument in node.arguments:
        if argument.name.value in ("first", "last"):
            value = argument.value
            return int(value.value) if isinstance(value, IntValueNode) else MAX_PAGE_SIZE
    if "pageInfo" in getattr(parent_type, "fields", {}):
        return 1  # `edges` of a connection: its size was counted on the connection field
    if "pageInfo" in getattr(get_named_type(field_def.type), "fields", {}):
        return MAX_PAGE_SIZE  # a connection asked without `first` answers a full page
    if is_list_type(get_nullable_type(field_def.type)):
        return (field_def.extensions or {}).get("max_items", MAX_PAGE_SIZE)
    return 1


class QueryLimitsRule(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        root = self.context.schema.get_root_type(node.operation)
        measure = Measure()
        try:
            self.walk(node.selection_set, root, 1, 1, frozenset(), measure)
        except LimitExceeded as exceeded:
            self.report_error(GraphQLError(
                exceeded.message, node, extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
            ))

    def walk(self, selection_set, parent_type, depth, multiplier, fragments, measure):
        if selection_set is None or parent_type is None:
            return
        for selection in selection_set.selections:
            measure.steps += 1
            measure.check()
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name.startswith("__"):
                    continue  # introspection: graphql-core's MaxIntrospectionDepthRule bounds it
                measure.fields += 1
                measure.aliases += selection.alias is not None
                measure.cost += multiplier
                measure.depth = max(measure.depth, depth)
                measure.check()
                field_def = getattr(parent_type, "fields", {}).get(name)
                if field_def is not None and selection.selection_set is not None:
                    size = list_size(field_def, selection, parent_type)
                    self.walk(selection.selection_set, get_named_type(field_def.type), depth + 1,
                              multiplier * size, fragments, measure)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = self.context.schema.get_type(condition.name.value) if condition else parent_type
                self.walk(selection.selection_set, fragment_type, depth, multiplier, fragments, measure)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in fragments:
                    continue  # unknown or cyclic: reported by graphql-core's own rules
                fragment_type = self.context.schema.get_type(fragment.type_condition.name.value)
                self.walk(fragment.selection_set, fragment_type, depth, multiplier, fragments | {name}, measure)
