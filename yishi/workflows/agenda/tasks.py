"""Periodic agenda work per organisation: compile draft agendas at the deadline, distribute materials."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import rules_in_force_on
from yishi.platform.celery import app, fan_out, organisation_task
from yishi.workflows.scheduling.models import Meeting

from .actions import OPEN_MEETINGS, compile_agenda, distribute_materials, topic_deadline
from .models import Agenda, Topic


def compile_due(now: dt.datetime | None = None) -> list[int]:
    """Compile the agenda of every open meeting whose topic deadline has passed, and add to a compiled
    one the approved topics waiting for it (a late topic the chair admitted, a carried-over one).
    Only meetings with work to do are read: no agenda yet, or approved topics waiting; their rules
    in one query."""
    now = now or timezone.now()
    waiting = Topic.objects.filter(state=Topic.State.APPROVED)
    meetings = list(Meeting.objects.filter(status__in=OPEN_MEETINGS, starts_at__gt=now).filter(
        Q(agenda__isnull=True)
        | (Q(agenda__state=Agenda.State.COMPILED) & (
            Exists(waiting.filter(meeting=OuterRef("pk")))
            | Exists(waiting.filter(meeting__isnull=True, meeting_type_slug=OuterRef("meeting_type_slug"))))))
        .order_by("starts_at", "pk"))
    rules = rules_in_force_on((meeting.meeting_type_slug, meeting.date) for meeting in meetings)
    calendar = calendar_for_current_organisation()
    compiled = []
    for meeting in meetings:
        meeting_rules = rules[meeting.meeting_type_slug, meeting.date]
        due = topic_deadline(meeting, meeting_rules, calendar) if meeting_rules else None
        if due is not None and due <= now:
            compile_agenda(meeting, now)
            compiled.append(meeting.pk)
    return compiled


def distribute_due(now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return [agenda.meeting_id for agenda in Agenda.objects.filter(
        state=Agenda.State.APPROVED, meeting__starts_at__gt=now).select_related("meeting")
        if distribute_materials(agenda.meeting, now) is not None]


@organisation_task(name="yishi.workflows.agenda.tick")
def tick() -> dict:
    return {"compiled": compile_due(), "distributed": distribute_due()}


@app.task(name="yishi.workflows.agenda.tick_all")
def tick_all() -> None:
    """Periodic: every active organisation's agenda work, one task per organisation."""
    fan_out(tick)
