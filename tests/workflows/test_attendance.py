"""Invitations with A/B substitution, leave lead time and approval, sign-in, the frozen sheet, statistics."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.agenda_people import admin_client, at, meeting_on, organisation
from yishi.tenants.structure.groups import group
from yishi.workflows import roles as R
from yishi.workflows.attendance import actions
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.core.statemachine import TransitionForbidden
from yishi.workflows.notices.models import Delivery


@pytest.fixture
def org(in_org_a):
    org = organisation()
    org.meeting = meeting_on("2026-03-09")  # Monday 09:00–11:00
    org.invitations = {i.person.name: i for i in actions.invite(org.meeting)}
    return org


def test_roles_come_from_the_rules_and_the_structure(org):
    rules = org.meeting.rules()
    day = org.meeting.date
    assert R.roles_of(org.users.director, rules, day) == {"leader", "chair", "member", "leave_approver",
                                                          "minutes_reviewer", "minutes_signer"}
    assert R.roles_of(org.users.secretary, rules, day) == {"office", "secretary"}
    assert R.roles_of(org.users.head, rules, day) == {"department_head", "observer"}
    assert R.roles_of(org.users.deputy_b, rules, day) == set()  # a B holder is no member by default
    assert R.roles_of(org.users.outsider, rules, day) == set()
    assert R.invitees(rules, day) == [(org.people.director, "member"), (org.people.deputy, "member"),
                                      (org.people.head, "observer")]


def test_invitations_are_idempotent(org):
    assert len(actions.invite(org.meeting)) == 3
    assert Invitation.objects.filter(meeting=org.meeting).count() == 3


def test_leave_before_the_lead_time_approved_by_the_rules_approver_brings_in_the_b_holder(org):
    deputy = org.invitations["李副主任"]
    assert actions.suggest_delegate(deputy) == org.people.deputy_b
    request = actions.request_leave(deputy, "出差", actor=org.users.deputy, now=at("2026-03-09", 6, 59))
    assert request.late is False  # two hours before 09:00 is 07:00
    with pytest.raises(TransitionForbidden):  # the approver is the director's post, not the office
        actions.decide_leave(request, "approve", actor=org.users.secretary)
    assert request.state == "requested"
    actions.decide_leave(request, "approve", actor=org.users.director)
    substitute = Invitation.objects.get(meeting=org.meeting, person=org.people.deputy_b)
    assert (substitute.substitute_for, substitute.role) == (deputy, "member")
    assert request.events.get().actor == org.users.director


def test_a_request_after_the_lead_time_is_recorded_as_late(org):
    request = actions.request_leave(org.invitations["李副主任"], "临时有事", actor=org.users.deputy,
                                    now=at("2026-03-09", 7, 1))
    assert request.late is True


def test_leave_input_errors_name_the_field_and_write_nothing(org):
    deputy = org.invitations["李副主任"]
    with pytest.raises(ValidationError) as error:
        actions.request_leave(deputy, " ", actor=org.users.deputy, delegate=org.people.deputy,
                              now=at("2026-03-09", 10))
    assert set(error.value.message_dict) == {"reason", "delegate", "invitation"}
    with pytest.raises(PermissionDenied):
        actions.request_leave(deputy, "代请", actor=org.users.head, now=at("2026-03-08", 10))
    assert not LeaveRequest.objects.exists()


def test_refusal_needs_a_reason_and_leaves_the_invitee_expected(org):
    request = actions.request_leave(org.invitations["钱科长"], "培训", actor=org.users.head,
                                    now=at("2026-03-06", 10))
    with pytest.raises(ValidationError):
        actions.decide_leave(request, "refuse", actor=org.users.director)
    actions.decide_leave(request, "refuse", actor=org.users.director, comment="本次议题涉及审批科")
    assert not Invitation.objects.filter(substitute_for=org.invitations["钱科长"]).exists()


def test_sign_in_lateness_and_the_frozen_sheet(org):
    inv = org.invitations
    deputy_leave = actions.request_leave(inv["李副主任"], "出差", actor=org.users.deputy, now=at("2026-03-06", 9))
    actions.decide_leave(deputy_leave, "approve", actor=org.users.director)
    substitute = Invitation.objects.get(person=org.people.deputy_b)
    with pytest.raises(PermissionDenied):
        actions.sign_in(inv["张主任"], by=org.users.head, at=at("2026-03-09", 8, 45))
    actions.sign_in(inv["张主任"], by=org.users.secretary, at=at("2026-03-09", 8, 45))
    actions.sign_in(substitute, at=at("2026-03-09", 8, 55))  # after 08:50 (ten minutes early): late
    sheet = actions.attendance_sheet(org.meeting)
    assert not sheet.frozen
    statuses = {row.person: row.status for row in sheet.rows}
    assert statuses == {"张主任": "present", "李副主任": "delegate", "钱科长": "absent", "周副主任": "late"}
    actions.freeze_attendance(org.meeting, now=at("2026-03-09", 9, 5))
    with pytest.raises(ValidationError):
        actions.sign_in(inv["钱科长"], by=org.users.secretary, at=at("2026-03-09", 9, 10))
    frozen = actions.attendance_sheet(org.meeting)
    assert frozen.frozen and frozen.counts == {"present": 1, "delegate": 1, "absent": 1, "late": 1}
    assert frozen.present == 2
    assert actions.freeze_attendance(org.meeting).counts == frozen.counts  # idempotent


def test_the_qr_link_signs_in_only_inside_the_window(org):
    director = org.invitations["张主任"]
    link = actions.sign_in_link(director)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(ValidationError) as error:
        actions.sign_in_with_token(token, at=at("2026-03-09", 7, 49))  # opens 60 min before 08:50
    assert set(error.value.message_dict) == {"token"}
    with pytest.raises(ValidationError):
        actions.sign_in_with_token(token + "x", at=at("2026-03-09", 8, 30))
    assert actions.sign_in_with_token(token, at=at("2026-03-09", 8, 30)).late is False
    director.refresh_from_db()
    assert director.signed_in_at == at("2026-03-09", 8, 30)


def test_organisation_b_cannot_use_a_sign_in_link_of_a(org, org_a, org_b):
    token = actions.sign_in_link(org.invitations["张主任"]).rstrip("/").rsplit("/", 1)[-1]
    with tenant_context(org_b):
        with pytest.raises(ValidationError):
            actions.sign_in_with_token(token, at=at("2026-03-09", 8, 30))




def token_of(invitation) -> str:
    return actions.sign_in_link(invitation).rstrip("/").rsplit("/", 1)[-1]


def told(dedupe_key: str) -> list[str]:
    """Who got the notice (by name, in-app inbox)."""
    return sorted(Delivery.objects.filter(notice__dedupe_key=dedupe_key, channel="inbox")
                  .values_list("person__name", flat=True))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def approved_leave_of_the_deputy(org):
    deputy = org.invitations["李副主任"]
    request = actions.request_leave(deputy, "出差", actor=org.users.deputy, now=at("2026-03-06", 9))
    actions.decide_leave(request, "approve", actor=org.users.director)
    return deputy, Invitation.objects.get(meeting=org.meeting, person=org.people.deputy_b)


def test_a_member_on_approved_leave_is_refused_sign_in_and_the_stand_in_signs_in(org):
    deputy, stand_in = approved_leave_of_the_deputy(org)
    with pytest.raises(ValidationError) as error:  # the secretary's path
        actions.sign_in(deputy, by=org.users.secretary, at=at("2026-03-09", 8, 45))
    assert error.value.message_dict["invitation"] == [
        "李副主任 已获准请假，不能签到：由代为参会的 周副主任 签到（本人到会请先撤销请假）"]
    with pytest.raises(ValidationError) as error:  # the QR path, inside the window
        actions.sign_in_with_token(token_of(deputy), at=at("2026-03-09", 8, 45))
    assert "李副主任 已获准请假，不能签到" in error.value.messages[0]
    actions.sign_in_with_token(token_of(stand_in), at=at("2026-03-09", 8, 45))
    actions.sign_in(org.invitations["张主任"], by=org.users.secretary, at=at("2026-03-09", 8, 45))
    deputy.refresh_from_db()
    assert deputy.signed_in_at is None
    sheet = actions.attendance_sheet(org.meeting)
    # Two seats of members, two people in the room: the deputy's seat is filled once, by the stand-in.
    assert {row.person: row.status for row in sheet.rows} == {
        "张主任": "present", "李副主任": "delegate", "钱科长": "absent", "周副主任": "present"}
    assert sheet.present == 2


def test_the_secretary_is_told_on_the_meeting_page_why_an_absent_member_cannot_be_signed_in(org, org_a):
    deputy, _stand_in = approved_leave_of_the_deputy(org)
    secretary = admin_client(org_a, "secretary")
    page = secretary.get(reverse("yishi_meeting", args=[org.meeting.pk])).content.decode()
    # Labels, not codes; no 代为签到 button on the row of a person on leave.
    assert "<td>李副主任</td><td>参会人员</td><td>请假</td>" in page
    assert "<td>钱科长</td><td>列席人员</td><td>缺席</td>" in page and "<td>member</td>" not in page
    assert f'name="invitation" value="{deputy.pk}"' not in page
    response = secretary.post(reverse("yishi_sign_in", args=[org.meeting.pk]), {"invitation": deputy.pk})
    assert messages_of(response) == [
        "参会人：李副主任 已获准请假，不能签到：由代为参会的 周副主任 签到（本人到会请先撤销请假）"]
    assert Invitation.objects.get(pk=deputy.pk).signed_in_at is None


def test_leave_alerts_the_approver_and_the_decision_tells_the_requester_and_the_stand_in(org):
    request = actions.request_leave(org.invitations["李副主任"], "出差", actor=org.users.deputy,
                                    now=at("2026-03-06", 9))
    assert told(f"leave-request:{request.pk}") == ["张主任"]  # the rules' leave approver (the director's post)
    actions.decide_leave(request, "approve", actor=org.users.director, comment="同意")
    assert told(f"leave-approve:{request.pk}") == ["李副主任"]
    stand_in = Invitation.objects.get(meeting=org.meeting, person=org.people.deputy_b)
    assert told(f"stand-in:{stand_in.pk}") == ["周副主任"]
    notice = Delivery.objects.get(notice__dedupe_key=f"stand-in:{stand_in.pk}", channel="inbox").notice
    assert notice.subject == "会议通知：请代 李副主任 参加 处务会" and notice.kind == "meeting_notice"
    assert "2026-03-09 09:00" in notice.body and actions.sign_in_link(stand_in) in notice.body  # local time
    actions.decide_leave(request, "cancel", actor=org.users.deputy)
    assert told(f"leave-cancel:{request.pk}") == ["张主任"]
    assert not Invitation.objects.filter(pk=stand_in.pk).exists()  # the stand-in's seat goes with the leave


def test_the_leave_approver_cannot_approve_their_own_leave_the_office_does(org, org_a):
    director = org.invitations["张主任"]
    request = actions.request_leave(director, "外出开会", actor=org.users.director, now=at("2026-03-06", 9))
    office = told(f"leave-request:{request.pk}")
    assert "赵秘书" in office and "张主任" not in office  # the office (its administrator too), not the approver
    with pytest.raises(PermissionDenied) as error:
        actions.decide_leave(request, "approve", actor=org.users.director)
    assert str(error.value) == "请假审批人不能审批本人的请假：由办公室审批"
    with pytest.raises(TransitionForbidden):  # nor anyone else without the role
        actions.decide_leave(request, "approve", actor=org.users.head)
    request.refresh_from_db()
    assert request.state == "requested"
    page = reverse("yishi_meeting", args=[org.meeting.pk])
    buttons = f'name="request" value="{request.pk}"'
    assert buttons not in admin_client(org_a, "director").get(page).content.decode()
    secretary = admin_client(org_a, "secretary")
    assert buttons in secretary.get(page).content.decode()
    response = secretary.post(reverse("yishi_decide_leave", args=[org.meeting.pk]),
                              {"request": request.pk, "decision": "approve"})
    assert messages_of(response) == ["请假申请已处理"]
    request.refresh_from_db()
    assert request.state == "approved" and request.events.get().actor == org.users.secretary
    assert told(f"leave-approve:{request.pk}") == ["张主任"]


def test_the_office_cannot_decide_leave_the_rules_give_to_another_approver(org):
    request = actions.request_leave(org.invitations["李副主任"], "出差", actor=org.users.deputy,
                                    now=at("2026-03-06", 9))
    with pytest.raises(TransitionForbidden):
        actions.decide_leave(request, "approve", actor=org.users.secretary)


def test_leave_is_not_decided_or_cancelled_once_attendance_is_frozen(org):
    request = actions.request_leave(org.invitations["李副主任"], "出差", actor=org.users.deputy,
                                    now=at("2026-03-06", 9))
    actions.freeze_attendance(org.meeting, now=at("2026-03-09", 9, 5))
    for decision, actor in (("approve", org.users.director), ("cancel", org.users.deputy)):
        with pytest.raises(ValidationError) as error:
            actions.decide_leave(request, decision, actor=actor)
        assert error.value.message_dict == {"request": ["考勤表已冻结，不能再审批或撤销请假"]}
    request.refresh_from_db()
    assert request.state == "requested" and not request.events.exists()


def test_the_requester_cancels_from_the_leave_page_and_others_are_refused(org, org_a):
    meeting = meeting_on((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    invitation = {i.person.name: i for i in actions.invite(meeting)}["李副主任"]
    request = actions.request_leave(invitation, "出差", actor=org.users.deputy)
    cancel = reverse("yishi_cancel_leave", args=[request.pk])
    head = admin_client(org_a, "head")  # invited (列席), so the meeting is visible — but not his leave
    assert messages_of(head.post(cancel))[0].startswith("无权执行“撤销请假”")
    assert admin_client(org_a, "head2").post(cancel).status_code == 404  # not invited: no such meeting
    request.refresh_from_db()
    assert request.state == "requested"
    deputy = admin_client(org_a, "deputy")
    page = deputy.get(reverse("yishi_leave")).content.decode()
    assert f'action="{cancel}"' in page and "请假待审批" in page
    response = deputy.post(cancel, {"comment": "行程取消"})
    assert response["Location"] == reverse("yishi_leave") and messages_of(response) == ["请假申请已撤销"]
    request.refresh_from_db()
    assert request.state == "cancelled"
    assert "请假已撤销" in deputy.get(reverse("yishi_leave")).content.decode()


def test_the_period_leave_menu_and_page_are_for_people_only(org, org_a):
    leave = reverse("yishi_leave")
    assert leave in admin_client(org_a, "deputy").get(reverse("wagtailadmin_home")).content.decode()
    account = host_client(org_a)  # an account in the members' group, not a person of the organisation
    with tenant_context(org_a):
        user = User.objects.create_user("guest", password="x")
        user.groups.add(group("members"))
        account.force_login(user)
    assert leave not in account.get(reverse("wagtailadmin_home")).content.decode()
    refused = account.get(leave)  # Wagtail's answer to PermissionDenied: back to the dashboard, with a message
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")


def test_the_leave_pages_show_local_times(org, org_a):
    deputy = admin_client(org_a, "deputy")
    page = deputy.get(reverse("yishi_request_leave", args=[org.invitations["李副主任"].pk])).content.decode()
    assert "2026-03-09 09:00" in page and "01:00" not in page  # 09:00 in Shanghai is 01:00 UTC
    assert str(org.meeting) == "处务会 2026-03-09 09:00"


@pytest.fixture
def soon(org):
    """A meeting starting at the top of this hour: its sign-in window is open now (07:50–11:00 for 09:00)."""
    now = timezone.localtime()
    org.soon = meeting_on(now.date().isoformat(), hour=now.hour)
    org.soon_invitations = {i.person.name: i for i in actions.invite(org.soon)}
    return org


def test_the_sign_in_page_shows_who_and_when_in_local_time_and_signs_in(soon, org_a):
    client = Client(HTTP_HOST=org_a.primary_host)
    link = actions.sign_in_link(soon.soon_invitations["张主任"])
    starts = timezone.localtime(soon.soon.starts_at)
    page = client.get(link)
    text = page.content.decode()
    assert page.status_code == 200 and "张主任" in text and f"{starts:%Y-%m-%d %H:%M}" in text
    opens = starts - dt.timedelta(minutes=70)
    assert f"签到时间：{opens:%H:%M} 至 {starts + dt.timedelta(hours=2):%H:%M}" in text
    done = client.post(link)
    assert done.status_code == 200 and "张主任，已于" in done.content.decode()
    assert Invitation.objects.get(pk=soon.soon_invitations["张主任"].pk).signed_in_at is not None


def test_a_person_on_leave_is_refused_on_the_sign_in_page(soon, org_a):
    deputy = soon.soon_invitations["李副主任"]
    request = actions.request_leave(deputy, "出差", actor=soon.users.deputy,
                                    now=soon.soon.starts_at - dt.timedelta(days=1))
    actions.decide_leave(request, "approve", actor=soon.users.director)
    response = Client(HTTP_HOST=org_a.primary_host).post(actions.sign_in_link(deputy))
    assert response.status_code == 400
    assert "李副主任 已获准请假，不能签到：由代为参会的 周副主任 签到" in response.content.decode()


def test_forged_expired_and_other_organisations_tokens_get_a_clear_page(soon, org_a, org_b):
    client = Client(HTTP_HOST=org_a.primary_host)
    director = soon.soon_invitations["张主任"]
    tampered = client.get(actions.sign_in_link(director)[:-3] + "xx/")
    assert tampered.status_code == 400 and "签到二维码无效" in tampered.content.decode()
    expired = client.get(actions.sign_in_link(soon.invitations["张主任"]))  # the meeting of 9 March
    assert expired.status_code == 410
    assert "签到二维码已过期：处务会 的签到已于 2026-03-09 11:00 结束" in expired.content.decode()
    assert client.post(actions.sign_in_link(soon.invitations["张主任"])).status_code == 410
    with tenant_context(org_b):  # B's token naming the same invitation number
        foreign = signing.dumps({"i": director.pk}, salt=f"{actions.SIGN_IN_SALT}:{org_b.schema_name}")
    for response in (client.get(f"/attendance/sign-in/{foreign}/"), client.post(f"/attendance/sign-in/{foreign}/")):
        assert response.status_code == 400 and "张主任" not in response.content.decode()
    assert Invitation.objects.get(pk=director.pk).signed_in_at is None
