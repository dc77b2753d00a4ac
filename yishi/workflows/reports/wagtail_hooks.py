"""The dashboard panel (this year by month, as inline SVG bars), the supervision board page and the
reports written by the beat (督查通报, 年度运行分析) for download."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yishi.platform.menus import CheckedMenuItem

from . import views
from .figures import monthly, period_figures

BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 14, 10, 120


class OperationPanel(Component):
    name = "yishi_operation"
    template_name = "reports/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        months = monthly(today.year)
        top = max([m["meetings_planned"] for m in months] + [m["meetings_held"] for m in months] + [1])
        bars = []
        for index, month in enumerate(months):
            x = index * (2 * BAR_WIDTH + BAR_GAP)
            for offset, key in ((0, "meetings_planned"), (BAR_WIDTH, "meetings_held")):
                height = round(CHART_HEIGHT * month[key] / top)
                bars.append({"x": x + offset, "y": CHART_HEIGHT - height, "height": height, "key": key,
                             "value": month[key], "month": month["month"]})
        return {"year": today.year, "bars": bars, "bar_width": BAR_WIDTH, "height": CHART_HEIGHT,
                "width": 12 * (2 * BAR_WIDTH + BAR_GAP),
                "total": period_figures(today.replace(month=1, day=1), today.replace(month=12, day=31))}


@hooks.register("construct_homepage_panels")
def add_operation_panel(request, panels):
    panels.append(OperationPanel())


@hooks.register("register_admin_urls")
def urls():
    return [path("supervision/board/", views.board, name="supervision_board"),
            path("yishi/reports/", views.documents, name="reports_documents"),
            path("yishi/reports/<str:kind>/<int:pk>/", views.download, name="reports_download")]


@hooks.register("register_admin_menu_item")
def board_menu_item():
    return MenuItem(_("督查看板"), "/admin/supervision/board/", icon_name="tasks", order=900)


@hooks.register("register_admin_menu_item")
def documents_menu_item():
    return CheckedMenuItem(_("统计报告"), reverse("reports_documents"), views.may_read_reports, icon_name="doc-full",
                           order=910)
