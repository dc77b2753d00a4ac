"""我的待办: what waits for this user, by role, each entry linking to the page where it is done.

One source per kind of work; each runs a bounded number of queries (rules looked up once per meeting
type and date), whatever the number of rows."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.rules import rules_in_force_on
from yishi.workflows import roles as R
from yishi.workflows.agenda.models import Agenda, Topic
from yishi.workflows.attendance.models import LeaveRequest
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem

SHOWN = 8


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    when: dt.datetime | dt.date | None = None  # shown beside the text, in local time

    @property
    def when_text(self) -> str:
        if isinstance(self.when, dt.datetime):
            return f"{timezone.localtime(self.when):%Y-%m-%d %H:%M}"
        return f"{self.when:%Y-%m-%d}" if self.when else ""


def _rule_roles(user, keyed_rows, key) -> Iterator:
    """Rows for which `user` holds a rules role: `key(row)` gives (meeting type slug, date)."""
    rows = list(keyed_rows)
    rules, holder = rules_in_force_on({key(row) for row in rows}), R.RoleHolder(user)
    for row in rows:
        slug, day = key(row)
        yield row, holder.roles(rules.get((slug, day)), day)


def _topics(user, groups: set[str]) -> list[Todo]:
    todos = []
    if groups & {R.OFFICE}:
        todos += [Todo(_("形式审核议题：%(title)s") % {"title": t.title}, reverse("yishi_topic", args=[t.pk]),
                       t.submitted_at) for t in Topic.objects.filter(state=Topic.State.SUBMITTED)[:SHOWN]]
    waiting = Topic.objects.filter(state=Topic.State.ACCEPTED).select_related("meeting")[:50]
    for topic, roles in _rule_roles(user, waiting, lambda t: (t.meeting_type_slug, t.meeting.date if t.meeting_id
                                                              else timezone.localdate())):
        if roles & {R.LEADER, R.CHAIR}:
            todos.append(Todo(_("审定议题：%(title)s") % {"title": topic.title},
                              reverse("yishi_topic", args=[topic.pk]), topic.submitted_at))
    return todos


def _agendas(user) -> list[Todo]:
    todos = []
    agendas = Agenda.objects.filter(state__in=[Agenda.State.COMPILED, Agenda.State.SIGNED_OFF],
                                    meeting__starts_at__gte=timezone.now()).select_related("meeting")[:50]
    for agenda, roles in _rule_roles(user, agendas, lambda a: (a.meeting.meeting_type_slug, a.meeting.date)):
        wanted = {R.OFFICE} if agenda.state == Agenda.State.COMPILED else {R.LEADER, R.CHAIR}
        if roles & wanted:
            text = _("确认议程：%(meeting)s") if agenda.state == Agenda.State.COMPILED else _("审定议程：%(meeting)s")
            todos.append(Todo(text % {"meeting": agenda.meeting.name},
                              reverse("yishi_meeting", args=[agenda.meeting_id]), agenda.meeting.starts_at))
    return todos


def _leave(user) -> list[Todo]:
    requests = LeaveRequest.objects.filter(state=LeaveRequest.State.REQUESTED,
                                           invitation__meeting__starts_at__gte=timezone.now()) \
        .select_related("invitation__meeting", "invitation__person")[:50]
    me = R.person_of(user)
    return [Todo(_("审批请假：%(person)s（%(meeting)s）") % {"person": lr.invitation.person.name,
                                                        "meeting": lr.invitation.meeting.name},
                 reverse("yishi_meeting", args=[lr.invitation.meeting_id]), lr.invitation.meeting.starts_at)
            for lr, roles in _rule_roles(user, requests, lambda lr: (lr.invitation.meeting.meeting_type_slug,
                                                                     lr.invitation.meeting.date))
            if R.LEAVE_APPROVER in roles and lr.invitation.person != me]


def _meeting_day(user) -> list[Todo]:
    today = timezone.localdate()
    meetings = Meeting.objects.filter(date=today, status__in=[Meeting.Status.CONVENED, Meeting.Status.IN_SESSION])
    return [Todo(_("今日会议：%(meeting)s（%(status)s）") % {"meeting": m.name, "status": m.get_status_display()},
                 reverse("yishi_meeting", args=[m.pk]), m.starts_at)
            for m, roles in _rule_roles(user, meetings, lambda m: (m.meeting_type_slug, m.date))
            if roles & {R.OFFICE, R.CHAIR, R.SECRETARY, R.MEMBER, R.OBSERVER}]


def _minutes(user) -> list[Todo]:
    minutes = Minutes.objects.exclude(review=Minutes.Review.ISSUED).select_related("meeting")[:50]
    todos = []
    for m, roles in _rule_roles(user, minutes, lambda m: (m.meeting.meeting_type_slug, m.meeting.date)):
        if m.review == Minutes.Review.DRAFTING and roles & {R.SECRETARY, R.OFFICE}:
            todos.append(Todo(_("整理并提交纪要：%(title)s") % {"title": m.title},
                              reverse("yishi_meeting", args=[m.meeting_id]), m.meeting.starts_at))
        elif m.review == Minutes.Review.SUBMITTED and R.MINUTES_REVIEWER in roles:
            todos.append(Todo(_("审核纪要：%(title)s") % {"title": m.title},
                              reverse("yishi_meeting", args=[m.meeting_id]), m.meeting.starts_at))
        elif m.review == Minutes.Review.REVIEWED and R.MINUTES_SIGNER in roles:
            todos.append(Todo(_("签发纪要：%(title)s") % {"title": m.title},
                              reverse("yishi_meeting", args=[m.meeting_id]), m.meeting.starts_at))
    return todos


def _action_items(user) -> list[Todo]:
    person = R.person_of(user)
    if person is None:
        return []
    items = ActionItem.objects.filter(owner=person, state__in=[ActionItem.State.ASSIGNED,
                                                               ActionItem.State.IN_PROGRESS]).order_by("due_date")
    return [Todo(_("督办事项：%(title)s") % {"title": item.title}, reverse("supervision_item", args=[item.pk]),
                 item.due_date) for item in items[:SHOWN]]


def todos(user) -> list[tuple[str, list[Todo]]]:
    """(heading, entries) for each kind of work that has entries for `user`."""
    groups = R.group_roles(user)
    parts = [(_("今日会议"), _meeting_day(user)), (_("议题"), _topics(user, groups)), (_("议程"), _agendas(user)),
             (_("请假审批"), _leave(user)), (_("会议纪要"), _minutes(user)), (_("督办事项"), _action_items(user))]
    return [(heading, entries[:SHOWN]) for heading, entries in parts if entries]
