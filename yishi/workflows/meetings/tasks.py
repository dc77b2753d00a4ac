"""Calling meetings on time (beat, every 5 minutes). The task names are the ones they had in the
notices module, which beat schedules and queued messages carry."""

from yishi.platform.celery import app, fan_out, organisation_task

from .convening import convene_due, notify_agendas, notify_changes


@organisation_task(name="yishi.workflows.notices.meeting_notices")
def meeting_notices() -> dict:
    """Convene the meetings whose notice time has come, send agendas approved since, tell people
    notified of a change."""
    return {"convened": convene_due(), "agendas": notify_agendas(), "changes": notify_changes()}


@app.task(name="yishi.workflows.notices.meeting_notices_all")
def meeting_notices_all() -> None:
    fan_out(meeting_notices)
