"""Re-plan when what meetings are planned from changes: a published regulation or a calendar day.

Content never imports workflows, so scheduling listens here; the planning itself runs as a task
after the change commits.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name
from wagtail.signals import page_published

from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.calendar.models import CalendarYear, NationalDay
from yishi.content.models import RegulationPage
from yishi.platform.celery import enqueue

from . import tasks


def replan_this_organisation(**kwargs) -> None:
    if connection.schema_name != get_public_schema_name():
        enqueue(tasks.plan, connection.schema_name)


def replan_everyone(**kwargs) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: tasks.plan_all.delay())


def connect() -> None:
    page_published.connect(replan_this_organisation, sender=RegulationPage, dispatch_uid="scheduling-regulation")
    for model in (CalendarOverride,):
        post_save.connect(replan_this_organisation, sender=model, dispatch_uid=f"scheduling-{model.__name__}-save")
        post_delete.connect(replan_this_organisation, sender=model, dispatch_uid=f"scheduling-{model.__name__}-del")
    for model in (CalendarYear, NationalDay):
        post_save.connect(replan_everyone, sender=model, dispatch_uid=f"scheduling-{model.__name__}-save")
