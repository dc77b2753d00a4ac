"""What a portal reads beyond the contract: regulations (filters, as of a date, structured body,
history), meeting types' rules, meetings' published outcomes, the supervision board, the structure."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from tests.graphql.helpers import ALL_SCOPES, body_of, data_of, global_id, invite, issue_key, post
from tests.graphql.sentinels import SENTINEL_DAY, seed, seed_outcome
from tests.graphql.test_nodes import host_client_signed_in
from yishi.content.packs import apply_pack
from yishi.graphql.keys.models import Scope
from yishi.tenants.structure.models import Department, Post
from yishi.workflows.agenda.models import Agenda
from yishi.workflows.deliberation.models import Decision
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem, ProgressReport

RULES = "office-meeting-rules"


def publish(organisation, *changes) -> None:
    """The test pack, then each change as a later publication (dicts merged into the regulation)."""
    with tenant_context(organisation):
        data = pack()
        data["regulations"][0]["meeting_types"][0]["confidentiality"] = "public"
        apply_pack(data)
        for change in changes:
            data["regulations"][0].update(change)
            apply_pack(data)


def test_a_regulation_as_of_a_date_has_the_text_body_and_history_of_then(org_a, client_a):
    publish(org_a, {"effective_from": "2026-04-01", "document_number": "测政服发〔2026〕2号",
                    "articles": [*pack()["regulations"][0]["articles"][:1],
                                 {"anchor": "a-organ1", "heading": "会议组织", "text": "会议每两周召开一次。"}]})
    query = """query ($asOf: Date) { regulation(slug: "office-meeting-rules", asOf: $asOf) {
      documentNumber text body { kind number heading text anchor depth parentAnchor }
      revisions { documentNumber effectiveFrom effectiveUntil publishedAt } } }"""
    then = data_of(post(client_a, query, {"asOf": "2026-03-31"}))["regulation"]
    assert then["documentNumber"] == "测政服发〔2017〕15号" and "原则上每月召开一次" in then["text"]
    assert then["body"] == [
        {"kind": "article", "number": "一、", "heading": "议事范围", "text": "会议研究下列事项：", "anchor": "a-scope1",
         "depth": 0, "parentAnchor": None},
        {"kind": "item", "number": "（一）", "heading": "", "text": "传达上级文件精神", "anchor": "a-scope1-1-1",
         "depth": 1, "parentAnchor": "a-scope1"},
        {"kind": "item", "number": "（二）", "heading": "", "text": "研究重大问题", "anchor": "a-scope1-1-2",
         "depth": 1, "parentAnchor": "a-scope1"},
        {"kind": "article", "number": "二、", "heading": "会议组织",
         "text": "会议由主任召集并主持，原则上每月召开一次。", "anchor": "a-organ1", "depth": 0, "parentAnchor": None},
    ]
    assert [(r["documentNumber"], r["effectiveFrom"], r["effectiveUntil"]) for r in then["revisions"]] == [
        ("测政服发〔2017〕15号", "2017-03-21", "2026-03-31"), ("测政服发〔2026〕2号", "2026-04-01", None)]
    now = data_of(post(client_a, query, {"asOf": "2026-04-01"}))["regulation"]
    assert now["body"][-1]["text"] == "会议每两周召开一次。" and now["revisions"] == then["revisions"]
    assert data_of(post(client_a, query))["regulation"]["body"] == now["body"]  # the live one
    assert data_of(post(client_a, query, {"asOf": "2017-03-20"}))["regulation"] is None


def test_regulations_filter_by_status_and_by_a_chinese_substring(org_a, client_a):
    publish(org_a)
    with tenant_context(org_a):
        data = pack()
        data["regulations"][0].update(slug="draft-rules", title="督查督办办法（草案）", status="draft",
                                      meeting_types=[])
        data["regulations"].append({**pack()["regulations"][0], "slug": "old-rules", "title": "旧议事规则",
                                    "status": "repealed", "effective_until": "2020-01-01", "meeting_types": []})
        apply_pack(data)
    slugs = """query ($status: [RegulationStatus!], $search: String) {
      regulations(status: $status, search: $search) { slug } }"""

    def found(variables, key=None):
        return sorted(r["slug"] for r in data_of(post(client_a, slugs, variables, key=key))["regulations"])

    assert found({}) == [RULES, "old-rules"]  # drafts never by default
    assert found({"status": ["REPEALED"]}) == ["old-rules"]
    refused = body_of(post(client_a, slugs, {"status": ["DRAFT"]}))["errors"][0]
    assert refused["extensions"] == {"code": "FORBIDDEN", "field": "status"} and "read_internal" in refused["message"]
    internal = issue_key(org_a, [Scope.READ_PUBLIC, Scope.READ_INTERNAL])
    assert found({"status": ["DRAFT"]}, internal) == ["draft-rules"]
    # A word inside a sentence of the text, in the title, in the document number; nothing else.
    assert found({"search": "上级文件"}) == [RULES, "old-rules"]
    assert found({"search": "旧议事"}) == ["old-rules"]
    assert found({"search": "〔2017〕15"}) == [RULES, "old-rules"]
    assert found({"search": "草案"}) == []
    assert found({"search": "草案", "status": ["DRAFT"]}, internal) == ["draft-rules"]
    error = body_of(post(client_a, slugs, {"search": "  "}))["errors"][0]
    assert error["extensions"]["field"] == "search"
    in_force = """{ regulations(inForceOn: "2021-01-01", search: "上级文件") { slug } }"""
    assert data_of(post(client_a, in_force))["regulations"] == [{"slug": RULES}]  # old-rules ended in 2020
    draft_by_slug = '{ regulation(slug: "draft-rules") { slug } }'
    assert data_of(post(client_a, draft_by_slug))["regulation"] is None
    assert data_of(post(client_a, draft_by_slug, key=internal))["regulation"] == {"slug": "draft-rules"}


def test_meeting_types_serve_their_rules_without_naming_people(org_a, client_a):
    with tenant_context(org_a):
        data = pack()
        meeting_type = data["regulations"][0]["meeting_types"][0]
        meeting_type["confidentiality"] = "public"
        meeting_type["roles"]["observers"] = [{"person": "张三"}, {"department": "approvals"}]
        meeting_type["minutes"]["signer"] = {"post": "deputy-director"}
        apply_pack(data)
    query = """{ meetingTypes(inForceOn: "2026-03-02") { scope { text article }
      roles { chair { kind slug name } members { slug name } observers { kind slug name } recorders { count post } }
      topics { deadline { kind day time } } notice { leadWorkdays }
      attendance { leaveLeadHours leaveApprover { kind } } minutes { required reviewer { name } signer { name } }
      decisions { quorum quorumRules { matter fraction } chairSpeaksLast votingMethods }
      followUp { requireOwner } } }"""
    (rules,) = data_of(post(client_a, query))["meetingTypes"]
    assert rules["scope"] == [{"text": "研究重大问题", "article": "a-scope1"}]
    assert rules["roles"]["chair"] == {"kind": "post", "slug": "director", "name": "主任"}
    assert rules["roles"]["members"] == [{"slug": "director", "name": "主任"},
                                         {"slug": "deputy-director", "name": "副主任"}]
    assert rules["roles"]["observers"] == [{"kind": "person", "slug": None, "name": None},
                                           {"kind": "department", "slug": "approvals", "name": "审批科"}]
    assert rules["roles"]["recorders"] == {"count": 1, "post": "secretary"}
    assert rules["topics"]["deadline"] == {"kind": "day_of_month", "day": 20, "time": "17:00"}
    assert rules["decisions"]["quorum"] == 0.5 and rules["decisions"]["quorumRules"] == [
        {"matter": "personnel", "fraction": 2 / 3}]
    assert rules["minutes"]["reviewer"] == {"name": "主任"}
    assert rules["minutes"]["signer"] == {"name": "副主任"}
    assert "张三" not in str(rules)


OUTCOMES = """query ($status: [MeetingStatus!]) {
  meetingsConnection(from: "2026-03-01", to: "2026-03-31", status: $status, first: 20) {
  totalCount edges { node { name agenda { state items { position title kind } }
  minutes { number title body signedOn signOff }
  decisions { title text outcome } actionItems { title department { name } light progress state } } } } }"""


def outcomes(client, key=None, variables=None) -> dict:
    connection_ = data_of(post(client, OUTCOMES, variables, key=key))["meetingsConnection"]
    return {edge["node"]["name"]: edge["node"] for edge in connection_["edges"]}


def test_published_outcomes_of_meetings_the_caller_may_see_and_never_a_confidential_one(org_a, client_a):
    seed(org_a)
    public = outcomes(client_a)
    assert set(public) == {"甲哨兵会"}
    meeting = public["甲哨兵会"]
    assert meeting["agenda"] == {"state": "approved", "items": [{"position": 1, "title": "甲哨兵会议程事项",
                                                                "kind": "standing"}]}
    assert meeting["minutes"] == {"number": "甲哨兵会〔2026〕1号", "title": "甲哨兵会纪要", "body": "甲哨兵会纪要正文",
                                  "signedOn": "2026-03-20", "signOff": "同意印发。——甲哨兵会主任 2026年3月20日"}
    assert meeting["decisions"] == [{"title": "甲哨兵会议题", "text": "甲哨兵会决定", "outcome": "adopted"}]
    assert meeting["actionItems"] == [{"title": "甲哨兵会督办事项", "department": {"name": "甲哨兵督查科"},
                                       "light": "GREEN" if dt.date.today() < dt.date(2026, 4, 20) else "RED",
                                       "progress": None, "state": "assigned"}]
    internal_key = issue_key(org_a, ALL_SCOPES)
    internal = outcomes(client_a, internal_key)
    assert set(internal) == {"甲哨兵会", "甲内部哨兵会"}
    assert internal["甲内部哨兵会"]["minutes"]["title"] == "甲内部哨兵会纪要"
    # Signed in, a confidential meeting is listed only to its invitees (and the roles its rules name) …
    assert "甲绝密哨兵会" not in outcomes(host_client_signed_in(org_a))
    invite(org_a, "alice", "甲绝密哨兵会")
    # … and even to them its outcome stays out of the API.
    signed_in = outcomes(host_client_signed_in(org_a))
    secret = signed_in["甲绝密哨兵会"]
    assert secret["agenda"] is None and secret["minutes"] is None
    assert secret["decisions"] == [] and secret["actionItems"] == []
    for answer in (public, internal, signed_in):
        assert "绝密哨兵会议程" not in str(answer) and "绝密哨兵会纪要" not in str(answer)
    assert set(outcomes(client_a, internal_key, {"status": ["PLANNED", "HELD"]})) == set(internal)
    assert set(outcomes(client_a, internal_key, {"status": ["CANCELLED"]})) == set()


def test_nothing_is_published_before_approval_and_issue(org_a, client_a):
    seed(org_a)
    with tenant_context(org_a):
        Agenda.objects.filter(meeting__name="甲哨兵会").update(state=Agenda.State.SIGNED_OFF)
        Minutes.objects.filter(meeting__name="甲哨兵会").update(issued_at=None)
    meeting = outcomes(client_a)["甲哨兵会"]
    assert meeting["agenda"] is None and meeting["minutes"] is None
    assert meeting["decisions"] == [] and meeting["actionItems"] == []


def test_the_supervision_board_counts_lights_per_department_without_names(org_a, client_a):
    seed(org_a)
    with tenant_context(org_a):
        item = ActionItem.objects.get(title="甲哨兵会督办事项")
        ProgressReport.objects.create(item=item, text="内部细节", percent=60)
        ActionItem.objects.create(meeting=item.meeting, title="逾期事项", owner_department=item.owner_department,
                                  due_date=dt.date(2020, 1, 1), meeting_type_slug=item.meeting_type_slug)
    query = """{ supervisionBoard { today departments { department green yellow red done total }
      items(first: 10) { totalCount edges { node { title light progress } } } } }"""
    board = data_of(post(client_a, query))["supervisionBoard"]
    (row,) = board["departments"]
    assert row["department"] == "甲哨兵督查科" and row["total"] == 2 and row["red"] >= 1
    titles = [edge["node"]["title"] for edge in board["items"]["edges"]]
    assert titles[0] == "逾期事项" and board["items"]["edges"][0]["node"]["light"] == "RED"
    assert board["items"]["totalCount"] == 2 and "内部细节" not in str(board)
    assert {edge["node"]["progress"] for edge in board["items"]["edges"]} == {None, 60}


def test_the_structure_lists_departments_and_posts_and_no_one(org_a, client_a):
    publish(org_a)
    query = "{ departments { slug name parent { slug } } posts { slug name department { name } } }"
    data = data_of(post(client_a, query))
    assert data["departments"] == [{"slug": "office", "name": "办公室", "parent": None},
                                   {"slug": "approvals", "name": "审批科", "parent": {"slug": "office"}}]
    assert {"slug": "secretary", "name": "秘书", "department": {"name": "办公室"}} in data["posts"]


@pytest.mark.parametrize("query", [
    "{ departments { name parent { name } } posts { name department { name } } }",
    """{ meetingsConnection(from: "2026-01-01", to: "2026-12-31", first: 20) { edges { node { meetingType { slug }
       agenda { items { title } } minutes { title } decisions { text }
       actionItems { title department { name } light } } } }
       supervisionBoard { departments { total } items(first: 20) { edges { node { title } } } } }""",
    """{ regulations { revisions { effectiveFrom } } meetingTypes { roles { chair { name } members { name } } } }""",
])
def test_new_list_fields_take_a_constant_number_of_queries(org_a, org_b, client_a, client_b, query):
    counts = []
    for organisation, client, total in ((org_a, client_a, 2), (org_b, client_b, 12)):
        for n in range(total):
            seed_copy(organisation, n)
        post(client, query)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            data_of(post(client, query))
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def seed_copy(organisation, n: int) -> None:
    """One more regulation with a public meeting type, a department, a post and a published meeting."""
    with tenant_context(organisation):
        data = pack()
        regulation = data["regulations"][0]
        regulation.update(slug=f"rules-{n}", title=f"规则{n}")
        regulation["meeting_types"][0].update(slug=f"type-{n}", confidentiality="public")
        apply_pack(data)
        department = Department.objects.create(slug=f"dept-{n}", name=f"科室{n}",
                                               parent=Department.objects.get(slug="office"))
        Post.objects.create(slug=f"post-{n}", name=f"岗位{n}", department=department)
        day = SENTINEL_DAY + dt.timedelta(days=n)
        starts = dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=8)))
        meeting = Meeting.objects.create(meeting_type_slug=f"type-{n}", name=f"会议{n}", rule_date=day, date=day,
                                         starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
                                         confidentiality="public")
        seed_outcome(meeting, department)


NODE = """query ($id: ID!) { node(id: $id) { __typename
  ... on Minutes { title } ... on Decision { text } ... on ActionItem { title } ... on Department { name } } }"""


def test_outcomes_by_global_id_follow_the_same_rules(org_a, client_a):
    seed(org_a)
    with tenant_context(org_a):
        ids = {(kind, meeting): global_id(org_a, kind, model.objects.get(meeting__name=meeting).pk)
               for kind, model in (("Minutes", Minutes), ("Decision", Decision), ("ActionItem", ActionItem))
               for meeting in ("甲哨兵会", "甲内部哨兵会", "甲绝密哨兵会")}
        department = global_id(org_a, "Department", "jia-sentinel-dept")

    def node(global_id_, client=client_a, key=None):
        return data_of(post(client, NODE, {"id": global_id_}, key=key))["node"]

    internal_key = issue_key(org_a, ALL_SCOPES)
    signed_in = host_client_signed_in(org_a)
    for kind in ("Minutes", "Decision", "ActionItem"):
        assert node(ids[kind, "甲哨兵会"])["__typename"] == kind
        assert node(ids[kind, "甲内部哨兵会"]) is None
        assert node(ids[kind, "甲内部哨兵会"], key=internal_key)["__typename"] == kind
        assert node(ids[kind, "甲绝密哨兵会"], key=internal_key) is None
        assert node(ids[kind, "甲绝密哨兵会"], client=signed_in) is None
    assert node(department) == {"__typename": "Department", "name": "甲哨兵督查科"}
    with tenant_context(org_a):
        Minutes.objects.filter(meeting__name="甲哨兵会").update(issued_at=None)
    assert all(node(ids[kind, "甲哨兵会"]) is None for kind in ("Minutes", "Decision", "ActionItem"))
