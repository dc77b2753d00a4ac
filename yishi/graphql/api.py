"""Root schemas: one for organisation hosts, one for the platform host."""

import graphene

from .content import schema as content
from .organisation import schema as organisation


class Query(organisation.Query, content.Query, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query)


class PlatformQuery(graphene.ObjectType):
    platform = graphene.String(required=True, description="平台名称")

    @staticmethod
    def resolve_platform(root, info):
        return "议事 Yishi"


platform_schema = graphene.Schema(query=PlatformQuery)
