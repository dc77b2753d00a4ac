"""Root schemas, assembled from the domain packages: one for organisation hosts, one for the platform host."""

import graphene

from .core.schema import build_schema
from .organisation import schema as organisation
from .platform import schema as platform
from .public import PUBLIC_QUERIES
from .submissions import schema as submissions


class Query(organisation.Query, *PUBLIC_QUERIES, graphene.ObjectType):
    pass


class Mutation(submissions.Mutation, graphene.ObjectType):
    pass


schema = build_schema(query=Query, mutation=Mutation)
platform_schema = build_schema(query=platform.Query)
