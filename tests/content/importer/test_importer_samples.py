"""The two development samples (read from ../shared/samples): clean structure and the rules they state."""

import pytest

from yishi.content.importer import import_document

from .helpers import (
    assert_valid,
    flagged,
    meeting_type,
    packed,
    post_slug,
    rule_values,
    sample,
)

SERVICE_CENTRE = "service-centre-meeting-procedure-rules.txt"
BUREAU = "bureau-meeting-management-rules.txt"


@pytest.fixture(scope="module")
def centre():
    return import_document(sample(SERVICE_CENTRE))


@pytest.fixture(scope="module")
def bureau():
    return import_document(sample(BUREAU))


def all_text(result) -> str:
    import json

    return json.dumps(result.pack, ensure_ascii=False)


def test_centre_notice_is_split_into_its_two_regulations(centre):
    regulations = centre.pack["regulations"]
    assert [r["title"] for r in regulations] == [
        "郴州市政务服务中心管理处处务会议事规则", "郴州市政务服务中心主任办公会议事规则",
    ]
    assert all(r["status"] == "draft" and r["numbering"] == "cn_nested" for r in regulations)
    assert [len(r["articles"]) for r in regulations] == [5, 4]
    headings = [a.get("heading") for a in regulations[0]["articles"]]
    assert headings == ["议事范围", "会议组织", "会议议题", "会议组成人员", "议事程序"]
    procedure = regulations[0]["articles"][4]["clauses"]
    assert [len(clause.get("items", [])) for clause in procedure] == [0, 5, 3]
    assert procedure[1]["items"][2]["text"].startswith("一把手末位表态")  # number stripped
    assert_valid(centre.pack)


def test_centre_metadata_and_damage_are_flagged_not_guessed(centre):
    first = centre.pack["regulations"][0]
    assert first["issuing_body"] == "郴州市人民政府政务服务中心管理处"
    assert "document_number" not in first
    assert first["adopted_at"] == "2017年第3次处务会通过"
    assert first["effective_from"] == "2017-03-21"
    flags = {flag.field: flag for flag in centre.report.regulations[0].flags}
    assert flags["document_number"].candidates == ["郴政服发〔2017〕15号"]
    assert flags["issued"].candidates == ["2017-03-21"]


def test_centre_debris_is_dropped_and_reported(centre):
    text = all_text(centre)
    for debris in ("当前位置", "发布时间", "双击滚屏", "相关文档", "打印本页", "关闭窗口"):
        assert debris not in text
    reasons = {reason for _, reason in centre.report.dropped}
    assert {"导航", "页面信息", "页面按钮"} <= reasons
    report = centre.report.render_text()
    assert "已删除的网页杂项" in report and "当前位置" in report


def test_centre_rules_of_the_director_office_style_meeting(centre):
    council = meeting_type(centre, "处务会")
    data = packed(centre, "处务会")
    director = post_slug(centre, "主任")
    assert data["roles"]["chair"] == {"post": director}
    assert data["attendance"]["leave_approver"] == {"post": director}
    assert data["decisions"]["chair_speaks_last"] is True
    assert data["decisions"]["decision_rule"] == "majority_of_members"
    assert data["notice"]["lead_workdays"] == 1
    assert {"post": post_slug(centre, "科室负责人")} in data["roles"]["members"]
    assert len(data["scope"]) == 6 and data["scope"][0]["article"] == "art-1"
    deadline = rule_values(council, "topics.deadline")
    assert deadline == [{"kind": "month_day", "day": 25, "time": None}]
    speaks_last = [rule for rule in council.rules if rule.field == "decisions.chair_speaks_last"]
    assert any("一把手末位表态" in rule.source for rule in speaks_last)
    # "原则上每月…一般月底…可随时召开" is a principle with exceptions: flagged with readings
    principle = [f for f in flagged(council, "cadence.rrule") if "原则性" in f.message]
    assert principle and "按需临时召开" in principle[0].candidates
    assert data["cadence"]["ad_hoc_allowed"] is True


