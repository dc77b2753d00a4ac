"""Agenda topics: the declared table by role, required fields, deadlines and late routing, the agenda."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, at, meeting_on, organisation, rules_pack
from yishi.content.packs import apply_pack
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import TOPIC_STATES, Agenda, AgendaItem, Topic, TopicAttachment
from yishi.workflows.agenda.tasks import compile_due
from yishi.workflows.core.statemachine import TransitionError, TransitionForbidden
from yishi.workflows.notices.models import Notice
from yishi.workflows.scheduling.models import Meeting

CONTENT = {"background": "窗口排队时间长", "proposal": "增设综合受理窗口"}
BEFORE_DEADLINE = at("2026-03-04", 10)  # Monday 9 March's topics are due Thursday 5 March 17:00


@pytest.fixture
def org(in_org_a):
    org = organisation()
    org.meeting = meeting_on("2026-03-09")
    org.next_meeting = meeting_on("2026-03-16")
    return org


def new_topic(org, title="关于增设综合受理窗口的议题", content=CONTENT, **fields) -> Topic:
    return actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title=title, content=dict(content),
                                now=fields.pop("now", BEFORE_DEADLINE), **fields)


def submitted(org, now=BEFORE_DEADLINE, **fields) -> Topic:
    return actions.transition_topic(new_topic(org, **fields), "submit", actor=org.users.head, now=now)


def test_a_topic_goes_from_draft_to_decided_by_the_roles_the_rules_name(org):
    u = org.users
    topic = submitted(org)
    assert (topic.state, topic.meeting, topic.late) == ("submitted", org.meeting, False)
    assert topic.deadline_at == at("2026-03-05", 17)
    actions.transition_topic(topic, "accept", actor=u.secretary)
    actions.transition_topic(topic, "approve", actor=u.director)
    actions.compile_agenda(org.meeting, now=at("2026-03-05", 18))
    topic.refresh_from_db()
    assert topic.state == "placed"
    actions.transition_topic(topic, "discuss", actor=u.secretary)
    actions.transition_topic(topic, "decide", actor=u.director)
    events = list(topic.events.values_list("transition", "from_state", "to_state", "actor__username"))
    assert events == [
        ("submit", "draft", "submitted", "head"), ("accept", "submitted", "accepted", "secretary"),
        ("approve", "accepted", "approved", "director"), ("place", "approved", "placed", None),
        ("discuss", "placed", "discussed", "secretary"), ("decide", "discussed", "decided", "director"),
    ]


# (transition, state to start from, a user allowed, a user refused)
TABLE = [
    ("submit", "draft", "head", "head2"),
    ("submit", "returned", "secretary", "director"),
    ("return", "submitted", "secretary", "head"),
    ("accept", "submitted", "secretary", "director"),
    ("approve", "accepted", "director", "secretary"),
    ("reject", "accepted", "deputy", "head"),
    ("place", "approved", "secretary", "director"),
    ("unplace", "placed", "secretary", "head"),
    ("discuss", "placed", "secretary", "outsider"),
    ("decide", "discussed", "director", "head"),
    ("defer", "discussed", "director", "deputy"),
    ("requeue", "deferred", "secretary", "head"),
    ("withdraw", "approved", "head", "head2"),
]


def test_the_table_covers_every_declared_transition():
    # admit_late, logged without moving the state, has its own action (test_a_late_topic_goes_to_…).
    assert {name for name, *_ in TABLE} == {t.name for t in TOPIC_STATES.transitions if t.direct}


@pytest.mark.parametrize(("name", "state", "allowed", "refused"), TABLE)
def test_each_transition_is_allowed_and_forbidden_by_role(org, name, state, allowed, refused):
    topic = new_topic(org)
    Topic.objects.filter(pk=topic.pk).update(state=state, meeting=org.meeting, submitted_at=BEFORE_DEADLINE)
    topic.refresh_from_db()
    options = {"comment": "理由", "research_due": dt.date(2099, 1, 1), "now": BEFORE_DEADLINE}
    with pytest.raises(TransitionForbidden) as refused_error:
        actions.transition_topic(topic, name, actor=getattr(org.users, refused), **options)
    assert "无权执行" in str(refused_error.value)
    topic.refresh_from_db()
    assert topic.state == state and not topic.events.exists()  # nothing changed
    actions.transition_topic(topic, name, actor=getattr(org.users, allowed), **options)
    topic.refresh_from_db()
    assert topic.state == TOPIC_STATES.by_name[name].target
    assert topic.events.get().actor.username == allowed


def test_a_transition_from_the_wrong_state_is_refused(org):
    topic = new_topic(org)
    with pytest.raises(TransitionError):
        actions.transition_topic(topic, "approve", actor=org.users.director)


def test_only_department_heads_and_the_office_create_topics(org):
    with pytest.raises(PermissionDenied):
        actions.create_topic(actor=org.users.outsider, meeting_type_slug=SLUG, title="x", now=BEFORE_DEADLINE)
    assert not Topic.objects.exists()


def test_missing_required_fields_are_field_errors_and_nothing_changes(org):
    topic = new_topic(org, content={"background": "  "})
    with pytest.raises(ValidationError) as error:
        actions.transition_topic(topic, "submit", actor=org.users.head, now=BEFORE_DEADLINE)
    assert set(error.value.message_dict) == {"background", "proposal"}
    assert "背景说明" in error.value.message_dict["background"][0]
    topic.refresh_from_db()
    assert (topic.state, topic.submitted_at) == ("draft", None)
    assert not topic.events.exists()


def test_attachments_can_be_a_required_field(org):
    apply_pack(rules_pack(topics={"required_fields": ["title", "attachments"]}))
    topic = new_topic(org, content={})
    with pytest.raises(ValidationError) as error:
        actions.transition_topic(topic, "submit", actor=org.users.head, now=BEFORE_DEADLINE)
    assert set(error.value.message_dict) == {"attachments"}
    TopicAttachment.objects.create(topic=topic, file=ContentFile(b"%PDF-1.4", name="data.pdf"), name="数据")
    actions.transition_topic(topic, "submit", actor=org.users.head, now=BEFORE_DEADLINE)
    assert topic.state == "submitted"


def test_bad_input_names_the_field(org):
    with pytest.raises(ValidationError) as error:
        actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="", ordering_class="whenever",
                             now=BEFORE_DEADLINE)
    assert set(error.value.message_dict) == {"title", "ordering_class"}
    with pytest.raises(ValidationError) as error:
        actions.create_topic(actor=org.users.head, meeting_type_slug="no-such-type", title="x", now=BEFORE_DEADLINE)
    assert set(error.value.message_dict) == {"meeting_type_slug"}


def test_return_needs_reasons_and_the_topic_can_be_resubmitted(org):
    topic = submitted(org)
    with pytest.raises(ValidationError) as error:
        actions.transition_topic(topic, "return", actor=org.users.secretary)
    assert "comment" in error.value.message_dict
    actions.transition_topic(topic, "return", actor=org.users.secretary, comment="缺少数据支撑")
    actions.transition_topic(topic, "submit", actor=org.users.head, now=BEFORE_DEADLINE)
    assert topic.state == "submitted"
    assert topic.events.get(transition="return").comment == "缺少数据支撑"


def test_deferral_needs_a_research_due_date_then_the_topic_returns_to_a_later_agenda(org):
    topic = submitted(org)
    Topic.objects.filter(pk=topic.pk).update(state="discussed")
    topic.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        actions.transition_topic(topic, "defer", actor=org.users.director, comment="进一步调研")
    assert set(error.value.message_dict) == {"research_due"}
    actions.transition_topic(topic, "defer", actor=org.users.director, comment="进一步调研",
                             research_due=dt.date(2026, 3, 13), now=at("2026-03-09", 11))
    assert (topic.state, topic.meeting, topic.research_due) == ("deferred", None, dt.date(2026, 3, 13))
    actions.transition_topic(topic, "requeue", actor=org.users.secretary, now=at("2026-03-10", 11))
    assert (topic.state, topic.meeting) == ("approved", org.next_meeting)


def test_a_late_topic_goes_to_the_next_meeting_unless_the_chair_admits_it(org):
    late = submitted(org, now=at("2026-03-05", 17, 1))
    assert (late.late, late.requested_meeting, late.meeting) == (True, org.meeting, org.next_meeting)
    on_time = submitted(org, now=at("2026-03-05", 17, 0))
    assert (on_time.late, on_time.meeting) == (False, org.meeting)
    with pytest.raises(PermissionDenied):
        actions.admit_late(late, actor=org.users.deputy, now=at("2026-03-06", 9))  # a leader, not the chair
    actions.admit_late(late, actor=org.users.director, comment="情况紧急", now=at("2026-03-06", 9))
    late.refresh_from_db()
    assert (late.meeting, late.admitted_late) == (org.meeting, True)
    assert late.events.filter(transition="admit_late", actor=org.users.director).exists()
    with pytest.raises(ValidationError):
        actions.admit_late(on_time, actor=org.users.director, now=at("2026-03-06", 9))


def test_the_deadline_counts_working_days_across_a_holiday(org):
    after_spring_festival = meeting_on("2026-02-24")  # Tuesday; 15–23 February are holidays (14th, 28th make-up)
    assert actions.topic_deadline(after_spring_festival) == at("2026-02-13", 17)
    # A calendar without the holiday would say Friday 20 February: a topic sent then is already late.
    topic = submitted(org, now=at("2026-02-20", 10))
    assert (topic.requested_meeting, topic.late, topic.meeting) == (after_spring_festival, True, org.meeting)


def test_the_office_sees_a_countdown(org):
    submitted(org)
    countdown = actions.countdown(org.meeting, now=at("2026-03-04", 9))
    assert countdown.remaining == dt.timedelta(days=1, hours=8)
    assert (countdown.submitted, countdown.passed, countdown.label) == (1, False, "剩余 1 天 8 小时")
    assert [c.meeting for c in actions.office_countdowns(now=at("2026-03-04", 9))] == [org.meeting, org.next_meeting]
    assert actions.countdown(org.meeting, now=at("2026-03-06", 9)).passed


def approved(org, title, ordering_class, departments=(), submitted_at=BEFORE_DEADLINE) -> Topic:
    topic = actions.transition_topic(new_topic(org, title=title, ordering_class=ordering_class,
                                               departments_involved=departments), "submit",
                                     actor=org.users.head, now=submitted_at)
    actions.transition_topic(topic, "accept", actor=org.users.secretary)
    return actions.transition_topic(topic, "approve", actor=org.users.director)


def test_the_agenda_is_compiled_at_the_deadline_in_order_and_only_once(org):
    office, approvals = Department.objects.get(slug="office"), Department.objects.get(slug="approvals")
    approved(org, "重要单科室", "important", submitted_at=at("2026-03-02", 9))
    approved(org, "紧急重要较晚", "urgent_important", submitted_at=at("2026-03-04", 9))
    approved(org, "紧急重要多科室", "urgent_important", [office, approvals], submitted_at=at("2026-03-04", 10))
    approved(org, "紧急重要较早", "urgent_important", submitted_at=at("2026-03-03", 9))
    approved(org, "紧急不重要", "urgent", submitted_at=at("2026-03-01", 9))
    not_yet = submitted(org, title="未审定")
    assert compile_due(now=at("2026-03-05", 16)) == []  # before the deadline: nothing
    assert compile_due(now=at("2026-03-05", 17, 1)) == [org.meeting.pk]
    titles = list(AgendaItem.objects.filter(meeting=org.meeting).values_list("title", flat=True))
    assert titles == ["紧急重要多科室", "紧急重要较早", "紧急重要较晚", "重要单科室", "紧急不重要"]
    compile_due(now=at("2026-03-05", 18))  # again: nothing added twice
    assert AgendaItem.objects.filter(meeting=org.meeting).count() == 5
    not_yet.refresh_from_db()
    assert not_yet.state == "submitted"


def test_the_office_reorders_and_signs_off_and_the_leader_approves_then_materials_go_out(org):
    first = approved(org, "议题一", "important")
    approved(org, "议题二", "urgent_important")
    TopicAttachment.objects.create(topic=first, file=ContentFile(b"data", name="table.xlsx"), name="数据表")
    agenda = actions.compile_agenda(org.meeting, now=at("2026-03-05", 18))
    standing = actions.add_standing_item(org.meeting, "上次会议决定事项落实情况")
    items = list(AgendaItem.objects.filter(meeting=org.meeting))
    assert [i.title for i in items] == ["上次会议决定事项落实情况", "议题二", "议题一"]
    with pytest.raises(PermissionDenied):
        actions.reorder_agenda(org.meeting, [i.pk for i in items], actor=org.users.head)
    with pytest.raises(ValidationError) as error:
        actions.reorder_agenda(org.meeting, [standing.pk], actor=org.users.secretary)
    assert set(error.value.message_dict) == {"items"}
    actions.reorder_agenda(org.meeting, [standing.pk, items[2].pk, items[1].pk], actor=org.users.secretary)
    assert list(AgendaItem.objects.filter(meeting=org.meeting).values_list("title", flat=True)) == [
        "上次会议决定事项落实情况", "议题一", "议题二"]
    with pytest.raises(TransitionForbidden):
        actions.transition_agenda(agenda, "sign_off", actor=org.users.director)
    actions.transition_agenda(agenda, "sign_off", actor=org.users.secretary)
    with pytest.raises(TransitionForbidden):
        actions.transition_agenda(agenda, "approve", actor=org.users.secretary)
    actions.transition_agenda(agenda, "approve", actor=org.users.director)
    # Materials one working day before (rules.materials.distribution_workdays): Friday 6 March, 09:00.
    assert actions.distribute_materials(org.meeting, now=at("2026-03-06", 8, 59)) is None
    assert actions.distribute_materials(org.meeting, now=at("2026-03-06", 9)).state == Agenda.State.DISTRIBUTED
    notice = Notice.objects.get(dedupe_key=f"materials:{org.meeting.pk}")
    assert set(notice.deliveries.filter(channel="inbox").values_list("person__name", flat=True)) == {
        "张主任", "李副主任", "钱科长"}
    agenda.refresh_from_db()
    assert agenda.bundle.name.startswith("agendas/")
    assert actions.distribute_materials(org.meeting, now=at("2026-03-06", 10)) is None  # once


def test_organisations_with_different_rules_get_different_deadlines_from_the_same_code(org_a, org_b):
    month_end = "2026-03-31"  # the same month-end meeting in both organisations
    monthly = {"rrule": "FREQ=MONTHLY;BYMONTHDAY=-1"}
    with tenant_context(org_a):
        apply_pack(rules_pack(cadence=monthly, topics={"deadline": {"kind": "weekday_of_previous_week", "weekday": 4,
                                                                     "time": "17:00"}}))
        assert actions.topic_deadline(meeting_on(month_end)) == at("2026-03-26", 17)  # Thursday of the week before
    with tenant_context(org_b):
        apply_pack(rules_pack(cadence=monthly, topics={"deadline": {"kind": "day_of_month", "day": 25,
                                                                     "time": "17:00"}}))
        assert actions.topic_deadline(meeting_on(month_end)) == at("2026-03-25", 17)  # the 25th


def test_organisation_b_cannot_see_or_act_on_a_topics(org_a, org_b):
    with tenant_context(org_a):
        org = organisation()
        meeting_on("2026-03-09")
        topic = submitted(org)
    with tenant_context(org_b):
        assert not Topic.objects.filter(pk=topic.pk).exists()
        other = organisation()  # same usernames, different organisation: none of A's roles
        with pytest.raises(TransitionError):  # in B's schema the row does not exist: the update touches nothing
            TOPIC_STATES.apply(topic, "accept", actor=other.users.secretary, roles={"office"})
    with tenant_context(org_a):
        topic.refresh_from_db()
        assert topic.state == "submitted" and topic.events.count() == 1


def test_it_refuses_a_department_head_filing_in_another_departments_name(org):
    office = Department.objects.get(slug="office")
    with pytest.raises(ValidationError) as error:
        new_topic(org, department=office)
    assert set(error.value.message_dict) == {"department"}
    assert not Topic.objects.exists()
    topic = actions.create_topic(actor=org.users.secretary, meeting_type_slug=SLUG, title="代报议题",
                                 department=Department.objects.get(slug="approvals"), now=BEFORE_DEADLINE)
    assert topic.department.slug == "approvals"  # the office files for any department


def test_a_late_topic_admitted_and_approved_joins_the_compiled_agenda_through_the_task(org):
    with connection.cursor() as cursor:  # the test never commits: check the deferred position constraint now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    approved(org, "按时议题", "important")
    assert compile_due(now=at("2026-03-05", 17, 1)) == [org.meeting.pk]
    late = submitted(org, title="逾期议题", now=at("2026-03-05", 17, 30))
    assert (late.late, late.meeting) == (True, org.next_meeting)
    actions.transition_topic(late, "accept", actor=org.users.secretary)
    actions.admit_late(late, actor=org.users.director, now=at("2026-03-06", 9))
    actions.transition_topic(late, "approve", actor=org.users.director)
    assert compile_due(now=at("2026-03-06", 10)) == [org.meeting.pk]
    items = list(AgendaItem.objects.filter(meeting=org.meeting).values_list("position", "title"))
    assert items == [(0, "按时议题"), (1, "逾期议题")]
    late.refresh_from_db()
    assert late.state == "placed"
    assert compile_due(now=at("2026-03-06", 11)) == []  # nothing waiting: the meeting is not even read


def test_compile_due_reads_the_same_queries_for_more_meetings(org):
    def queries(now):
        with CaptureQueriesContext(connection) as captured:
            compile_due(now=now)
        return len(captured)

    few = queries(at("2026-03-04", 9))
    for day in ("2026-03-23", "2026-03-30", "2026-04-06", "2026-04-13"):
        meeting_on(day)
    assert queries(at("2026-03-04", 9)) == few


def test_an_unplaced_topic_waits_for_the_next_meeting_and_the_task_does_not_put_it_back(org):
    topic = approved(org, "移出的议题", "important")
    compile_due(now=at("2026-03-05", 18))
    topic.refresh_from_db()
    actions.transition_topic(topic, "unplace", actor=org.users.secretary, now=at("2026-03-06", 9))
    assert (topic.state, topic.meeting) == ("approved", org.next_meeting)
    compile_due(now=at("2026-03-06", 10))
    assert not AgendaItem.objects.filter(meeting=org.meeting, topic=topic).exists()


def test_at_the_close_undecided_topics_wait_for_the_next_meeting(org):
    not_reached, discussed, decided = (approved(org, title, "important") for title in ("未讨论", "未决", "已决"))
    actions.compile_agenda(org.meeting, now=at("2026-03-05", 18))
    for topic in (discussed, decided):
        topic.refresh_from_db()
        actions.transition_topic(topic, "discuss", actor=org.users.secretary)
    actions.transition_topic(decided, "decide", actor=org.users.director)
    Meeting.objects.filter(pk=org.meeting.pk).update(status=Meeting.Status.HELD)
    carried = actions.carry_over(org.meeting, now=at("2026-03-09", 11))
    assert [t.title for t in carried] == ["未讨论", "未决"]
    for topic in (not_reached, discussed, decided):
        topic.refresh_from_db()
    assert [(t.state, t.meeting) for t in (not_reached, discussed)] == [("approved", org.next_meeting)] * 2
    assert decided.state == "decided"
    assert not_reached.events.last().transition == "unplace" and not_reached.events.last().actor is None
    assert AgendaItem.objects.filter(meeting=org.meeting).count() == 3  # the held meeting's agenda stays as it was
    assert compile_due(now=at("2026-03-12", 17, 1)) == [org.next_meeting.pk]
    next_agenda = AgendaItem.objects.filter(meeting=org.next_meeting)
    assert set(next_agenda.values_list("title", flat=True)) == {"未讨论", "未决"}
    assert actions.carry_over(org.meeting) == []  # once


def test_the_countdowns_read_the_same_queries_for_more_meetings(org):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            countdowns = actions.office_countdowns(now=at("2026-03-04", 9))
        return len(captured), len(countdowns)

    few, shown = queries()
    for day in ("2026-03-23", "2026-03-30", "2026-04-06", "2026-04-13"):
        meeting_on(day)
    assert queries() == (few, shown + 4)
