"""The members' own part of a sitting: secret ballot from their own account, 回避 per agenda item,
书面意见 from members on leave — through the actions and through the admin pages as each person goes,
with a user who must be refused each time."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.workflows.test_deliberation import sitting
from tests.workflows.test_record_admin import Admin
from yishi.tenants.structure.groups import group
from yishi.workflows.agenda.actions import visible_attachments
from yishi.workflows.agenda.models import Agenda, AgendaItem, Topic, TopicAttachment
from yishi.workflows.attendance.models import LeaveRequest
from yishi.workflows.core.statemachine import TransitionForbidden
from yishi.workflows.deliberation import actions
from yishi.workflows.deliberation.models import (
    Candidate,
    CandidateVote,
    Decision,
    ItemRecord,
    Poll,
    PollVoter,
    Recusal,
    WrittenOpinion,
)
from yishi.workflows.minutes.actions import compose
from yishi.workflows.scheduling.models import Meeting

SECRET = ("show_of_hands", "secret_ballot")


def in_session(org):
    Meeting.objects.filter(pk=org.meeting.pk).update(status=Meeting.Status.IN_SESSION)
    org.meeting.refresh_from_db()
    return org


def with_item(org, title="张某某任职"):
    """An agenda item with a topic and its attachment, and its record."""
    topic = Topic.objects.create(meeting_type_slug="office-meeting", title=title, state="placed", meeting=org.meeting)
    org.attachment = TopicAttachment.objects.create(topic=topic, file=SimpleUploadedFile("考察材料.pdf", b"%PDF-1.4"))
    org.item = AgendaItem.objects.create(meeting=org.meeting, position=1, topic=topic, title=title)
    org.item_record = actions.open_record(org.meeting, actor=org.people.secretary.user, agenda_item=org.item)
    return org


def on_leave(org):
    """An absent member (not signed in) with approved leave."""
    invitation = org.meeting.invitations.filter(role="member").exclude(person__in=org.present).first()
    LeaveRequest.objects.create(invitation=invitation, reason="赴省参加培训", state=LeaveRequest.State.APPROVED,
                                requested_at=timezone.now())
    return invitation.person


def test_a_secret_ballot_is_cast_by_each_member_and_counted_when_the_chair_closes(in_org_a):
    org = in_session(sitting(10, methods=SECRET))
    secretary, chair = org.people.secretary.user, org.people.director.user
    with pytest.raises(ValidationError) as error:  # no poll yet: no count typed in stands for one
        actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="secret_ballot",
                       votes_for=9)
    assert error.value.message_dict["method"][0].startswith("无记名投票须由成员在会上投票")
    with pytest.raises(PermissionDenied):
        actions.open_poll(org.record, actor=org.people.clerk.user if org.people.clerk not in org.present
                          else org.people.outsider.user)
    poll = actions.open_poll(org.record, actor=secretary)
    assert poll.eligible == 10
    for n, person in enumerate(org.present[:9]):
        actions.cast_vote(poll, "for" if n < 6 else "against", actor=person.user)
    with pytest.raises(ValidationError) as error:
        actions.cast_vote(poll, "for", actor=org.present[0].user)
    assert error.value.message_dict == {"poll": ["您已投票"]}
    absent = org.meeting.invitations.filter(role="member").exclude(person__in=org.present).first().person
    with pytest.raises(PermissionDenied):
        actions.cast_vote(poll, "for", actor=absent.user)
    with pytest.raises(TransitionForbidden):  # the chair closes the vote
        actions.close_poll(poll, actor=secretary)
    poll = actions.close_poll(poll, actor=chair)
    with pytest.raises(ValidationError):
        actions.cast_vote(poll, "for", actor=org.present[9].user)
    # Anonymous: who voted is recorded, how only in the totals.
    assert {f.name for f in PollVoter._meta.fields} == {"id", "poll", "person", "voted_at"}
    assert set(PollVoter.objects.values_list("person", flat=True)) == {p.pk for p in org.present[:9]}
    decision = actions.decide(org.record, actor=secretary, outcome="adopted", text="同意", method="secret_ballot",
                              votes_for=1)  # the typed count is not the one taken
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain, decision.present) == (6, 3, 0, 10)


def test_a_secret_ballot_needs_the_rules(in_org_a):
    org = sitting(10)  # the rules allow no secret ballot
    with pytest.raises(ValidationError) as error:
        actions.open_poll(org.record, actor=org.people.secretary.user)
    assert error.value.message_dict == {"method": ["本会议规则没有规定无记名投票"]}


def test_a_secret_ballot_is_taken_during_the_sitting_only(in_org_a):
    org = sitting(10, methods=SECRET)  # held, not in session
    with pytest.raises(ValidationError) as error:
        actions.open_poll(org.record, actor=org.people.secretary.user)
    assert error.value.message_dict == {"meeting": ["会议进行中才能投票"]} and not Poll.objects.exists()


def test_recused_members_leave_the_items_quorum_vote_and_materials(in_org_a):
    org = with_item(in_session(sitting(10, methods=SECRET)))
    concerned, other = org.present[3], org.present[4]
    with pytest.raises(PermissionDenied):  # only the member or the chair
        actions.recuse(org.item, concerned, "亲属关系", actor=other.user)
    with pytest.raises(ValidationError) as error:
        actions.recuse(org.item, concerned, "  ", actor=concerned.user)
    assert error.value.message_dict == {"reason": ["请填写回避事由"]}
    assert visible_attachments(concerned.user).filter(pk=org.attachment.pk).exists()
    own = actions.recuse(org.item, concerned, "本人系考察对象的亲属", actor=concerned.user)
    declared = actions.recuse(org.item, other, "曾参与该事项的前期审核", actor=org.people.director.user)
    assert (own.grounds, declared.grounds) == ("self", "chair")
    present, members = actions.present_members(org.meeting, org.item_record)
    assert (len(present), members) == (8, 13) and concerned.pk not in present
    assert actions.present_members(org.meeting, org.record) == (actions.present_members(org.meeting)[0], 15)
    assert not visible_attachments(concerned.user).filter(pk=org.attachment.pk).exists()
    assert visible_attachments(org.present[5].user).filter(pk=org.attachment.pk).exists()
    with pytest.raises(ValidationError) as error:
        actions.state_opinion(org.item_record, concerned, "agree", actor=org.people.secretary.user)
    assert error.value.message_dict["person"] == [f"{concerned.name} 已回避本议题"]
    with pytest.raises(ValidationError) as error:
        actions.decide(org.item_record, actor=org.people.secretary.user, outcome="adopted", text="同意",
                       method="show_of_hands", votes_for=9)
    assert "超过到会人数 8" in error.value.message_dict["votes_for"][0]
    decision = actions.decide(org.item_record, actor=org.people.secretary.user, outcome="adopted", text="同意",
                              method="show_of_hands", votes_for=5, votes_against=3)
    assert (decision.present, decision.members, decision.quorum_required) == (8, 13, 7)
    with pytest.raises(ValidationError) as error:  # decided: too late to step aside
        actions.recuse(org.item, org.present[6], "补充回避", actor=org.present[6].user)
    assert "agenda_item" in error.value.message_dict
    assert "回避（本人系考察对象的亲属）" in compose(org.meeting)


def test_a_member_who_has_spoken_cannot_recuse_afterwards(in_org_a):
    org = with_item(in_session(sitting(10, chair_last=False)))
    speaker = org.present[2]
    actions.state_opinion(org.item_record, speaker, "agree", actor=org.people.secretary.user)
    with pytest.raises(ValidationError) as error:
        actions.recuse(org.item, speaker, "亲属关系", actor=speaker.user)
    assert error.value.message_dict == {"person": [f"{speaker.name} 已就该议题发表意见，不能再回避"]}
    assert not Recusal.objects.exists()


def test_written_opinions_come_from_members_on_leave_into_the_record_and_the_minutes(in_org_a):
    org = with_item(in_session(sitting(10)))
    away = on_leave(org)
    with pytest.raises(ValidationError) as error:  # in the room: they speak, they do not write
        actions.submit_written_opinion(org.item, org.present[1], "agree", "同意", actor=org.present[1].user)
    assert error.value.message_dict == {"person": ["只有已获准请假的参会成员可以提交书面意见"]}
    with pytest.raises(PermissionDenied):  # someone else's, by one who is not a recorder
        actions.submit_written_opinion(org.item, away, "agree", "同意", actor=org.present[5].user)
    written = actions.submit_written_opinion(org.item, away, "amend", "建议补充民主测评情况", actor=away.user)
    assert written.submitted_by == away.user
    with pytest.raises(ValidationError):
        actions.submit_written_opinion(org.item, away, "agree", "同意", actor=org.people.secretary.user)
    assert f"{away.name}（请假）书面意见：建议修改——建议补充民主测评情况" in compose(org.meeting)
    assert actions.present_members(org.meeting, org.item_record)[0] == actions.present_members(org.meeting)[0]
    Meeting.objects.filter(pk=org.meeting.pk).update(status=Meeting.Status.HELD)
    with pytest.raises(ValidationError) as error:
        actions.submit_written_opinion(org.item, away, "agree", "同意", actor=org.people.secretary.user)
    assert "meeting" in error.value.message_dict
    assert WrittenOpinion.objects.count() == 1


# --- Through the pages ---------------------------------------------------------------------------


@pytest.fixture
def day(in_org_a, org_a):
    org = with_item(in_session(sitting(10, methods=SECRET)))
    for invitation in org.meeting.invitations.select_related("person__user"):  # the 科员 may open the admin
        invitation.person.user.groups.add(group("members"))
    org.admin = lambda person: Admin(org_a, person.user)
    org.meeting_page = reverse("yishi_meeting", args=[org.meeting.pk])
    org.record_page = reverse("yishi_meeting_record", args=[org.meeting.pk])
    return org


def test_members_vote_from_their_own_account_and_the_counts_show_when_the_chair_closes(day):
    org, p = day, day.people
    secretary, chair = org.admin(p.secretary), org.admin(p.director)
    response, messages = secretary.post(reverse("yishi_record_poll_open", args=[org.meeting.pk]),
                                        {"record": org.item_record.pk})
    assert messages == ["已发起无记名投票，请成员用本人账号投票"]
    record = secretary.get(org.record_page).content.decode()
    assert 'id="vote-qr"' in record and f"/admin/yishi/meetings/{org.meeting.pk}/#my-votes" in record
    poll = Poll.objects.get()
    voter = org.admin(org.present[5])
    page = voter.get(org.meeting_page).content.decode()
    assert 'id="my-votes"' in page and "张某某任职" in page.split('id="my-votes"', 1)[1]
    vote = reverse("yishi_meeting_vote", args=[org.meeting.pk])
    _response, messages = voter.post(vote, {"poll": poll.pk, "choice": "against"})
    assert messages == ["已投票"]
    assert 'id="my-votes"' not in voter.get(org.meeting_page).content.decode()  # voted: no second form
    _response, messages = voter.post(vote, {"poll": poll.pk, "choice": "for"})
    assert messages == ["投票：您已投票"]
    outsider = org.admin(p.outsider)  # not invited: the meeting is not theirs to open
    assert outsider.post(vote, {"poll": poll.pk, "choice": "for"})[0].status_code == 404
    absent = org.meeting.invitations.filter(role="member").exclude(person__in=org.present).first().person
    _response, messages = org.admin(absent).post(vote, {"poll": poll.pk, "choice": "for"})
    assert messages == ["只有在场且未回避的成员可以投票"]
    for person in org.present[6:9]:
        org.admin(person).post(vote, {"poll": poll.pk, "choice": "for"})
    record = secretary.get(org.record_page).content.decode()
    assert "已投 4 / 10 人" in record and "同意 3，反对 1" not in record  # no counts while the vote is open
    assert 'class="yishi-poll-close"' not in record  # the secretary does not close it
    _response, messages = secretary.post(reverse("yishi_record_poll_close", args=[org.meeting.pk]), {"poll": poll.pk})
    assert messages[0].startswith("无权执行“结束投票，公布结果”")
    assert 'class="yishi-poll-close"' in chair.get(org.record_page).content.decode()
    _response, messages = chair.post(reverse("yishi_record_poll_close", args=[org.meeting.pk]), {"poll": poll.pk})
    assert messages == ["投票已结束，结果已公布"]
    assert "同意 3，反对 1，弃权 0" in secretary.get(org.record_page).content.decode()
    _response, messages = secretary.post(reverse("yishi_record_decide", args=[org.meeting.pk]), {
        "record": org.item_record.pk, "outcome": "rejected", "text": "未获通过", "method": "secret_ballot"})
    assert messages == ["已记录决定"]
    assert Decision.objects.get().votes_for == 3


def test_a_member_recuses_on_the_meeting_page_and_loses_the_items_materials(day):
    org, p = day, day.people
    concerned = org.admin(org.present[4])
    download = reverse("yishi_topic_attachment", args=[org.item.topic_id, org.attachment.pk])
    Agenda.objects.create(meeting=org.meeting, bundle=SimpleUploadedFile("bundle.zip", b"PK"))
    bundle = reverse("yishi_agenda_bundle", args=[org.meeting.pk])
    assert concerned.get(download).status_code == 200 and concerned.get(bundle).status_code == 200
    recuse = reverse("yishi_meeting_recuse", args=[org.meeting.pk])
    _response, messages = org.admin(p.outsider).post(recuse, {"agenda_item": org.item.pk, "reason": "亲属"})
    assert _response.status_code == 404 and not Recusal.objects.exists()
    _response, messages = org.admin(org.present[5]).post(recuse, {  # a member cannot recuse another
        "agenda_item": org.item.pk, "person": org.present[4].pk, "reason": "亲属"})
    assert messages == ["只有本人或主持人可以登记回避"] and not Recusal.objects.exists()
    _response, messages = concerned.post(recuse, {"agenda_item": org.item.pk, "reason": "本人系考察对象的亲属"})
    assert messages == ["已登记回避"]
    page = concerned.get(org.meeting_page).content.decode()
    assert "您已回避本议题，不提供材料" in page and download not in page
    refused = concerned.get(bundle)  # the admin turns the refusal into a redirect home, no file
    assert concerned.get(download).status_code == 404 and refused.status_code == 302 and refused.url == "/admin/"
    assert org.admin(org.present[5]).get(download).status_code == 200
    record = org.admin(p.secretary).get(org.record_page).content.decode()
    assert f"{org.present[4].name}（本人申请回避：本人系考察对象的亲属）" in record


def test_a_member_on_leave_sends_a_written_opinion_from_the_meeting_page(day):
    org, p = day, day.people
    away = on_leave(org)
    url = reverse("yishi_meeting_written_opinion", args=[org.meeting.pk])
    page = org.admin(away).get(org.meeting_page).content.decode()
    assert 'id="written-opinion"' in page
    assert 'id="written-opinion"' not in org.admin(org.present[3]).get(org.meeting_page).content.decode()
    _response, messages = org.admin(org.present[3]).post(url, {"agenda_item": org.item.pk, "stance": "agree",
                                                              "text": "同意"})
    assert messages == ["成员：只有已获准请假的参会成员可以提交书面意见"]
    assert org.admin(p.outsider).post(url, {"agenda_item": org.item.pk, "stance": "agree",
                                            "text": "同意"})[0].status_code == 404
    _response, messages = org.admin(away).post(url, {"agenda_item": org.item.pk, "stance": "against",
                                                     "text": "人选年龄偏大，建议另行考虑"})
    assert messages == ["书面意见已提交"] and WrittenOpinion.objects.get().person == away
    record = org.admin(p.secretary).get(org.record_page).content.decode()
    assert f"{away.name}：反对——人选年龄偏大，建议另行考虑" in record


def test_a_personnel_ballot_lists_every_candidate_and_each_is_decided_by_its_own_counts(day):
    org, p = day, day.people
    ItemRecord.objects.filter(pk=org.item_record.pk).update(matter="personnel")  # 干部任免: two thirds present
    secretary, chair = org.admin(p.secretary), org.admin(p.director)
    meeting = org.meeting.pk
    _response, messages = secretary.post(reverse("yishi_record_poll_open", args=[meeting]),
                                         {"record": org.item_record.pk})
    assert "请先添加拟任人选：选票逐个列出人选" in messages[0] and not Poll.objects.exists()
    for name, post in (("张三", "审批科科长"), ("李四", "办公室副主任")):
        secretary.post(reverse("yishi_record_candidate", args=[meeting]),
                       {"record": org.item_record.pk, "name": name, "proposed_post": post})
    zhang, li = Candidate.objects.order_by("position")
    _response, messages = secretary.post(reverse("yishi_record_poll_open", args=[meeting]),
                                         {"record": org.item_record.pk})
    assert messages == ["已发起无记名投票，请成员用本人账号投票"]
    poll = Poll.objects.get()
    _response, messages = secretary.post(reverse("yishi_record_candidate", args=[meeting]), {
        "record": org.item_record.pk, "name": "王五", "proposed_post": "科员"})
    assert "选票上的人选不能再增加" in messages[0] and Candidate.objects.count() == 2

    vote = reverse("yishi_meeting_vote", args=[meeting])
    ballot = org.admin(org.present[1]).get(org.meeting_page).content.decode().split('id="my-votes"', 1)[1]
    assert "张三（审批科科长）" in ballot and "李四（办公室副主任）" in ballot and "缓议" in ballot
    _response, messages = org.admin(org.present[1]).post(vote, {"poll": poll.pk, f"candidate_{zhang.pk}": "agree"})
    assert "李四" in messages[0] and not PollVoter.objects.exists()  # a ballot marks every candidate
    for n, person in enumerate(org.present):  # 张三: 9 同意, 1 不同意; 李四: 5 同意, 5 缓议
        _response, messages = org.admin(person).post(vote, {
            "poll": poll.pk, f"candidate_{zhang.pk}": "agree" if n < 9 else "disagree",
            f"candidate_{li.pk}": "agree" if n < 5 else "defer"})
        assert messages == ["已投票"]
    record_vote = reverse("yishi_record_candidate_vote", args=[meeting])
    _response, messages = secretary.post(record_vote, {"candidate": zhang.pk, "agree": 15, "disagree": 0, "defer": 0})
    assert "主持人结束投票后才能记录决定" in messages[0] and not CandidateVote.objects.exists()
    chair.post(reverse("yishi_record_poll_close", args=[meeting]), {"poll": poll.pk})
    record = secretary.get(org.record_page).content.decode()
    assert "张三：同意 9，不同意 1，缓议 0" in record and "李四：同意 5，不同意 0，缓议 5" in record
    for candidate in (zhang, li):  # what is typed does not stand in for the ballot's counts
        secretary.post(record_vote, {"candidate": candidate.pk, "agree": 15, "disagree": 0, "defer": 0})
    results = {v.candidate.name: (v.outcome, v.agree, v.disagree, v.defer) for v in CandidateVote.objects.all()}
    # 9 of the 15 entitled to attend appoint; 5 do not.
    assert results == {"张三": ("appointed", 9, 1, 0), "李四": ("not_appointed", 5, 0, 5)}
