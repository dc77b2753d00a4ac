from django.db import connection

from yishi.platform.celery import app, organisation_task
from yishi.tenants.models import Organisation

from .planning import DEFAULT_HORIZON_DAYS, plan_meetings


@organisation_task(name="yishi.workflows.scheduling.plan")
def plan(horizon_days: int = DEFAULT_HORIZON_DAYS) -> dict:
    result = plan_meetings(horizon_days=horizon_days)
    return {"schema": connection.schema_name, **result.__dict__}


@app.task(name="yishi.workflows.scheduling.plan_all")
def plan_all(horizon_days: int = DEFAULT_HORIZON_DAYS) -> None:
    """Periodic: plan every organisation's meetings, one task per organisation."""
    for schema_name in Organisation.objects.served().values_list("schema_name", flat=True):
        plan.apply_async(kwargs={"horizon_days": horizon_days}, headers={"_schema_name": schema_name})
