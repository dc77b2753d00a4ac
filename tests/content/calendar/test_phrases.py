import datetime as dt

import pytest

from yishi.content.calendar.phrases import describe_rrule_zh, parse_cadence_zh


@pytest.mark.parametrize(
    ("text", "rrule", "policy", "time", "minutes"),
    [
        ("每周一上午9:00召开", "FREQ=WEEKLY;BYDAY=MO", "skip", dt.time(9, 0), None),
        ("每周二、四下午3点", "FREQ=WEEKLY;BYDAY=TU,TH", "skip", dt.time(15, 0), None),
        ("每周一上午和周五上午", "FREQ=WEEKLY;BYDAY=MO,FR", "skip", None, None),
        ("每周召开1次，一般星期五下午召开", "FREQ=WEEKLY;BYDAY=FR", "skip", None, None),
        ("每周召开二次，分别于周一上午和周五上午召开", "FREQ=WEEKLY;BYDAY=MO,FR", "skip", None, None),
        ("每周召开一次，周一上午9:30", "FREQ=WEEKLY;BYDAY=MO", "skip", dt.time(9, 30), None),
        ("每月召开二次，时间为每月第一周和第三周法定工作日的星期一中午12:40—13:20",
         "FREQ=MONTHLY;BYDAY=+1MO,+3MO", "next_workday", dt.time(12, 40), 40),
        ("每月第一个和第三个星期一", "FREQ=MONTHLY;BYDAY=+1MO,+3MO", "skip", None, None),
        ("每月最后一个星期五", "FREQ=MONTHLY;BYDAY=-1FR", "skip", None, None),
        ("每月２５日", "FREQ=MONTHLY;BYMONTHDAY=25", "next_workday", None, None),
        ("原则上每月召开一次，一般月底召开", "FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday", None, None),
        ("每季度末最后一个工作日上午", "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday",
         None, None),
        ("每半年召开一次", "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "previous_workday", None, None),
        ("每年6月的最后一周", "FREQ=YEARLY;BYMONTH=6;BYDAY=-1MO", "next_workday", None, None),
        ("每两周星期五下午3点半，会期不超过2小时", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "skip", dt.time(15, 30), 120),
    ],
)
def test_common_phrasings(text, rrule, policy, time, minutes):
    parsed = parse_cadence_zh(text)
    assert (parsed.rrule, parsed.holiday_policy, parsed.time, parsed.duration_minutes) == (
        rrule, policy, time, minutes,
    )
    assert parsed.matched and parsed.matched.split("…")[0] in text.replace("２５", "25")


@pytest.mark.parametrize("text", ["会议不定期召开", "主任办公会原则上每二周召开一次", "根据工作需要随时召开", ""])
def test_unrecognised_text_is_reported_not_guessed(text):
    assert parse_cadence_zh(text) is None


@pytest.mark.parametrize(
    ("rrule", "policy", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=MO", "keep", "每周一"),
        ("FREQ=MONTHLY;BYDAY=+1MO,+3MO", "keep", "每月第一个和第三个星期一"),
        ("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday",
         "每季度最后一天（遇节假日提前至前一工作日）"),
        ("FREQ=MONTHLY;BYMONTHDAY=25", "next_workday", "每月25日（遇节假日顺延至下一工作日）"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "skip", "每两周的星期五（遇节假日取消）"),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=-1FR", "keep", "每年6月最后一个星期五"),
    ],
)
def test_descriptions(rrule, policy, words):
    assert describe_rrule_zh(rrule, policy) == words


def test_every_parsed_cadence_has_a_description_without_raw_rrule():
    for text in ["每周三", "每月10日", "每季度末", "每年12月", "每月第二个星期四"]:
        parsed = parse_cadence_zh(text)
        assert "FREQ" not in describe_rrule_zh(parsed.rrule, parsed.holiday_policy)
