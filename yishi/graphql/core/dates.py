"""Date ranges given by clients: checked before any work, with errors naming the argument."""

import datetime as dt

from .errors import ApiError

MAX_RANGE_DAYS = 366


def checked_range(start: dt.date, end: dt.date, max_days: int = MAX_RANGE_DAYS) -> tuple[dt.date, dt.date]:
    if end < start:
        raise ApiError(f"to: 结束日期 {end} 早于开始日期 {start} (to is before from)", field="to")
    days = (end - start).days + 1
    if days > max_days:
        raise ApiError(f"to: 日期范围最多 {max_days} 天，现为 {days} 天 (a range of at most {max_days} days)",
                       field="to")
    return start, end
