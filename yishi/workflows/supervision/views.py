"""督办事项 in the admin: a listing with filters, and a page per item with the transitions the user's
roles allow, progress reports with attachments, change requests and their decision by the approver.

Only items of meetings whose decisions the user may read are listed or opened (as on the board)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.workflows.core.admin import run_form
from yishi.workflows.scheduling.visibility import visible_meetings

from . import actions
from .forms import ActForm, ChangeDecisionForm, ChangeRequestForm, ItemFilterForm, ProgressForm
from .models import ACTION_ITEM_STATES, CHANGE_REQUEST_STATES, ActionItem, ProgressAttachment


def visible_items(user):
    return ActionItem.objects.filter(meeting__in=visible_meetings(user))


def _item(user, pk: int) -> ActionItem:
    return get_object_or_404(visible_items(user).select_related("meeting", "owner_department", "owner", "leader"),
                             pk=pk)


def item_list(request):
    filters = ItemFilterForm(request.GET or None)
    items = filters.filter(visible_items(request.user)).select_related("owner_department", "owner", "meeting")
    page = Paginator(items.order_by("due_date", "pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "supervision/items.html", {"filters": filters, "page": page,
                                                                "header_icon": "tasks"})


def item_page(request, pk: int):
    item = _item(request.user, pk)
    roles = actions.roles_for(request.user, item)
    changes = list(item.change_requests.select_related("requested_by", "next_meeting"))
    return TemplateResponse(request, "supervision/item.html", {
        "item": item,
        "transitions": ACTION_ITEM_STATES.available(item.state, roles),
        "may_report": bool(roles & {"owner", "department_head"}) and item.is_open,
        "may_decide": bool(roles & CHANGE_REQUEST_STATES.by_name["approve"].roles),
        "reports": item.progress_reports.select_related("author__person").prefetch_related("attachments"),
        "changes": changes,
        "events": item.events.select_related("actor__person"),
        "progress_form": ProgressForm(), "change_form": ChangeRequestForm(),
        "decision_form": ChangeDecisionForm(item=item),
        "header_icon": "tasks",
    })


def _back(pk: int) -> str:
    return reverse("supervision_item", args=[pk])


@require_POST
def act(request, pk: int):
    item = _item(request.user, pk)
    return run_form(request, ActForm(request.POST), lambda data: actions.act(
        item, data["transition"], user=request.user, comment=data["comment"]), _("已办理"), _back(pk))


@require_POST
def report_progress(request, pk: int):
    item = _item(request.user, pk)
    return run_form(request, ProgressForm(request.POST, request.FILES), lambda data: actions.report_progress(
        item, user=request.user, text=data["text"], percent=data["percent"], files=data["files"]),
        _("已反馈进展"), _back(pk))


@require_POST
def request_change(request, pk: int):
    item = _item(request.user, pk)
    return run_form(request, ChangeRequestForm(request.POST), lambda data: actions.request_change(
        item, user=request.user, kind=data["kind"], reason=data["reason"],
        proposed_due_date=data["proposed_due_date"], proposed_description=data["proposed_description"]),
        _("变更申请已提交"), _back(pk))


@require_POST
def decide_change(request, pk: int):
    item = _item(request.user, pk)
    return run_form(request, ChangeDecisionForm(request.POST, item=item), lambda data: actions.decide_change(
        data["change"], data["decision"], user=request.user, comment=data["comment"]),
        _("变更申请已审批"), _back(pk))


def attachment(request, pk: int, attachment_pk: int):
    """A progress report's attachment, for those who may open the item."""
    item = _item(request.user, pk)
    found = ProgressAttachment.objects.filter(report__item=item, pk=attachment_pk).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
