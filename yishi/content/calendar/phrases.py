"""Chinese words for cadences: describe an RRULE, and read the phrasings regulations use.

The parser knows a closed list of phrasings; anything else is reported as unrecognised (None),
never guessed.
"""

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_ZH = dict(zip(WEEKDAYS, "一二三四五六日", strict=True))
NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
POLICY_SUFFIX = {
    "keep": "",
    "skip": "（遇节假日取消）",
    "next_workday": "（遇节假日顺延至下一工作日）",
    "previous_workday": "（遇节假日提前至前一工作日）",
}
ORDINAL_ZH = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", -1: "最后一个", -2: "倒数第二个"}


@dataclass(frozen=True)
class ParsedCadence:
    rrule: str  # RFC 5545 RRULE without DTSTART, e.g. "FREQ=MONTHLY;BYDAY=+1MO,+3MO"
    holiday_policy: str  # keep | skip | next_workday | previous_workday
    time: dt.time | None
    duration_minutes: int | None
    matched: str  # the part of the text that was understood


# --- Describing -----------------------------------------------------------------------------------

COUNT_ZH = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
# Parts that change which dates a rule gives and have no wording here: such a rule is shown as it is.
UNWORDED = {"BYYEARDAY", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND", "BYEASTER"}


def describe_rrule_zh(rrule: str, holiday_policy: str = "keep") -> str:
    """The rule in words, or “自定义规则 …” with the rule itself when no wording would be exact."""
    body = rrule.strip().removeprefix("RRULE:")
    parts = dict(part.split("=", 1) for part in body.split(";") if "=" in part)
    words = None if UNWORDED & parts.keys() else _words(parts)
    if words is None:
        return f"自定义规则 {body}" + POLICY_SUFFIX.get(holiday_policy, "")
    return words + _bounds(parts) + POLICY_SUFFIX.get(holiday_policy, "")


def _words(parts: dict[str, str]) -> str | None:
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1"))
    months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    monthdays = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    positions = [int(p) for p in parts["BYSETPOS"].split(",")] if "BYSETPOS" in parts else []
    weekdays = _weekdays(parts.get("BYDAY", ""))
    if freq in ("MONTHLY", "YEARLY"):
        days = _days_in_month(monthdays, weekdays, positions)
        last = bool(monthdays or weekdays) and all(n < 0 for n in monthdays + [o or 1 for o, _ in weekdays])
        period = _period(freq, interval, months, last)
        # “每年1月、7月的1日”: without 的 it would read as January, and 1 July.
        several = (len(months) > 1 or interval > 1) and period not in ("每季度", "每半年")
        return period + ("的" if days and several else "") + days
    if months or monthdays or positions or any(ordinal is not None for ordinal, _ in weekdays):
        return None
    if freq == "DAILY" and not weekdays:
        return "每天" if interval == 1 else f"每{_zh_count(interval)}天"
    if freq == "WEEKLY" or (freq == "DAILY" and interval == 1):
        return _every_week(interval, [code for _, code in weekdays])
    return None


def _every_week(interval: int, codes: list[str]) -> str:
    if interval == 1:
        return "每周" + _weekday_names(codes, "", "周")
    return f"每{_zh_count(interval)}周" + ("的星期" + _weekday_names(codes, "星期", "星期") if codes else "")


def _weekday_names(codes: list[str], again: str, range_again: str) -> str:
    """一、三 | 一至五 (three or more days in a row read as a range)."""
    indexes = sorted(WEEKDAYS.index(code) for code in codes)
    if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return WEEKDAY_ZH[WEEKDAYS[indexes[0]]] + "至" + range_again + WEEKDAY_ZH[WEEKDAYS[indexes[-1]]]
    return ("、" + again).join(WEEKDAY_ZH[WEEKDAYS[i]] for i in indexes)


def _period(freq: str, interval: int, months: list[int], last: bool) -> str:
    # “每季度”/“每半年” read as the quarter's or half-year's end, so only rules counted from a month's end use them.
    if interval == 1 and last and months == [3, 6, 9, 12]:
        return "每季度"
    if interval == 1 and last and months == [6, 12]:
        return "每半年"
    if months:
        every = "每年" if interval == 1 else f"每{_zh_count(interval)}年" if freq == "YEARLY" else "每年"
        return every + "、".join(f"{m}月" for m in months)
    if freq == "YEARLY":
        return "每年" if interval == 1 else f"每{_zh_count(interval)}年"
    return "每月" if interval == 1 else f"每{_zh_count(interval)}个月"


def _days_in_month(monthdays: list[int], weekdays: list[tuple[int | None, str]], positions: list[int]) -> str:
    if positions:
        days = "、".join(_day_words(d) for d in monthdays) if monthdays else ""
        plain = [code for ordinal, code in weekdays if ordinal is None]
        days = days or ("周" + _weekday_names(plain, "周", "周") if plain else "")
        return f"{days}中的" + "、".join(_position_words(p) for p in positions)
    if monthdays:
        return "、".join(_day_words(d) for d in monthdays)
    if weekdays:
        by_ordinal: dict[str, list[str]] = {}
        for ordinal, code in weekdays:
            by_ordinal.setdefault(code, []).append(ORDINAL_ZH.get(ordinal, f"第{ordinal}个") if ordinal else "每个")
        return "、".join("和".join(ordinals) + "星期" + WEEKDAY_ZH[code] for code, ordinals in by_ordinal.items())
    return ""


def _day_words(day: int) -> str:
    return "最后一天" if day == -1 else (f"倒数第{-day}天" if day < 0 else f"{day}日")


def _position_words(position: int) -> str:
    return "最后一天" if position == -1 else (f"倒数第{-position}天" if position < 0 else f"第{position}天")


def _bounds(parts: dict[str, str]) -> str:
    if "COUNT" in parts:
        return f"，共{parts['COUNT']}次"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        return f"，至{int(until[:4])}年{int(until[4:6])}月{int(until[6:8])}日止"
    return ""


def _weekdays(byday: str) -> list[tuple[int | None, str]]:
    result = []
    for item in filter(None, byday.split(",")):
        match = re.fullmatch(r"([+-]?\d+)?([A-Z]{2})", item)
        if match:
            result.append((int(match.group(1)) if match.group(1) else None, match.group(2)))
    return result


def _zh_count(n: int) -> str:
    return COUNT_ZH.get(n, str(n))


# --- Parsing --------------------------------------------------------------------------------------

_NUM = r"[0-9一二两三四五六七八九十]+"
_DAY_CHAR = r"([一二三四五六日天])(?!次)"  # “每周一次” is once a week, not every Monday
_WEEKDAY = r"(?:星期|周|礼拜)" + _DAY_CHAR
_WEEKDAY_IN_WEEK = r"(?:星期|礼拜)?" + _DAY_CHAR  # “每周一” as well as “每周星期一”
_AND_ANOTHER_DAY = r"(?:(?:上午|下午|中午|晚上)?[、和及与]周?" + _WEEKDAY_IN_WEEK + r")?"
_TO = r"[-—–~～至到]+"
_NOT_A_DEADLINE = r"(?![前之以])"  # “每月25日前报送” is a deadline, not a meeting day
# An hour in Chinese numerals must not be an ordinal: “第一时间” is no time of day.
_HOUR = r"(\d{1,2}|(?<!第)(?:十[一二]?|[一二两三四五六七八九]))"
_MINUTES = r"(半|\d{1,2}分?|[一二三四五]?十[一二三四五六七八九]?分|[一二三四五六七八九]分)"
_CLOCK = _HOUR + r"(?:[:：](\d{2})|[点时]" + _MINUTES + r"?)"
_PERIOD = r"(上午|下午|中午|晚上)?"
_TIME = _PERIOD + _CLOCK + r"(?:" + _TO + _PERIOD + _CLOCK + r")?"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + NUMERALS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return NUMERALS[tens] * 10 + NUMERALS.get(ones, 0)
    return NUMERALS[text]


def _normalise(text: str) -> str:
    text = text.translate(str.maketrans("０１２３４５６７８９：－", "0123456789:-"))
    return re.sub(r"\s+", "", text)


def _clock(period: str | None, hour: str, minute: str | None, extra: str | None) -> dt.time | None:
    h = _number(hour)
    m = int(minute) if minute else (30 if extra == "半" else _number(extra.removesuffix("分")) if extra else 0)
    if period in ("下午", "晚上") and h < 12:
        h += 12
    if period == "中午" and h < 11:
        h += 12
    return dt.time(h, m) if h < 24 and m < 60 else None


def parse_time_phrase(text: str) -> tuple[dt.time | None, int | None, str]:
    """“上午9:00”, “下午3点”, “下午两点半”, “中午12:40—13:20” → (start, minutes, matched)."""
    match = re.search(_TIME, _normalise(text))
    if not match:
        return None, None, ""
    period, hour, minute, extra, end_period, end_hour, end_minute, end_extra = match.groups()
    start = _clock(period, hour, minute, extra)
    if start is None:
        return None, None, ""
    if end_hour is None:
        return start, None, match.group(0)
    end = _clock(end_period or (period if _number(end_hour) < 12 else None), end_hour, end_minute, end_extra)
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) if end else 0
    return start, (minutes if minutes > 0 else None), match.group(0)


