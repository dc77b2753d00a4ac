from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CalendarOverride


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    menu_label = _("本单位日历")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]


register_snippet(CalendarOverrideViewSet)
