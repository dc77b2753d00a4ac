import graphene


class Regulation(graphene.ObjectType):
    """A published meeting regulation (制度)."""

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    document_number = graphene.String(required=True)
