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


def describe_rrule_zh(rrule: str, holiday_policy: str = "keep") -> str:
    parts = dict(part.split("=", 1) for part in rrule.strip().removeprefix("RRULE:").split(";") if "=" in part)
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1"))
    months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
    monthdays = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    weekdays = _weekdays(parts.get("BYDAY", ""))
    if freq == "DAILY":
        text = "每天" if interval == 1 else f"每{interval}天"
    elif freq == "WEEKLY":
        if interval == 1:
            text = "每周" + "、".join(WEEKDAY_ZH[code] for _, code in weekdays)
        else:
            text = f"每{_zh_count(interval)}周的" + "、".join("星期" + WEEKDAY_ZH[code] for _, code in weekdays)
        text = text.removesuffix("的")
    elif freq in ("MONTHLY", "YEARLY"):
        text = _period(freq, interval, months) + _days_in_month(monthdays, weekdays)
    else:
        text = rrule
    return text + POLICY_SUFFIX.get(holiday_policy, "")


def _period(freq: str, interval: int, months: list[int]) -> str:
    if months == [3, 6, 9, 12] and freq == "MONTHLY":
        return "每季度"
    if months == [6, 12]:
        return "每半年"
    if freq == "YEARLY" or months:
        every = "每年" if freq == "YEARLY" and interval == 1 else ("每" if not months else "")
        return every + "、".join(f"{m}月" for m in months)
    return "每月" if interval == 1 else f"每{_zh_count(interval)}个月"


def _days_in_month(monthdays: list[int], weekdays: list[tuple[int | None, str]]) -> str:
    if monthdays:
        return "、".join("最后一天" if d == -1 else (f"倒数第{-d}天" if d < 0 else f"{d}日") for d in monthdays)
    if weekdays:
        by_ordinal: dict[str, list[str]] = {}
        for ordinal, code in weekdays:
            by_ordinal.setdefault(code, []).append(ORDINAL_ZH.get(ordinal, f"第{ordinal}个") if ordinal else "每个")
        return "、".join("和".join(ordinals) + "星期" + WEEKDAY_ZH[code] for code, ordinals in by_ordinal.items())
    return ""


def _weekdays(byday: str) -> list[tuple[int | None, str]]:
    result = []
    for item in filter(None, byday.split(",")):
        match = re.fullmatch(r"([+-]?\d+)?([A-Z]{2})", item)
        if match:
            result.append((int(match.group(1)) if match.group(1) else None, match.group(2)))
    return result


def _zh_count(n: int) -> str:
    return {2: "两"}.get(n, str(n))


# --- Parsing --------------------------------------------------------------------------------------

_NUM = r"[0-9一二两三四五六七八九十]+"
_WEEKDAY = r"(?:星期|周|礼拜)([一二三四五六日天])"
_WEEKDAY_IN_WEEK = r"(?:星期|礼拜)?([一二三四五六日天])"  # “每周一” as well as “每周星期一”
_AND_ANOTHER_DAY = r"(?:(?:上午|下午|中午|晚上)?[、和及与]周?" + _WEEKDAY_IN_WEEK + r")?"
_TIME = (
    r"(上午|下午|中午|晚上)?\s*(\d{1,2})(?:[:：](\d{2})|点(半|\d{1,2}分?)?|时)"
    r"(?:\s*[-—–~～至到]+\s*(\d{1,2})(?:[:：](\d{2})|点(半|\d{1,2}分?)?|时))?"
)


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
    text = text.translate(str.maketrans("０１２３４５６７８９：", "0123456789:"))
    return re.sub(r"\s+", "", text)


def _clock(period: str | None, hour: str, minute: str | None, extra: str | None) -> dt.time:
    h = int(hour)
    m = int(minute) if minute else (30 if extra == "半" else int(re.sub(r"\D", "", extra or "") or 0))
    if period in ("下午", "晚上") and h < 12:
        h += 12
    if period == "中午" and h < 11:
        h += 12
    return dt.time(h, m)


