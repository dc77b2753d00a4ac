from django.db import connection

from yishi.platform.celery import app, fan_out, organisation_task

from .planning import DEFAULT_HORIZON_DAYS, plan_meetings


@organisation_task(name="yishi.workflows.scheduling.plan")
def plan(horizon_days: int = DEFAULT_HORIZON_DAYS) -> dict:
    result = plan_meetings(horizon_days=horizon_days)
    return {"schema": connection.schema_name, **result.__dict__}


@app.task(name="yishi.workflows.scheduling.plan_all")
def plan_all(horizon_days: int = DEFAULT_HORIZON_DAYS) -> None:
    """Periodic: plan every active organisation's meetings, one task per organisation."""
    fan_out(plan, horizon_days=horizon_days)