def _duration_limit(text: str) -> int | None:
    match = re.search(r"(?:不超过|不得超过|控制在)(" + _NUM + r"|半)(个)?(小时|分钟)", text)
    if not match:
        return 240 if "半天" in text else None
    amount = 0.5 if match.group(1) == "半" else _number(match.group(1))
    return int(amount * (60 if match.group(3) == "小时" else 1))


def parse_cadence_zh(text: str) -> ParsedCadence | None:
    """Read a cadence from a regulation's sentence, or None when the phrasing is not one we know."""
    clean = _normalise(text)
    for pattern, build in _RULES:
        match = re.search(pattern, clean)
        built = build(match) if match else None
        if built:
            rrule, policy = built
            start, minutes, time_text = parse_time_phrase(clean)
            duration = minutes or _duration_limit(clean)
            matched = match.group(0) + (f"…{time_text}" if time_text and time_text not in match.group(0) else "")
            return ParsedCadence(rrule, policy, start, duration, matched)
    return None


def _weekday_code(char: str) -> str:
    return WEEKDAYS["一二三四五六日天".index(char) if char != "天" else 6]


def _ordinals(text: str) -> list[int]:
    """'第一、第三' and '第一、二、四' alike: a bare number after a separator continues the list."""
    found = []
    pattern = r"第(" + _NUM + r")|(?<=[、和及与])(" + _NUM + r")(?=个|周|星期|[、和及与])|(最后)"
    for number, listed, last in re.findall(pattern, text):
        found.append(-1 if last else _number(number or listed))
    return found


