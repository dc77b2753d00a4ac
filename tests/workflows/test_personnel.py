"""干部任免: each candidate voted on separately (同意 / 不同意 / 缓议), passing with more than half of the
members entitled to attend; deferral when views diverge; 复议 only with the consent of more than half
of the members — through the actions and the record page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.workflows.test_deliberation import sitting
from tests.workflows.test_record_admin import Admin
from yishi.workflows.deliberation import actions
from yishi.workflows.deliberation.models import Candidate, CandidateVote, Decision
from yishi.workflows.minutes.actions import compose


def personnel(present=10):
    org = sitting(present)  # 15 members; the rules' personnel quorum is two thirds: 10
    org.item_record = actions.open_record(org.meeting, actor=org.people.secretary.user, title="干部任免",
                                          matter="personnel")
    return org


def test_each_candidate_passes_with_more_than_half_of_the_members_entitled_to_attend(in_org_a):
    org = personnel()
    secretary = org.people.secretary.user
    with pytest.raises(ValidationError) as error:  # an ordinary item has no candidates
        actions.add_candidate(org.record, "张三", "审批科科长", actor=secretary)
    assert error.value.message_dict == {"record": ["只有干部任免事项逐个表决拟任人选"]}
    with pytest.raises(PermissionDenied):
        actions.add_candidate(org.item_record, "张三", "审批科科长", actor=org.people.outsider.user)
    zhang, li, wang = (actions.add_candidate(org.item_record, name, post, actor=secretary) for name, post in
                       (("张三", "审批科科长"), ("李四", "审批科副科长"), ("王五", "办公室副主任")))
    assert actions.vote_candidate(zhang, actor=secretary, agree=8, disagree=2).outcome == "appointed"
    # 7 of the 10 present is a majority of the room, not of the 15 entitled to attend.
    assert actions.vote_candidate(li, actor=secretary, agree=7, disagree=1, defer=2).outcome == "not_appointed"
    with pytest.raises(ValidationError) as error:
        actions.decide(org.item_record, actor=secretary, outcome="adopted", text="同意", method="show_of_hands",
                       votes_for=10)
    assert error.value.message_dict == {"record": ["拟任人选尚未逐个表决：王五"]}
    assert actions.vote_candidate(wang, actor=secretary, deferral=True).outcome == "deferred"
    again = actions.vote_candidate(wang, actor=secretary, agree=9, disagree=1)  # a deferred vote is taken later
    assert (again.round, again.outcome, again.reconsider_consent) == (2, "appointed", None)
    with pytest.raises(ValidationError) as error:
        actions.vote_candidate(li, actor=secretary, agree=9)
    assert error.value.message_dict == {"reconsider_consent": [
        "李四 已表决；复议须经超过半数成员（15 人中至少 8 人）同意"]}
    with pytest.raises(ValidationError):
        actions.vote_candidate(li, actor=secretary, agree=9, reconsider_consent=7)
    review = actions.vote_candidate(li, actor=secretary, agree=9, disagree=1, reconsider_consent=8)
    assert (review.round, review.outcome, review.reconsider_consent) == (2, "appointed", 8)
    with pytest.raises(ValidationError) as error:
        actions.vote_candidate(zhang, actor=secretary, agree=11, reconsider_consent=9)
    assert "超过到会人数 10" in error.value.message_dict["agree"][0]
    decision = actions.decide(org.item_record, actor=secretary, outcome="adopted", text="同意三名同志任职",
                              method="show_of_hands", votes_for=10)
    assert decision.quorum_required == 10
    assert "拟任人选 李四（审批科副科长）：通过" in compose(org.meeting)
    assert CandidateVote.objects.count() == 5


def test_candidates_are_not_voted_on_without_two_thirds_present(in_org_a):
    org = personnel(present=9)
    zhang = actions.add_candidate(org.item_record, "张三", "审批科科长", actor=org.people.secretary.user)
    with pytest.raises(ValidationError) as error:
        actions.vote_candidate(zhang, actor=org.people.secretary.user, agree=9)
    assert "须至少 10 人" in error.value.message_dict["meeting"][0] and not CandidateVote.objects.exists()


def test_the_secretary_records_candidates_on_the_record_page_and_others_are_refused(in_org_a, org_a):
    org = personnel()
    secretary, clerk = Admin(org_a, org.people.secretary.user), Admin(org_a, org.people.clerk.user)
    add = reverse("yishi_record_candidate", args=[org.meeting.pk])
    vote = reverse("yishi_record_candidate_vote", args=[org.meeting.pk])
    _response, messages = clerk.post(add, {"record": org.item_record.pk, "name": "张三", "proposed_post": "科长"})
    assert messages == ["只有会议记录人、办公室或主持人可以记录"] and not Candidate.objects.exists()
    _response, messages = secretary.post(add, {"record": org.item_record.pk, "name": "张三", "proposed_post": "科长"})
    assert messages == ["已添加拟任人选"]
    zhang = Candidate.objects.get()
    page = secretary.get(reverse("yishi_meeting_record", args=[org.meeting.pk])).content.decode()
    assert "拟任人选（逐个表决，以应到会成员超过半数同意形成决定）" in page and 'class="yishi-candidate-vote"' in page
    _response, messages = clerk.post(vote, {"candidate": zhang.pk, "agree": 9, "disagree": 1, "defer": 0})
    assert messages == ["只有会议记录人、办公室或主持人可以记录"] and not CandidateVote.objects.exists()
    _response, messages = secretary.post(vote, {"candidate": zhang.pk, "agree": 9, "disagree": 1, "defer": 0})
    assert messages == ["已记录人选表决"]
    _response, messages = secretary.post(vote, {"candidate": zhang.pk, "agree": 9, "disagree": 1, "defer": 0})
    assert messages[0].startswith("同意复议人数：张三 已表决")
    page = secretary.get(reverse("yishi_meeting_record", args=[org.meeting.pk])).content.decode()
    assert "通过（同意 9，不同意 1，缓议 0；应到 15 人，实到 10 人）" in page
    assert not Decision.objects.exists()
