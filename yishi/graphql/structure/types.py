"""The organisation's structure as portals see it: departments and posts, never people.

A Person has no "public" flag, so no name of a person (post holders, role targets naming a person,
action-item owners) is served to anyone through this API.
"""

import graphene

from yishi.tenants.structure import models

from ..core.nodes import Node
from .dataloaders import DepartmentLoader


class Department(graphene.ObjectType):
    """科室: a unit of the organisation's department tree."""

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True, description="标识")
    name = graphene.String(required=True, description="名称")
    sort_order = graphene.Int(required=True, description="排序（小者在前）")
    parent = graphene.Field(lambda: Department, description="上级科室")

    @staticmethod
    def resolve_id(department, info):
        return department.slug

    @classmethod
    def get_node(cls, info, slug):
        return models.Department.objects.filter(slug=slug).first()

    @staticmethod
    def resolve_parent(department, info):
        return DepartmentLoader.of(info).load(department.parent_id) if department.parent_id else None


class Post(graphene.ObjectType):
    """岗位 (主任, 副主任, 科长 …): what meeting rules name; who holds it is not served."""

    class Meta:
        interfaces = (Node,)

    slug = graphene.String(required=True, description="标识")
    name = graphene.String(required=True, description="名称")
    sort_order = graphene.Int(required=True, description="排序（小者在前）")
    department = graphene.Field(Department, description="所属科室")

    @staticmethod
    def resolve_id(post, info):
        return post.slug

    @classmethod
    def get_node(cls, info, slug):
        return models.Post.objects.filter(slug=slug).first()

    @staticmethod
    def resolve_department(post, info):
        return DepartmentLoader.of(info).load(post.department_id) if post.department_id else None
