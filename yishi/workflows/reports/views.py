from django.shortcuts import render

from yishi.workflows.supervision.board import LIGHT_LABELS
from yishi.workflows.supervision.board import board as build_board


def board(request):
    """督查看板: traffic lights per department and per 分管领导, then every item, reddest first."""
    return render(request, "reports/board.html", {"board": build_board(), "labels": LIGHT_LABELS})
