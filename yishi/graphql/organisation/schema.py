import graphene

from .types import Organisation


class Query(graphene.ObjectType):
    organisation = graphene.Field(Organisation, required=True, description="提供本接口的组织")

    @staticmethod
    def resolve_organisation(root, info):
        return Organisation.current()
