import graphene
from django.db import connection


class Organisation(graphene.ObjectType):
    """The organisation whose host answered the request."""

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True)
    region = graphene.String(required=True)

    @staticmethod
    def current():
        return connection.tenant