def _monthly_by_weeks(match: re.Match) -> tuple[str, str]:
    ordinals = _ordinals(match.group(0)[: match.start(2) - match.start(0)])
    day = _weekday_code(match.group(2))
    policy = "next_workday" if "工作日" in match.group(0) else "skip"
    return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{n:+d}{day}" for n in ordinals), policy


def _monthly_by_days(match: re.Match) -> tuple[str, str] | None:
    days = [_number(n) for n in re.findall(_NUM, match.group(1))]
    if not all(1 <= day <= 31 for day in days):
        return None
    return "FREQ=MONTHLY;BYMONTHDAY=" + ",".join(map(str, days)), "next_workday"


def _weekly_range(match: re.Match) -> tuple[str, str] | None:
    first, last = (WEEKDAYS.index(_weekday_code(c)) for c in match.groups())
    if first >= last:
        return None
    return "FREQ=WEEKLY;BYDAY=" + ",".join(WEEKDAYS[first : last + 1]), "skip"


def _yearly(match: re.Match) -> tuple[str, str] | None:
    months = [_number(n) for n in re.findall(_NUM, match.group("months"))]
    if not all(1 <= month <= 12 for month in months) or re.match(r"[上中下]旬", match.string[match.end() :]):
        return None  # “6月中旬” names no day
    rule = "FREQ=YEARLY;BYMONTH=" + ",".join(map(str, months))
    if match.group("day"):
        day = _number(match.group("day"))
        return (f"{rule};BYMONTHDAY={day}", "next_workday") if 1 <= day <= 31 else None
    if match.group("end"):
        return f"{rule};BYMONTHDAY=-1", "previous_workday"
    if match.group("ordinal"):
        ordinal = -1 if match.group("ordinal") == "最后一" else _number(match.group("ordinal")[1:])
        # Without a weekday, “6月的最后一周” is the Monday that opens the month's last week.
        code = _weekday_code(match.group("weekday")) if match.group("weekday") else "MO"
        return f"{rule};BYDAY={ordinal:+d}{code}", "next_workday"
    return f"{rule};BYMONTHDAY=1", "next_workday"  # “每年3月”: from the first of the month


