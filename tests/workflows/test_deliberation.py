"""Deliberation: chair speaks last, quorum from the frozen sheet, vote counting, outcomes, action items."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from tests.workflows.decision_setup import make_person, setup_organisation
from yishi import content
from yishi.workflows.agenda.models import AgendaItem, Topic
from yishi.workflows.attendance.actions import freeze_attendance, invite, sign_in
from yishi.workflows.deliberation import actions
from yishi.workflows.deliberation.models import Decision, ItemRecord, Opinion
from yishi.workflows.supervision.actions import Assignment
from yishi.workflows.supervision.models import ActionItem

MEMBERS = [{"post": "director"}, {"post": "deputy-director"}, {"department": "approvals"}]


def sitting(present: int, *, extra: int = 11, rule="majority_of_present", chair_last=True,
            methods=("show_of_hands", "no_objection", "roll_call")):
    """15 members (chair, deputy, 13 in 审批科); the first `present` of them signed in; frozen."""
    org = setup_organisation(roles={"chair": {"post": "director"}, "organiser": {"department": "office"},
                                    "members": MEMBERS, "recorders": {"count": 1, "post": "secretary"}},
                             decisions={"quorum": "1/2", "quorum_rules": [{"matter": "personnel", "fraction": "2/3"}],
                                        "decision_rule": rule, "chair_speaks_last": chair_last,
                                        "voting_methods": list(methods)})
    for n in range(extra):
        make_person(f"科员{n + 1:02d}", department=org.approvals)
    invitations = invite(org.meeting)
    members = [i for i in invitations if i.role == "member"]
    assert len(members) == 15
    for invitation in members[:present]:  # the chair first
        sign_in(invitation, by=org.people.secretary.user)
    freeze_attendance(org.meeting)
    org.present = [i.person for i in members[:present]]
    org.record = actions.open_record(org.meeting, actor=org.people.secretary.user, title="窗口人员调整",
                                     summary="办公室汇报调整方案")
    return org


def test_the_chair_speaks_last(in_org_a):
    org = sitting(8)
    chair = org.people.director
    others = [p for p in org.present if p != chair]
    secretary = org.people.secretary.user
    actions.state_opinion(org.record, others[0], "agree", actor=secretary)
    with pytest.raises(ValidationError) as error:
        actions.state_opinion(org.record, chair, "agree", actor=secretary)
    message = error.value.message_dict["person"][0]
    assert message.startswith("主持人须最后表态：") and others[1].name in message and others[0].name not in message
    for person in others[1:]:
        actions.state_opinion(org.record, person, "amend" if person == others[2] else "agree",
                              "建议明确时间表" if person == others[2] else "", actor=secretary)
    actions.state_opinion(org.record, chair, "agree", "同意", actor=secretary)
    with pytest.raises(ValidationError):
        actions.state_opinion(org.record, others[0], "against", "再议", actor=secretary)  # already spoken
    opinions = list(Opinion.objects.filter(record=org.record))
    assert [o.order for o in opinions] == list(range(1, 9))
    assert opinions[-1].person == chair and opinions[-1].is_chair


def test_without_the_rule_the_chair_may_speak_first(in_org_a):
    org = sitting(8, chair_last=False)
    assert actions.state_opinion(org.record, org.people.director, "agree", actor=org.people.secretary.user).order == 1


def test_opinions_need_a_reason_to_object_and_a_recorder(in_org_a):
    org = sitting(8)
    with pytest.raises(ValidationError) as error:
        actions.state_opinion(org.record, org.present[1], "against", actor=org.people.secretary.user)
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.state_opinion(org.record, org.present[1], "agree", actor=org.people.clerk.user)
    assert not Opinion.objects.exists()


def test_a_decision_without_quorum_is_refused_with_the_numbers(in_org_a):
    org = sitting(7)
    ItemRecord.objects.filter(pk=org.record.pk).update(matter="personnel")
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=org.people.secretary.user, outcome="adopted", text="同意调整",
                       method="show_of_hands", votes_for=7)
    assert error.value.message_dict["meeting"] == [
        "未达到法定人数：应到 15 人，实到 7 人，须至少 10 人（7 of 15 present, 10 required）"]
    ItemRecord.objects.filter(pk=org.record.pk).update(matter="")  # an ordinary matter: half, so 8
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=org.people.secretary.user, outcome="adopted", text="同意调整",
                       method="show_of_hands", votes_for=7)
    assert "须至少 8 人" in error.value.message_dict["meeting"][0]
    assert not Decision.objects.exists()


def test_majority_of_present(in_org_a):
    org = sitting(10)
    decision = actions.decide(org.record, actor=org.people.secretary.user, outcome="adopted", text="同意调整",
                              method="show_of_hands", votes_for=6, votes_against=3, votes_abstain=1)
    assert (decision.votes_for, decision.present, decision.members, decision.quorum_required) == (6, 10, 15, 8)


def test_majority_of_members(in_org_a):
    org = sitting(10, rule="majority_of_members")
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=org.people.secretary.user, outcome="adopted", text="同意调整",
                       method="show_of_hands", votes_for=7, votes_against=3)
    assert error.value.message_dict["outcome"] == ["同意 7 票，未超过应到成员 15 人的半数，不能通过"]
    decision = actions.decide(org.record, actor=org.people.secretary.user, outcome="rejected", text="不同意调整",
                              method="show_of_hands", votes_for=7, votes_against=3)
    assert decision.outcome == "rejected"


def test_votes_are_checked_against_the_room(in_org_a):
    org = sitting(10)
    secretary = org.people.secretary.user
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="show_of_hands",
                       votes_for=9, votes_against=2)
    assert "超过到会人数 10" in error.value.message_dict["votes_for"][0]
    with pytest.raises(ValidationError):
        actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="no_objection",
                       objections=1)
    ballots = {person: "for" if n < 5 else "against" for n, person in enumerate(org.present)}
    with pytest.raises(ValidationError) as error:  # 5 of 10 is not more than half
        actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="roll_call", ballots=ballots)
    decision = actions.decide(org.record, actor=secretary, outcome="rejected", text="未通过", method="roll_call",
                              ballots=ballots)
    assert (decision.votes_for, decision.votes_against, decision.ballots.count()) == (5, 5, 10)


def test_adopted_work_becomes_action_items_or_nothing_is_written(in_org_a):
    org = sitting(10)
    secretary = org.people.secretary.user
    good = Assignment("拟定调整方案", org.approvals, org.people.clerk, org.people.deputy, due_workdays=5)
    bad = Assignment("征求意见", org.approvals, None, due_workdays=None)
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="no_objection",
                       assignments=[good, bad])
    assert set(error.value.message_dict) == {"assignments[1].owner", "assignments[1].due_date"}
    assert not Decision.objects.exists() and not ActionItem.objects.exists()
    decision = actions.decide(org.record, actor=secretary, outcome="amended", text="修改后同意",
                              method="no_objection", assignments=[good])
    item = ActionItem.objects.get()
    assert (item.decision, item.owner, item.due_date) == (decision, org.people.clerk, dt.date(2025, 10, 10))
    assert decision.votes_for == 10


def test_a_deferred_topic_gets_a_research_assignment_and_returns(in_org_a):
    org = sitting(10)
    topic = Topic.objects.create(meeting_type_slug="office-meeting", title="窗口人员调整", state="placed",
                                 meeting=org.meeting)
    agenda_item = AgendaItem.objects.create(meeting=org.meeting, position=1, topic=topic, title=topic.title)
    record = actions.open_record(org.meeting, actor=org.people.secretary.user, agenda_item=agenda_item)
    with pytest.raises(ValidationError) as error:
        actions.decide(record, actor=org.people.secretary.user, outcome="deferred", text="暂缓")
    assert set(error.value.message_dict) == {"research_assignee", "research_task", "research_due"}
    decision = actions.decide(record, actor=org.people.secretary.user, outcome="deferred", text="暂缓，调研后再议",
                              research=actions.Research(org.people.deputy, "调研周边县区做法", dt.date(2025, 10, 31)))
    topic.refresh_from_db()
    assert (topic.state, topic.research_due) == ("deferred", dt.date(2025, 10, 31))
    assert decision.research_assignee == org.people.deputy


def test_a_decision_needs_a_frozen_sheet_and_stays_in_its_organisation(in_org_a, org_b):
    org = setup_organisation()
    record = actions.open_record(org.meeting, actor=org.people.secretary.user, title="议题")
    with pytest.raises(ValidationError) as error:
        actions.decide(record, actor=org.people.secretary.user, outcome="adopted", text="同意", method="no_objection")
    assert error.value.message_dict["meeting"] == ["考勤尚未冻结，不能表决"]
    with tenant_context(org_b):
        assert not ItemRecord.objects.exists()


def test_the_voting_methods_are_those_the_pack_schema_allows():
    schema = json.loads((Path(content.__file__).parent / "packs" / "pack.schema.json").read_text())
    methods = schema["$defs"]["meeting_type"]["properties"]["decisions"]["properties"]["voting_methods"]
    assert set(methods["items"]["enum"]) == set(Decision.Method.values)


def test_a_method_the_rules_do_not_allow_is_refused_by_label(in_org_a):
    org = sitting(10)
    with pytest.raises(ValidationError) as error:
        actions.decide(org.record, actor=org.people.secretary.user, outcome="adopted", text="同意",
                       method="secret_ballot", votes_for=6)
    assert error.value.message_dict["method"] == ["本会议规则的表决方式为：举手表决、无异议通过、逐一表决"]


def test_a_matter_outside_the_rules_is_refused(in_org_a):
    org = sitting(10)
    with pytest.raises(ValidationError) as error:
        actions.open_record(org.meeting, actor=org.people.secretary.user, title="议题", matter="finance")
    assert error.value.message_dict == {"matter": ["本会议规则没有“finance”类事项"]}
    record = actions.open_record(org.meeting, actor=org.people.secretary.user, title="任免", matter="personnel")
    assert record.matter == "personnel"
