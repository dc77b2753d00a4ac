import graphene

from yishi.tenants.structure import models

from ..core.pagination import BoundedList
from .types import Department, Post

MAX_UNITS = 500  # departments or posts of one organisation


class Query(graphene.ObjectType):
    departments = BoundedList(Department, max_items=MAX_UNITS,
                              description=f"本单位的科室（按排序、名称；最多 {MAX_UNITS} 个）；不含人员信息")
    posts = BoundedList(Post, max_items=MAX_UNITS,
                        description=f"本单位的岗位（按排序、名称；最多 {MAX_UNITS} 个）；不含在岗人员")

    @staticmethod
    def resolve_departments(root, info):
        return models.Department.objects.order_by("sort_order", "name", "pk")

    @staticmethod
    def resolve_posts(root, info):
        return models.Post.objects.order_by("sort_order", "name", "pk")
