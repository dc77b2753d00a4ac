import graphene
from graphene.utils.str_converters import to_camel_case


def build_schema(query, mutation=None, types=None) -> graphene.Schema:
    """A graphene Schema whose bounded lists tell the cost limit their size (GraphQL field extensions)."""
    schema = graphene.Schema(query=query, mutation=mutation, types=types)
    for graphql_type in schema.graphql_schema.type_map.values():
        graphene_type = getattr(graphql_type, "graphene_type", None)
        fields = getattr(getattr(graphene_type, "_meta", None), "fields", None) or {}
        for name, field in fields.items():
            bound = getattr(field, "max_items", None)
            if bound:
                graphql_type.fields[field.name or to_camel_case(name)].extensions = {"max_items": bound}
    return schema