def test_centre_second_meeting_has_members_and_observers(centre):
    data = packed(centre, "主任办公会")
    assert {"post": post_slug(centre, "科室负责人")} in data["roles"]["observers"]
    assert {"post": post_slug(centre, "科室负责人")} not in data["roles"]["members"]
    assert data["decisions"]["decision_rule"] == "majority_of_present"
    assert data["cadence"]["time"] == "15:00"  # 星期五下午: a placeholder for 下午, flagged
    assert any("下午" in flag.candidates for flag in flagged(meeting_type(centre, "主任办公会"), "cadence.time"))


def test_centre_month_end_meeting_takes_topics_by_the_25th_of_the_same_month(centre):
    council = packed(centre, "处务会")
    assert "FREQ=MONTHLY" in council["cadence"]["rrule"]
    assert council["topics"]["deadline"] == {"kind": "day_of_month", "day": 25, "time": "17:00"}


def test_centre_weekly_meeting_on_friday_afternoon(centre):
    office = packed(centre, "主任办公会")  # 每周召开1次，一般星期五下午召开
    assert "FREQ=WEEKLY" in office["cadence"]["rrule"] and "FR" in office["cadence"]["rrule"]


def test_bureau_bundle_is_two_regulations_without_site_text(bureau):
    regulations = bureau.pack["regulations"]
    assert len(regulations) == 2
    assert [len(r["articles"]) for r in regulations] == [6, 4]
    assert regulations[0]["slug"] != regulations[1]["slug"]
    assert [a["heading"] for a in regulations[0]["articles"]][:3] == ["党组会议制度", "主任办公会制度", "周例会制度"]
    kinds = regulations[1]["articles"][0]["clauses"]
    assert [clause["text"] for clause in kinds][:2] == ["局党委会;", "局长办公会;"]  # inline list split
    text = all_text(bureau)
    for debris in ("小编", "t7t8", "转载", "更新时间", "您当前的位置", "制度_"):
        assert debris not in text
    assert_valid(bureau.pack)


def test_bureau_meeting_types_and_rules(bureau):
    first = [t.name for t in bureau.report.regulations[0].meeting_types]
    assert first == ["党组会议", "主任办公会", "周例会", "科务会", "系统工作会议", "总结表彰大会"]
    second = [t.name for t in bureau.report.regulations[1].meeting_types]
    assert second[:3] == ["局党委会", "局长办公会", "局务会"] and len(second) == 7

    weekly = meeting_type(bureau, "周例会")
    assert "09:30" in rule_values(weekly, "cadence.time")
    assert packed(bureau, "周例会")["cadence"]["time"] == "09:30"
    assert rule_values(weekly, "materials.deadline") == [{"kind": "weekday", "weekday": 5, "time": "15:00"}]
    assert packed(bureau, "周例会")["roles"]["chair"] == {"post": post_slug(bureau, "值班领导")}

    office = meeting_type(bureau, "主任办公会")
    assert rule_values(office, "topics.deadline")[0]["days"] == 2  # 会议召开前两天
    assert packed(bureau, "主任办公会")["topics"]["deadline"]["kind"] == "workdays_before"
    assert packed(bureau, "科务会")["roles"]["chair"] == {"post": post_slug(bureau, "科长")}

    # a general clause of the second part applies to every meeting type it lists
    for name in second:
        assert packed(bureau, name)["attendance"]["arrive_early_minutes"] == 10
    # 向主持人请假 / 一把手须报告局长同意: two approvers, a person decides
    approvers = flagged(meeting_type(bureau, "局务会"), "attendance.leave_approver")
    assert approvers and {"主持人", "局长"} <= set(approvers[0].candidates)
    assert "leave_approver" not in packed(bureau, "局务会").get("attendance", {})
    # 副局长或股室负责人主持: alternatives are not chosen
    assert "chair" not in packed(bureau, "基层业务工作会").get("roles", {})
    assert flagged(meeting_type(bureau, "基层业务工作会"), "roles.chair")


def test_bureau_system_meeting_is_flagged_as_principle(bureau):
    system = meeting_type(bureau, "系统工作会议")
    assert any("每年6月的最后一周" in rule.value for rule in system.rules if rule.field == "cadence.phrase")
    assert any("原则性" in flag.message for flag in flagged(system, "cadence.rrule"))


def test_report_renders_rules_with_their_sentences(bureau):
    text = bureau.report.render_text()
    assert "制度 2 项" in text
    assert "会议类型：周例会" in text
    assert "原文：「周例会每周召开一次" in text
    assert "⚑ 待核对" in text
