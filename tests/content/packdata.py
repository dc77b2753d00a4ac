"""A small pack for content tests, built fresh for each test so tests can change it."""

import copy

PACK = {
    "organisation": {
        "departments": [
            {"slug": "office", "name": "办公室"},
            {"slug": "approvals", "name": "审批科", "parent": "office"},
        ],
        "posts": [
            {"slug": "director", "name": "主任"},
            {"slug": "deputy-director", "name": "副主任"},
            {"slug": "secretary", "name": "秘书", "department": "office"},
        ],
    },
    "regulations": [
        {
            "slug": "office-meeting-rules",
            "title": "处务会议事规则",
            "document_number": "测政服发〔2017〕15号",
            "issuing_body": "测试中心管理处",
            "adopted_at": "2017年第3次处务会审议通过",
            "effective_from": "2017-03-21",
            "numbering": "cn_nested",
            "articles": [
                {"anchor": "a-scope1", "heading": "议事范围", "text": "会议研究下列事项：",
                 "clauses": [{"items": [{"text": "传达上级文件精神"}, {"text": "研究重大问题"}]}]},
                {"anchor": "a-organ1", "heading": "会议组织", "text": "会议由主任召集并主持，原则上每月召开一次。"},
            ],
            "meeting_types": [
                {
                    "slug": "office-meeting",
                    "name": "处务会",
                    "category": "executive",
                    "scope": [{"text": "研究重大问题", "article": "a-scope1"}],
                    "cadence": {"rrule": "FREQ=MONTHLY;BYDAY=-1FR", "time": "15:00", "duration_minutes": 120,
                                "holiday_policy": "previous_workday", "location": "三楼会议室"},
                    "roles": {"chair": {"post": "director"}, "organiser": {"department": "office"},
                              "members": [{"post": "director"}, {"post": "deputy-director"}],
                              "recorders": {"count": 1, "post": "secretary"}},
                    "topics": {"deadline": {"kind": "day_of_month", "day": 20, "time": "17:00"}},
                    "decisions": {"quorum": "1/2", "quorum_rules": [{"matter": "personnel", "fraction": "2/3"}]},
                    "minutes": {"reviewer": {"post": "director"}},
                },
            ],
        },
    ],
}


def pack() -> dict:
    return copy.deepcopy(PACK)
