"""Departments, posts (with their A/B rosters) and people as snippets in each organisation's admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Department, Person, Post


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "slug", "parent"]
    search_fields = ["name"]


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "user"
    list_display = ["name", "slug", "department"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "department", "user"]
    search_fields = ["name"]


class StructureViewSetGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, PostViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("组织架构")
    menu_name = "structure"


register_snippet(StructureViewSetGroup)
