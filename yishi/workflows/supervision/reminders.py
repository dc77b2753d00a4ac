"""The supervision scan: which reminders and escalations are due today, each sent exactly once.

Beat runs `scan` for every organisation (tasks.scan_all). Nothing is scheduled far ahead with an
ETA: on Redis an ETA beyond the visibility timeout is delivered again and again (celery #2599),
so each tick looks at the open items and works out what is due from the dates alone.

Exactly once: each notice has a key (kind, item, the due date it is about); the item row is
locked while its notices are recorded, and a notice whose key is already recorded is skipped. A
re-run after a crash, a duplicated tick, or two ticks at once therefore send nothing twice.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.calendar.workdays import WorkdayCalendar
from yishi.content.rules import MeetingRules, rules_in_force
from yishi.tenants.structure.models import Person
from yishi.workflows.notices.models import Notice as OutboxNotice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.roles import CHAIR, holders_of

from .models import OPEN_STATES, ActionItem


class Kind:
    ASSIGNED = "assigned"  # 交办通知
    DUE_SOON = "due_soon"  # 到期提醒
    PROGRESS = "progress"  # 进展反馈提醒
    OVERDUE = "overdue"  # 逾期催办
    ESCALATE_LEADER = "escalate_leader"  # 逾期报分管领导
    ESCALATE_CHAIR = "escalate_chair"  # 逾期报主持人


# Reminders start when this many working days or fewer are left; the board turns yellow then too.
DUE_SOON_WORKDAYS = 3


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str
    recipients: list[Person]
    subject: str
    body: str = ""


@dataclass
class ScanResult:
    items: int = 0
    sent: dict[str, int] = field(default_factory=dict)


def owner_recipients(item: ActionItem) -> list[Person]:
    if item.owner_id:
        return [item.owner]
    # No named owner: the head(s) of the owner department.
    return list(Person.objects.filter(department_id=item.owner_department_id,
                                      user__groups__role_key__key="department_heads").distinct())


def workdays_overdue(due: dt.date, today: dt.date, calendar: WorkdayCalendar) -> int:
    """Working days after the due date up to and including today (0 while not overdue)."""
    if today <= due:
        return 0
    return calendar.workdays_between(due + dt.timedelta(days=1), today + dt.timedelta(days=1)).value


def workdays_left(due: dt.date, today: dt.date, calendar: WorkdayCalendar) -> int:
    """Working days from today (inclusive) up to the due date (exclusive); 0 on the due date."""
    return calendar.workdays_between(today, due).value if today <= due else 0


def due_notices(item: ActionItem, today: dt.date, calendar: WorkdayCalendar,
                rules: MeetingRules | None) -> list[Notice]:
    """Every notice the item calls for today; the caller skips those already recorded."""
    if item.state not in OPEN_STATES:
        return []
    notices, due = [], item.due_date
    names = {"title": item.title, "due": due}
    overdue = workdays_overdue(due, today, calendar)
    if today <= due and workdays_left(due, today, calendar) <= DUE_SOON_WORKDAYS:
        notices.append(Notice(f"due_soon:{item.pk}:{due}", Kind.DUE_SOON, owner_recipients(item),
                              _("督办事项即将到期：%(title)s") % names,
                              _("办结时限 %(due)s，请按时办结并反馈。") % names))
    if overdue:
        notices.append(Notice(f"overdue:{item.pk}:{due}", Kind.OVERDUE, owner_recipients(item),
                              _("督办事项已逾期：%(title)s") % names, _("办结时限 %(due)s 已过，请尽快办结。") % names))
    after = rules.follow_up.escalate_after_workdays if rules else None
    if after is not None and overdue > after:
        # The ladder: more than N working days overdue → the owner's leader; more than 2N → the chair.
        leader = [item.leader] if item.leader_id else []
        chair = holders_of(CHAIR, rules, today)
        body = _("“%(title)s”逾期 %(days)s 个工作日（时限 %(due)s）。") % {**names, "days": overdue}
        if leader:
            notices.append(Notice(f"escalate_leader:{item.pk}:{due}", Kind.ESCALATE_LEADER, leader,
                                  _("督办事项逾期报告：%(title)s") % names, body))
        if overdue > 2 * after or not leader:
            notices.append(Notice(f"escalate_chair:{item.pk}:{due}", Kind.ESCALATE_CHAIR, chair,
                                  _("督办事项逾期报告：%(title)s") % names, body))
    interval = rules.follow_up.progress_interval_workdays if rules else None
    if interval and not overdue:
        latest = item.progress_reports.order_by("-at").values_list("at", flat=True).first()
        # Counted from the last report, or from the meeting that assigned the item.
        since = timezone.localdate(latest) if latest else item.meeting.date
        if calendar.workdays_between(since, today).value >= interval:
            notices.append(Notice(f"progress:{item.pk}:{since}", Kind.PROGRESS, owner_recipients(item),
                                  _("请反馈督办事项进展：%(title)s") % names,
                                  _("按规定每 %(n)s 个工作日反馈一次进展。") % {"n": interval}))
    return notices


def dedupe_key(notice: Notice) -> str:
    return f"supervision:{notice.key}"


def record(item: ActionItem, notice: Notice) -> bool:
    """Put `notice` into the outbox unless its key is there already; True when it is new.

    The outbox writes in the caller's transaction and sends after commit: a rolled-back change
    sends nothing; the caller holds the item's row lock, so the check and the write are one step.
    """
    key = dedupe_key(notice)
    if OutboxNotice.objects.filter(dedupe_key=key).exists():
        return False
    notify(notice.recipients, OutboxNotice.Kind.OTHER, notice.subject, notice.body, meeting=item.meeting,
           dedupe_key=key)
    return True


def scan(today: dt.date | None = None) -> ScanResult:
    """Record (and so send) every reminder and escalation due today, one item per transaction."""
    today = today or timezone.localdate()
    calendar = calendar_for_current_organisation()
    rules_cache: dict[tuple[str, dt.date], MeetingRules | None] = {}
    result = ScanResult()
    for pk in ActionItem.objects.filter(state__in=OPEN_STATES).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            # Locked: a concurrent scan of the same item waits here, then finds the keys recorded.
            item = (ActionItem.objects.select_for_update(of=("self",)).select_related("meeting", "owner", "leader")
                    .filter(pk=pk, state__in=OPEN_STATES).first())
            if item is None:
                continue
            key = (item.meeting_type_slug, item.meeting.date)
            if key not in rules_cache:
                rules_cache[key] = rules_in_force(*key)
            result.items += 1
            for notice in due_notices(item, today, calendar, rules_cache[key]):
                if record(item, notice):
                    result.sent[notice.kind] = result.sent.get(notice.kind, 0) + 1
    return result
