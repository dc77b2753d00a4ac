from django.shortcuts import render

from yishi.workflows.minutes.actions import visible_meetings
from yishi.workflows.supervision.board import LIGHT_LABELS
from yishi.workflows.supervision.board import board as build_board
from yishi.workflows.supervision.models import ActionItem


def board(request):
    """督查看板: traffic lights per department and per 分管领导, then every item, reddest first.

    Items of a confidential meeting appear only to those who may read that meeting's decisions."""
    items = ActionItem.objects.exclude(state=ActionItem.State.ARCHIVED).filter(
        meeting__in=visible_meetings(request.user))
    return render(request, "reports/board.html", {"board": build_board(items), "labels": LIGHT_LABELS})
