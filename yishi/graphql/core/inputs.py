"""Every argument of every field, checked in one place before its resolver runs.

- No NUL character in any string (an argument, an input object's field, a JSON value): PostgreSQL
  text cannot hold one, and a NUL reaching a query was a database error (INTERNAL_ERROR).
- Every date and date-time within DATE_RANGE: date arithmetic past year 9999 raised OverflowError,
  and no meeting rule means anything in year 1 or 9999.
Both are BAD_USER_INPUT naming the argument (`extensions.field`), e.g. `regulations.search`.
Relay global ids are strings too; the key inside one is checked where it is decoded (core/nodes.py).
"""

import datetime as dt

from .errors import ApiError

NUL = "\x00"
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def problem(value) -> str | None:
    """Why `value` (an argument's coerced value, nested as it may be) is refused, or None."""
    if isinstance(value, str):
        return "不能包含 NUL 字符 (must not contain NUL characters)" if NUL in value else None
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        first, last = DATE_RANGE
        if not first <= day <= last:
            return f"日期须在 {first} 至 {last} 之间 (a date between {first} and {last})"
        return None
    if isinstance(value, dict):
        values = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        values = value
    else:
        return None
    return next((found for found in map(problem, values) if found), None)


def check_arguments(info, args: dict) -> None:
    for name, value in args.items():
        found = problem(value)
        if found:
            declared = info.parent_type.fields[info.field_name].args
            # The name the client wrote (camelCase, `from` rather than graphene's `from_`).
            client_name = next((key for key, arg in declared.items() if name in (key, arg.out_name)), name)
            raise ApiError(f"{client_name}: {found}", field=client_name)


class InputMiddleware:
    def resolve(self, next, root, info, **args):
        if args:
            check_arguments(info, args)
        return next(root, info, **args)
