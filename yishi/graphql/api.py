"""Root schemas, assembled from the domain packages: one for organisation hosts, one for the platform host."""

import graphene

from .core.nodes import Node
from .core.schema import build_schema
from .organisation import schema as organisation
from .platform import schema as platform
from .public import PUBLIC_QUERIES
from .submissions import schema as submissions


class Query(organisation.Query, *PUBLIC_QUERIES, submissions.Query, graphene.ObjectType):
    node = Node.Field(description="按全局编号取本组织的一个对象；其他组织的编号、无权查看的对象均为 null")


class Mutation(submissions.Mutation, graphene.ObjectType):
    pass


schema = build_schema(query=Query, mutation=Mutation)
platform_schema = build_schema(query=platform.Query)
