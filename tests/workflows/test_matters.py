"""The matter catalogue (事项目录): a topic's matter is a choice from the catalogue in force; a topic
routed to a meeting the catalogue does not name is refused with the article; prior research (前置研究)
gives advice (建议同意 …) and must come first unless an emergency is stated, which is recorded and
reported to the next meeting of the skipped type; the matter's quorum and rule decide the item."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, admin_client
from tests.workflows.test_deliberation import sitting
from tests.workflows.topic_types import PARTY, two_types, upcoming
from yishi.content.packs import apply_pack
from yishi.content.rules import matters_in_force
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import AgendaItem, Topic
from yishi.workflows.deliberation import actions as deliberation
from yishi.workflows.deliberation.models import Decision

CADRE = {"slug": "cadre", "name": "重要干部任免", "kind": "cadre_appointment", "article": "a-scope1",
         "route": [{"meeting_type": PARTY, "stage": "prior"}, {"meeting_type": SLUG}], "quorum": "2/3"}
SPEND = {"slug": "big-spend", "name": "大额资金使用", "kind": "large_fund", "article": "a-organ1",
         "amount_from": 500000, "route": [{"meeting_type": SLUG}]}


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = two_types(matters=[CADRE, SPEND])
        org.office_meeting = upcoming(SLUG)
        org.party_meeting = upcoming(PARTY, days=16)
        yield org


def office_topic(org, **fields):
    return actions.create_topic(actor=org.users.secretary, meeting_type_slug=SLUG, title="关于任命审批科副科长的议题",
                                **fields)


def test_the_catalogue_in_force_is_the_choice_list(org):
    matters = matters_in_force(timezone.localdate())
    assert set(matters) == {"cadre", "big-spend"} and matters["cadre"].article_label == "一"
    assert [label for _slug, label in actions.matter_choices(timezone.localdate())] == [
        "不属于目录事项", "大额资金使用（处务会）", "重要干部任免（党组会（前置研究） → 处务会）"]
    with pytest.raises(ValidationError) as error:  # a typo is refused, not read as an ordinary matter
        office_topic(org, matter="cadres")
    assert error.value.message_dict == {"matter": ["现行事项目录中没有“cadres”"]}
    assert not Topic.objects.exists()


def test_a_topic_routed_to_the_wrong_meeting_is_refused_with_the_article(org):
    with pytest.raises(ValidationError) as error:
        actions.create_topic(actor=org.users.secretary, meeting_type_slug=PARTY, title="购置审批系统",
                             matter="big-spend", amount=Decimal("800000"))
    assert error.value.message_dict == {"matter": [
        "“大额资金使用”须由 处务会 研究决定（《处务会议事规则》二），不能报送党组会"]}
    assert not Topic.objects.exists()


def test_amounts_put_a_topic_under_the_matter_the_threshold_names(org):
    with pytest.raises(ValidationError) as error:
        office_topic(org, amount=Decimal("800000"))
    assert error.value.message_dict["matter"][0].startswith("金额 800000 元达到“大额资金使用”（500000 元以上）的标准")
    with pytest.raises(ValidationError) as error:
        office_topic(org, matter="big-spend", amount=Decimal("1000"))
    assert error.value.message_dict == {"amount": ["“大额资金使用”适用于 500000 元以上，请填写涉及金额"]}
    assert office_topic(org, matter="big-spend", amount=Decimal("800000")).matter == "big-spend"


def test_prior_research_comes_first_unless_an_emergency_is_recorded_and_reported(org):
    with pytest.raises(ValidationError) as error:
        office_topic(org, matter="cadre")
    assert error.value.message_dict == {"prior_topic": [
        "“重要干部任免”须先经党组会前置研究并建议同意（《处务会议事规则》一）；紧急情况下请说明理由，事后向党组会报告"]}
    topic = office_topic(org, matter="cadre", emergency_reason="原科长突发疾病，窗口工作不能中断")
    assert topic.emergency_reason and topic.emergency_reported_to is None
    Topic.objects.filter(pk=topic.pk).update(state=Topic.State.SUBMITTED)
    actions.compile_agenda(org.office_meeting)  # not the skipped type: nothing reported there
    assert not AgendaItem.objects.filter(meeting=org.office_meeting, kind="standing").exists()
    actions.compile_agenda(org.party_meeting)
    actions.compile_agenda(org.party_meeting)  # once
    report = AgendaItem.objects.get(meeting=org.party_meeting, kind="standing")
    assert report.title == ("紧急情况报告：关于任命审批科副科长的议题"
                            "（未经前置研究，理由：原科长突发疾病，窗口工作不能中断）")
    topic.refresh_from_db()
    assert topic.emergency_reported_to == org.party_meeting


def test_the_topic_form_offers_the_catalogue_and_shows_the_refusal(org_a, org):
    secretary = admin_client(org_a, "secretary")
    url = f"{reverse('topics:add')}?type={PARTY}"
    page = secretary.get(url).content.decode()
    assert '<option value="big-spend">大额资金使用（处务会）</option>' in page
    response = secretary.post(url, {"title": "购置审批系统", "questions": "是否购置", "evidence": "报价",
                                    "ordering_class": "important", "matter": "big-spend", "amount": "800000"})
    assert response.status_code == 200
    assert "“大额资金使用”须由 处务会 研究决定（《处务会议事规则》二），不能报送党组会" in response.content.decode()
    assert not Topic.objects.exists()


BOARD_RULES = {"regulations": [{
    "slug": "major-matters", "title": "三重一大决策制度", "effective_from": "2017-03-21",
    "articles": [{"anchor": "a-cadre1", "text": "重要干部任免事项，经党委前置研究后，提交董事会决定。"}],
    "meeting_types": [{"slug": "board", "name": "董事会",
                       "cadence": {"rrule": "FREQ=MONTHLY;BYDAY=1TU", "time": "09:00", "duration_minutes": 120}}],
    "matters": [{"slug": "cadre", "name": "重要干部任免", "kind": "cadre_appointment", "article": "a-cadre1",
                 "route": [{"meeting_type": "office-meeting", "stage": "prior"}, {"meeting_type": "board"}],
                 "quorum": 0.8}],
}]}


def test_prior_research_gives_advice_and_the_matters_quorum_applies(in_org_a):
    org = sitting(10)
    apply_pack(BOARD_RULES)
    topic = Topic.objects.create(meeting_type_slug="office-meeting", title="张某某任职", state="placed",
                                 meeting=org.meeting, matter="cadre")
    item = AgendaItem.objects.create(meeting=org.meeting, position=1, topic=topic, title=topic.title)
    record = deliberation.open_record(org.meeting, actor=org.people.secretary.user, agenda_item=item)
    secretary = org.people.secretary.user
    with pytest.raises(ValidationError) as error:  # the matter's 4/5 of 15: 12, not the rules' half
        deliberation.decide(record, actor=secretary, outcome="advise_approve", text="建议同意",
                            method="show_of_hands", votes_for=8)
    assert "须至少 12 人" in error.value.message_dict["meeting"][0]
    apply_pack({"regulations": [{**BOARD_RULES["regulations"][0], "matters": [
        {**BOARD_RULES["regulations"][0]["matters"][0], "quorum": None}]}]})
    with pytest.raises(ValidationError) as error:
        deliberation.decide(record, actor=secretary, outcome="adopted", text="同意", method="show_of_hands",
                            votes_for=8)
    assert error.value.message_dict["outcome"][0].startswith("本会议对该事项作前置研究")
    decision = deliberation.decide(record, actor=secretary, outcome="advise_approve", text="建议同意，提交董事会",
                                   method="show_of_hands", votes_for=8)
    assert (decision.get_outcome_display(), decision.quorum_required) == ("建议同意", 8)  # the rules' half again
    assert actions.clean_matter("board", "cadre", dt.date.today(), prior_topic=topic).name == "重要干部任免"
    with pytest.raises(ValidationError):
        actions.clean_matter("board", "cadre", dt.date.today())
    assert Decision.objects.count() == 1