def parse_time_phrase(text: str) -> tuple[dt.time | None, int | None, str]:
    """“上午9:00”, “下午3点”, “中午12:40—13:20” → (start, minutes, matched)."""
    match = re.search(_TIME, _normalise(text))
    if not match:
        return None, None, ""
    period, hour, minute, extra, end_hour, end_minute, end_extra = match.groups()
    start = _clock(period, hour, minute, extra)
    if end_hour is None:
        return start, None, match.group(0)
    end = _clock(period if int(end_hour) < 12 else None, end_hour, end_minute, end_extra)
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
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
        if match:
            rrule, policy = build(match)
            start, minutes, time_text = parse_time_phrase(clean)
            duration = minutes or _duration_limit(clean)
            matched = match.group(0) + (f"…{time_text}" if time_text and time_text not in match.group(0) else "")
            return ParsedCadence(rrule, policy, start, duration, matched)
    return None


def _weekday_code(char: str) -> str:
    return WEEKDAYS["一二三四五六日天".index(char) if char != "天" else 6]


def _ordinals(text: str) -> list[int]:
    found = []
    for number, last in re.findall(r"第(" + _NUM + r")|(最后)", text):
        found.append(-1 if last else _number(number))
    return found


def _monthly_by_weeks(match: re.Match) -> tuple[str, str]:
    ordinals = _ordinals(match.group(0)[: match.start(2) - match.start(0)])
    day = _weekday_code(match.group(2))
    policy = "next_workday" if "工作日" in match.group(0) else "skip"
    return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{n:+d}{day}" for n in ordinals), policy


def _yearly(match: re.Match) -> tuple[str, str]:
    month = _number(match.group(1))
    if match.group(3):
        day = _weekday_code(match.group(3))
        ordinal = -1 if match.group(2) == "最后一" else _number(match.group(2) or "1")
        return f"FREQ=YEARLY;BYMONTH={month};BYDAY={ordinal:+d}{day}", "next_workday"
    if match.group(2) == "最后一":  # “6月的最后一周”: the Monday that opens the month's last full week
        return f"FREQ=YEARLY;BYMONTH={month};BYDAY=-1MO", "next_workday"
    return f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY=1", "next_workday"


_ORDINAL_LIST = r"((?:第" + _NUM + r"|最后)(?:个)?(?:周|星期)?(?:[和、及与]|和第)?)+"
_RULES = [
    (r"每季度末?的?(?:最后(?:一个|1个)?工作日|最后一天)|每季度末", lambda m: (
        "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday")),
    (r"每半年", lambda m: ("FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "previous_workday")),
    (r"每年(" + _NUM + r")月(?:份)?的?(?:(最后一|第" + _NUM + r")(?:周|个))?的?(?:" + _WEEKDAY + r")?", _yearly),
    (r"每月" + _ORDINAL_LIST + r"(?:法定工作日)?的?" + _WEEKDAY, _monthly_by_weeks),
    (r"每月(?:召开)?[^。；;]*?" + _ORDINAL_LIST + r"[^。；;]*?" + _WEEKDAY, _monthly_by_weeks),
    (r"每月(?:的)?(" + _NUM + r")[日号]", lambda m: (f"FREQ=MONTHLY;BYMONTHDAY={_number(m.group(1))}", "next_workday")),
    (r"(?:每月)?(?:月底|月末|最后一个工作日)", lambda m: ("FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday")),
    (r"每(两|二|" + _NUM + r")周(?:的)?" + _WEEKDAY, lambda m: (
        f"FREQ=WEEKLY;INTERVAL={_number(m.group(1))};BYDAY={_weekday_code(m.group(2))}", "skip")),
    (r"每周的?" + _WEEKDAY_IN_WEEK + _AND_ANOTHER_DAY, lambda m: (
        "FREQ=WEEKLY;BYDAY=" + ",".join(_weekday_code(c) for c in m.groups() if c), "skip")),
    # “每周召开一次，一般星期五下午召开”, “每周召开二次，分别于周一上午和周五上午”: the days named in the clause.
    (r"每周[^。；;]*?" + _WEEKDAY + r"(?:[^。；;]*?[、和及与][^。；;]*?" + _WEEKDAY + r")?", lambda m: (
        "FREQ=WEEKLY;BYDAY=" + ",".join(_weekday_code(c) for c in m.groups() if c), "skip")),
    (r"每(?:天|日)(?!报)", lambda m: ("FREQ=DAILY", "skip")),
]
