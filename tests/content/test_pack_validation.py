"""Every validation error names its path and reason; all errors are listed at once."""

import pytest

from tests.content.packdata import pack
from yishi.content.packs import PackInvalid, load_pack, validate_pack

MT = "regulations[0].meeting_types[0]"


def meeting_type(data):
    return data["regulations"][0]["meeting_types"][0]


def regulation(data):
    return data["regulations"][0]


def set_in(getter, **changes):
    def mutate(data):
        for key, value in changes.items():
            target = getter(data)
            *parents, last = key.split("__")
            for parent in parents:
                target = target[parent]
            target[last] = value
    return mutate


CASES = [
    ("invalid rrule", set_in(meeting_type, cadence__rrule="FREQ=FORTNIGHTLY"), f"{MT}.cadence.rrule", "无效的 RRULE"),
    ("rrule with dtstart", set_in(meeting_type, cadence__rrule="DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY"),
     f"{MT}.cadence.rrule", "DTSTART"),
    ("quorum above one", set_in(meeting_type, decisions__quorum=1.5), f"{MT}.decisions.quorum", "1.5"),
    ("quorum of zero", set_in(meeting_type, decisions__quorum=0), f"{MT}.decisions.quorum", "0"),
    ("looser special quorum", set_in(meeting_type, decisions__quorum_rules=[{"matter": "personnel", "fraction": 0.4}]),
     f"{MT}.decisions.quorum_rules[0].fraction", "只能更严格"),
    ("negative leave lead time", set_in(meeting_type, attendance={"leave_lead_hours": -2}),
     f"{MT}.attendance.leave_lead_hours", "-2"),
    ("negative materials deadline", set_in(meeting_type, materials={"deadline_workdays": -1}),
     f"{MT}.materials.deadline_workdays", "-1"),
    ("distribution before materials are due",
     set_in(meeting_type, materials={"deadline_workdays": 1, "distribution_workdays": 3}),
     f"{MT}.materials.distribution_workdays", "会前 1 个工作日才报送"),
    ("deadline after the meeting on its day",
     set_in(meeting_type, topics__deadline={"kind": "workdays_before", "days": 0, "time": "18:00"}),
     f"{MT}.topics.deadline.time", "晚于会议开始时间 15:00"),
    ("monthly deadline after the meeting",
     set_in(meeting_type, topics__deadline={"kind": "day_of_month", "day": 28, "time": "17:00"}),
     f"{MT}.topics.deadline.day", "每月 28 日晚于"),
    ("deadline weekday out of range",
     set_in(meeting_type, topics__deadline={"kind": "weekday_of_previous_week", "weekday": 8, "time": "17:00"}),
     f"{MT}.topics.deadline.weekday", "8"),
    ("unknown post", set_in(meeting_type, roles__chair={"post": "emperor"}), f"{MT}.roles.chair.post", "emperor"),
    ("unknown member post", set_in(meeting_type, roles__members=[{"post": "director"}, {"post": "ghost"}]),
     f"{MT}.roles.members[1].post", "ghost"),
    ("unknown department", set_in(meeting_type, roles__organiser={"department": "nowhere"}),
     f"{MT}.roles.organiser.department", "nowhere"),
    ("unknown recorder post", set_in(meeting_type, roles__recorders={"count": 1, "post": "scribe"}),
     f"{MT}.roles.recorders.post", "scribe"),
    ("unknown minutes signer post", set_in(meeting_type, minutes__signer={"post": "regent"}),
     f"{MT}.minutes.signer.post", "regent"),
    ("role target with two kinds", set_in(meeting_type, roles__chair={"post": "director", "person": "张三"}),
     f"{MT}.roles.chair", "最多 1 项"),
    ("unknown holiday policy", set_in(meeting_type, cadence__holiday_policy="sometimes"),
     f"{MT}.cadence.holiday_policy", "sometimes"),
    ("bad time", set_in(meeting_type, cadence__time="25:00"), f"{MT}.cadence.time", "25:00"),
    ("scope cites a missing article", set_in(meeting_type, scope=[{"text": "x", "article": "a-nothere"}]),
     f"{MT}.scope[0].article", "a-nothere"),
    ("missing cadence", lambda data: meeting_type(data).pop("cadence"), f"{MT}.cadence", "必填"),
    ("unknown field", set_in(meeting_type, colour="red"), f"{MT}.colour", "未知字段"),
    ("bad slug", set_in(regulation, slug="Bad Slug"), "regulations[0].slug", "格式不对"),
    ("end before start", set_in(regulation, effective_until="2017-01-01"), "regulations[0].effective_until",
     "早于施行日期"),
    ("repealed without end", set_in(regulation, status="repealed"), "regulations[0].effective_until",
     "状态为 repealed 时必填"),
    ("bad date", set_in(regulation, effective_from="2017-02-30"), "regulations[0].effective_from", "2017-02-30"),
    ("unknown superseded regulation", set_in(regulation, supersedes="older-rules"), "regulations[0].supersedes",
     "older-rules"),
    ("two bodies", set_in(regulation, body="一、总则"), "regulations[0]", "不能同时给出 body 和 articles"),
    ("duplicate anchors", lambda data: regulation(data)["articles"][1].update(anchor="a-scope1"), "regulations[0]",
     "'a-scope1' 重复出现"),
    ("duplicate meeting type", lambda data: regulation(data)["meeting_types"].append(dict(meeting_type(data))),
     "regulations", "'office-meeting' 被定义了不止一次"),
    ("unknown parent department", lambda data: data["organisation"]["departments"][1].update(parent="board"),
     "organisation.departments[1].parent", "board"),
    ("calendar date twice", lambda data: data.update(calendar=[{"date": "2027-02-06", "workday": True}] * 2),
     "calendar", "2027-02-06 重复出现"),
    ("calendar entry without workday", lambda data: data.update(calendar=[{"date": "2027-02-06"}]),
     "calendar[0].workday", "必填"),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_each_error_names_its_path_and_reason(mutate, path, fragment):
    data = pack()
    mutate(data)
    errors = validate_pack(data)
    assert any(error.path == path and fragment in error.message for error in errors), errors


def test_the_sample_pack_is_valid():
    assert validate_pack(pack()) == []


def test_every_semantic_error_is_listed_at_once():
    data = pack()
    set_in(meeting_type, cadence__rrule="FREQ=NEVER", roles__chair={"post": "emperor"},
           materials={"deadline_workdays": 0, "distribution_workdays": 2})(data)
    paths = {error.path for error in validate_pack(data)}
    assert {f"{MT}.cadence.rrule", f"{MT}.roles.chair.post", f"{MT}.materials.distribution_workdays"} <= paths


def test_every_schema_error_is_listed_at_once():
    data = pack()
    set_in(meeting_type, decisions__quorum=2, cadence__time="noon")(data)
    set_in(regulation, numbering="roman")(data)
    paths = {error.path for error in validate_pack(data)}
    assert {f"{MT}.decisions.quorum", f"{MT}.cadence.time", "regulations[0].numbering"} <= paths


def test_yaml_keeps_times_and_dates_as_written():
    data = load_pack("regulations:\n  - {slug: a, title: T, effective_from: 2017-03-21}\nx: 15:00\n")
    assert data["x"] == "15:00" and data["regulations"][0]["effective_from"] == "2017-03-21"


def test_broken_yaml_names_the_line():
    with pytest.raises(PackInvalid) as raised:
        load_pack("regulations:\n  - slug: [unclosed\n")
    assert "line" in raised.value.errors[0].path and "不是有效的 YAML" in raised.value.errors[0].message
