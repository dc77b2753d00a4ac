"""The supervision board: traffic lights per item, counted per department and per leader."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.calendar.workdays import WorkdayCalendar

from .models import FINISHED_STATES, ActionItem
from .reminders import DUE_SOON_WORKDAYS, workdays_left

GREEN, YELLOW, RED, DONE = "green", "yellow", "red", "done"
LIGHT_LABELS = {GREEN: _("正常推进"), YELLOW: _("临近时限"), RED: _("已逾期"), DONE: _("已办结")}


def light(item: ActionItem, today: dt.date, calendar: WorkdayCalendar) -> str:
    """green: on track; yellow: within 3 working days of the due date; red: overdue; done: finished."""
    if item.state in FINISHED_STATES:
        return DONE
    if today > item.due_date:
        return RED
    return YELLOW if workdays_left(item.due_date, today, calendar) <= DUE_SOON_WORKDAYS else GREEN


@dataclass
class BoardRow:
    label: str
    counts: dict[str, int] = field(default_factory=lambda: {GREEN: 0, YELLOW: 0, RED: 0, DONE: 0})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Board:
    today: dt.date
    items: list[tuple[ActionItem, str]]
    departments: list[BoardRow]
    leaders: list[BoardRow]


def board(items=None, today: dt.date | None = None) -> Board:
    """The board over `items` (default: every item not archived)."""
    today = today or timezone.localdate()
    calendar = calendar_for_current_organisation()
    if items is None:
        items = ActionItem.objects.exclude(state=ActionItem.State.ARCHIVED)
    items = list(items.select_related("owner_department", "owner", "leader", "meeting"))
    lit = [(item, light(item, today, calendar)) for item in items]
    departments: dict[str, BoardRow] = defaultdict(lambda: BoardRow(""))
    leaders: dict[str, BoardRow] = defaultdict(lambda: BoardRow(""))
    for item, colour in lit:
        for rows, label in ((departments, item.owner_department.name),
                            (leaders, item.leader.name if item.leader_id else str(_("未指定分管领导")))):
            row = rows[label]
            row.label = label
            row.counts[colour] += 1
    order = {RED: 0, YELLOW: 1, GREEN: 2, DONE: 3}
    return Board(
        today=today,
        items=sorted(lit, key=lambda pair: (order[pair[1]], pair[0].due_date, pair[0].pk)),
        departments=sorted(departments.values(), key=lambda row: row.label),
        leaders=sorted(leaders.values(), key=lambda row: row.label),
    )
