"""Minutes in the admin: only those the user may read are listed, searched, opened or exported."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .actions import visible_minutes
from .models import Minutes


class MinutesViewSet(SnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = _("会议纪要")
    list_display = ["title", "number", "meeting", "issued_at"]
    search_fields = ["title", "body"]

    def get_queryset(self, request):
        # The listing and its search both start from this queryset.
        return visible_minutes(request.user)


register_snippet(MinutesViewSet)


def _refuse_unless_visible(request, instances):
    # before_edit_snippet passes one instance, before_delete_snippet a list.
    pks = {i.pk for i in (instances if isinstance(instances, list | tuple) else [instances]) if isinstance(i, Minutes)}
    if pks and visible_minutes(request.user).filter(pk__in=pks).count() != len(pks):
        raise Http404


for hook in ("before_edit_snippet", "before_delete_snippet"):
    hooks.register(hook, _refuse_unless_visible)


@hooks.register("register_admin_urls")
def urls():
    return [path("minutes/<int:pk>/<str:kind>/", views.download, name="minutes_download")]