_ORDINAL_LIST = r"((?:第" + _NUM + r"|最后|(?<=[、和及与])" + _NUM + r")(?:个)?(?:周|星期)?(?:[和、及与]|和第)?)+"
_MONTH_LIST = r"(?P<months>" + _NUM + r"月份?(?:[和、及与]" + _NUM + r"月份?)*)"
_YEARLY = (
    r"每年" + _MONTH_LIST + r"的?(?:(?P<day>" + _NUM + r")[日号]" + _NOT_A_DEADLINE
    + r"|(?P<end>月?底|月?末|最后一天|最后一个工作日)"
    + r"|(?P<ordinal>最后一|第" + _NUM + r")(?:周|个)的?(?:(?:星期|周|礼拜)(?P<weekday>[一二三四五六日天]))?)?"
)
_RULES = [
    (r"每季度末?的?(?:最后(?:一个|1个)?工作日|最后一天)|每季度末", lambda m: (
        "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday")),
    (r"每半年", lambda m: ("FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "previous_workday")),
    (_YEARLY, _yearly),
    (r"每月" + _ORDINAL_LIST + r"(?:法定工作日)?的?" + _WEEKDAY, _monthly_by_weeks),
    (r"每月(?:召开)?[^。；;]*?" + _ORDINAL_LIST + r"[^。；;]*?" + _WEEKDAY, _monthly_by_weeks),
    (r"每月的?(" + _NUM + r"(?:[日号]?[和、及与]" + _NUM + r")*[日号])" + _NOT_A_DEADLINE, _monthly_by_days),
    (r"(?:每月的?)?(?:月底|月末|最后一个工作日)|每月的?最后一天", lambda m: (
        "FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday")),
    (r"每(两|二|" + _NUM + r")周(?:的)?" + _WEEKDAY, lambda m: (
        f"FREQ=WEEKLY;INTERVAL={_number(m.group(1))};BYDAY={_weekday_code(m.group(2))}", "skip")),
    (r"每周的?" + _WEEKDAY_IN_WEEK + _TO + r"(?:星期|周|礼拜)?" + _DAY_CHAR, _weekly_range),
    (r"每周的?" + _WEEKDAY_IN_WEEK + _AND_ANOTHER_DAY, lambda m: (
        "FREQ=WEEKLY;BYDAY=" + ",".join(_weekday_code(c) for c in m.groups() if c), "skip")),
    # “每周召开一次，一般星期五下午召开”, “每周召开二次，分别于周一上午和周五上午”: the days named in the clause.
    (r"每周[^。；;]*?" + _WEEKDAY + r"(?:[^。；;]*?[、和及与][^。；;]*?" + _WEEKDAY + r")?", lambda m: (
        "FREQ=WEEKLY;BYDAY=" + ",".join(_weekday_code(c) for c in m.groups() if c), "skip")),
    (r"每(?:天|日)(?!报)", lambda m: ("FREQ=DAILY", "skip")),
]
