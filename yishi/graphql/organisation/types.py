import graphene
from django.db import connection

from yishi.tenants.models import Organisation as OrganisationModel

from ..core.nodes import Node

OrganisationKind = graphene.Enum(
    "OrganisationKind",
    [(kind.name, kind.value) for kind in OrganisationModel.Kind if kind != OrganisationModel.Kind.PLATFORM],
    description="组织类型",
)


class Organisation(graphene.ObjectType):
    """The organisation whose host answered the request (组织)."""

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True, description="标识")
    name = graphene.String(required=True, description="名称")
    kind = graphene.String(required=True, description="类型：service_centre | bureau | centre_office | company | other")
    region = graphene.String(required=True, description="地区")
    host = graphene.String(required=True, description="本组织的域名（GraphQL 地址为 https://<host>/graphql/）")

    @staticmethod
    def resolve_id(organisation, info):
        return organisation.slug

    @classmethod
    def get_node(cls, info, slug):
        organisation = cls.current()
        return organisation if organisation.slug == slug else None

    @staticmethod
    def resolve_host(organisation, info):
        return organisation.primary_host

    @staticmethod
    def current():
        return connection.tenant
