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
        ("每月第一、二、四周的周一上午8:40", "FREQ=MONTHLY;BYDAY=+1MO,+2MO,+4MO", "skip", dt.time(8, 40), None),
        ("每月最后一个星期五", "FREQ=MONTHLY;BYDAY=-1FR", "skip", None, None),
        ("每月２５日", "FREQ=MONTHLY;BYMONTHDAY=25", "next_workday", None, None),
        ("原则上每月召开一次，一般月底召开", "FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday", None, None),
        ("每季度末最后一个工作日上午", "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday",
         None, None),
        ("每半年召开一次", "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "previous_workday", None, None),
        ("每年6月的最后一周", "FREQ=YEARLY;BYMONTH=6;BYDAY=-1MO", "next_workday", None, None),
        ("每两周星期五下午3点半，会期不超过2小时", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "skip", dt.time(15, 30), 120),
        ("每周一下午两点", "FREQ=WEEKLY;BYDAY=MO", "skip", dt.time(14, 0), None),
        ("每周二上午九点三十分", "FREQ=WEEKLY;BYDAY=TU", "skip", dt.time(9, 30), None),
        ("每周四下午3时至5时", "FREQ=WEEKLY;BYDAY=TH", "skip", dt.time(15, 0), 120),
        ("每周三上午９：００－１１：３０", "FREQ=WEEKLY;BYDAY=WE", "skip", dt.time(9, 0), 150),
        ("每周一至周五上午8:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "skip", dt.time(8, 30), None),
        ("每月1日和15日", "FREQ=MONTHLY;BYMONTHDAY=1,15", "next_workday", None, None),
        ("每月十日、二十日", "FREQ=MONTHLY;BYMONTHDAY=10,20", "next_workday", None, None),
        ("每月的最后一天", "FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday", None, None),
        ("处务会原则上每月召开一次，一般月底召开；议题于每月25日前报送办公室", "FREQ=MONTHLY;BYMONTHDAY=-1",
         "previous_workday", None, None),
        ("每年三月", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "next_workday", None, None),
        ("每年1月和7月", "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1", "next_workday", None, None),
        ("每年12月20日", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20", "next_workday", None, None),
        ("每年6月底", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1", "previous_workday", None, None),
        ("每年6月最后一周的星期五", "FREQ=YEARLY;BYMONTH=6;BYDAY=-1FR", "next_workday", None, None),
    ],
)
def test_common_phrasings(text, rrule, policy, time, minutes):
    parsed = parse_cadence_zh(text)
    assert (parsed.rrule, parsed.holiday_policy, parsed.time, parsed.duration_minutes) == (
        rrule, policy, time, minutes,
    )
    assert parsed.matched and parsed.matched.split("…")[0] in text.replace("２５", "25")


@pytest.mark.parametrize("text", [
    "会议不定期召开", "主任办公会原则上每二周召开一次", "根据工作需要随时召开", "",
    "每月召开二次", "每周召开一次", "每周一次", "每周一次例会", "每年6月中旬", "每月25日前报送", "每月35日", "每年13月",
])
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
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "keep", "每周一至周五"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "keep", "每周一至周五"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "keep", "每月周一至周五中的最后一天"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "next_workday", "每月1日、15日（遇节假日顺延至下一工作日）"),
        ("FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1", "keep", "每年1月、7月的1日"),
        ("FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1", "keep", "每半年最后一天"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", "keep", "每三个月的1日"),
        ("FREQ=WEEKLY;BYDAY=MO;COUNT=5", "keep", "每周一，共5次"),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T000000Z", "keep", "每周一，至2026年12月31日止"),
        ("FREQ=YEARLY;BYYEARDAY=100", "keep", "自定义规则 FREQ=YEARLY;BYYEARDAY=100"),
        ("FREQ=DAILY;BYMONTH=1", "skip", "自定义规则 FREQ=DAILY;BYMONTH=1（遇节假日取消）"),
    ],
)
def test_descriptions(rrule, policy, words):
    assert describe_rrule_zh(rrule, policy) == words


def test_every_parsed_cadence_has_a_description_without_raw_rrule():
    for text in ["每周三", "每月10日", "每季度末", "每年12月", "每月第二个星期四", "每周一至周五", "每月1日和15日",
                 "每年1月和7月", "每年6月的最后一周", "每半年", "每两周星期三", "月底", "每天"]:
        parsed = parse_cadence_zh(text)
        assert "FREQ" not in describe_rrule_zh(parsed.rrule, parsed.holiday_policy)
