import datetime as dt

import graphene

from ..core.dates import MAX_RANGE_DAYS, checked_range
from ..core.pagination import BoundedList
from .resolvers import organisation_calendar
from .types import Workday


class Query(graphene.ObjectType):
    workdays = BoundedList(
        Workday, from_=graphene.Date(required=True, name="from"), to=graphene.Date(required=True),
        max_items=MAX_RANGE_DAYS, description=f"本单位工作日历中的每一天（范围最多 {MAX_RANGE_DAYS} 天）",
    )

    @staticmethod
    def resolve_workdays(root, info, from_, to):
        start, end = checked_range(from_, to)
        calendar = organisation_calendar(info)
        return [calendar.day(start + dt.timedelta(days=n)) for n in range((end - start).days + 1)]
