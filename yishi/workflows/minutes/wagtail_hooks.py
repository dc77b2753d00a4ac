"""Minutes in the admin: only those the user may read are listed, searched, chosen, opened or exported.

Every view of one minutes row — edit, delete, history, revisions (compare, revert, unschedule),
unpublish, usage, inspect, lock — is reached by a URL
with its `pk`: `MinutesViewSet.get_urlpatterns` wraps each of those views in one check, so a view
Wagtail adds later is covered too. Lists (the listing, its search, the chooser) start from
`visible_minutes`; bulk deletion runs the `before_delete_snippet` hook; the site history report
reads minutes' own log entries (`MinutesLogEntry`), filtered the same way.

Minutes are made from a meeting (closing it drafts them) and issued by the rules' reviewer on the
meeting page, so the admin offers neither "add" nor "publish" to anyone (MinutesPermissionPolicy).
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from yishi.platform.menus import CheckedMenuItem

from . import views
from .models import Minutes, MinutesLogEntry, visible_minutes


def _refuse_unless_visible(request, pks) -> None:
    pks = set(pks)
    if pks and visible_minutes(request.user).filter(pk__in=pks).count() != len(pks):
        raise Http404  # as for a row that does not exist: not even its existence is told


def _guarded(view):
    @wraps(view)
    def guarded(request, *args, pk, **kwargs):
        _refuse_unless_visible(request, [pk])
        return view(request, *args, pk=pk, **kwargs)

    return guarded


class MinutesPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, except that nobody adds (minutes come from a meeting) or publishes
    (issuing is the reviewer's step of MINUTES_STATES) through the snippet views."""

    WITHHELD = {"add", "publish"}

    def user_has_permission(self, user, action):
        return action not in self.WITHHELD and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions) - self.WITHHELD
        return super().users_with_any_permission(actions) if actions else get_user_model().objects.none()


register_permission_policy(Minutes, MinutesPermissionPolicy(Minutes))


class VisibleOnly:
    """Chooser views: list and return only the minutes the user may read."""

    def get_object_list(self):
        return visible_minutes(self.request.user)

    def get_object(self, pk):
        return visible_minutes(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return visible_minutes(self.request.user).filter(pk__in=pks)


class MinutesChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (VisibleOnly, chooser.ChooseView), {})
    choose_results_view_class = type("ChooseResultsView", (VisibleOnly, chooser.ChooseResultsView), {})
    chosen_view_class = type("ChosenView", (VisibleOnly, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type("ChosenMultipleView", (VisibleOnly, chooser.SnippetChosenMultipleView), {})


class MinutesViewSet(SnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = _("会议纪要")
    list_display = ["title", "number", "meeting", Column("review", label=_("审核状态"), accessor="get_review_display"),
                    "issued_at"]
    search_fields = ["title", "body"]
    chooser_viewset_class = MinutesChooserViewSet
    inspect_view_enabled = True  # a read-only view for those who may read but not edit
    copy_view_enabled = False  # one minutes per meeting

    def get_queryset(self, request):
        # The listing and its search both start from this queryset.
        return visible_minutes(request.user)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = _guarded(pattern.callback)
        return patterns


register_snippet(MinutesViewSet)


@hooks.register("register_log_actions")
def minutes_log(actions):
    actions.register_model(Minutes, MinutesLogEntry)


@hooks.register("before_delete_snippet")
def refuse_bulk_delete(request, instances):
    _refuse_unless_visible(request, [i.pk for i in instances if isinstance(i, Minutes)])


@hooks.register("register_admin_urls")
def urls():
    return [path("minutes/<int:pk>/<str:kind>/", views.download, name="minutes_download"),
            path("minutes/seal/", views.seal, name="minutes_seal")]


@hooks.register("register_settings_menu_item")
def seal_menu_item():
    return CheckedMenuItem(_("电子印章"), reverse("minutes_seal"), views.may_keep_seal, icon_name="doc-full",
                           order=620)
