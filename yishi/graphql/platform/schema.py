import graphene

from yishi.tenants.models import Organisation as OrganisationModel

from ..core.pagination import PaginatedField
from ..organisation.types import OrganisationKind
from .types import OrganisationConnection


class Query(graphene.ObjectType):
    platform = graphene.String(required=True, description="平台名称")
    organisations = PaginatedField(
        OrganisationConnection, required=True, kind=OrganisationKind(description="按类型筛选"),
        region=graphene.String(description="按地区筛选（全称，如 云溪县）"),
        description="平台上的组织（不含已暂停的），按标识排序；每个组织下是它的公开数据",
    )

    @staticmethod
    def resolve_platform(root, info):
        return "议事 Yishi"

    @staticmethod
    def resolve_organisations(root, info, kind=None, region=None, **_page):
        organisations = OrganisationModel.objects.active().prefetch_related("domains").order_by("slug")
        if kind is not None:
            organisations = organisations.filter(kind=kind.value if hasattr(kind, "value") else kind)
        if region:
            organisations = organisations.filter(region=region)
        return organisations
