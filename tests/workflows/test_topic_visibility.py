"""Who sees which topic, in every view of the topics admin: drafts only to their submitter; a
confidential meeting type's topics only to the roles its rules name; department heads their own
department's; the office all. The list shows labels and names, not codes, at constant query cost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, _person, _user, admin_client
from tests.workflows.topic_types import PARTY, two_types, upcoming
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Topic

OPEN, SECRET, OTHER, DRAFT = "审批科的议题", "党组会的涉密议题", "规划科的议题", "钱科长的草稿"


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = two_types()
        upcoming(SLUG)
        upcoming(PARTY, days=16)
        org.users.planner = _user("planner", "department_heads")  # head of 规划科, files its topics
        _person("吴科长", org.users.planner, department="planning")
        org.users.leader = _user("leader", "leaders")  # a leader with no post: not named by 党组会's rules
        _person("郑领导", org.users.leader)
        head = org.users.head
        org.open = submit(head, SLUG, OPEN, background="b", proposal="p")
        org.secret = submit(head, PARTY, SECRET, questions="q", evidence="e")
        org.other = submit(org.users.planner, SLUG, OTHER, background="b", proposal="p")
        org.draft = actions.create_topic(actor=head, meeting_type_slug=SLUG, title=DRAFT)
    return org


def submit(actor, slug, title, **content) -> Topic:
    files = [SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")] if slug == PARTY else []
    return actions.create_topic(actor=actor, meeting_type_slug=slug, title=title, content=content,
                                attachments=files, submit=True)


def listed(org_a, username) -> set[str]:
    page = admin_client(org_a, username).get(reverse("topics:index")).content.decode()
    return {title for title in (OPEN, SECRET, OTHER, DRAFT) if title in page}


def test_each_role_lists_the_topics_it_may_read(org_a, org):
    assert listed(org_a, "secretary") == {OPEN, SECRET, OTHER}  # the office: all but others' drafts
    assert listed(org_a, "director") == {OPEN, SECRET, OTHER}  # the chair of both types
    assert listed(org_a, "head") == {OPEN, SECRET, DRAFT}  # their own, drafts included
    assert listed(org_a, "planner") == {OTHER}


def test_it_refuses_confidential_titles_to_a_leader_and_a_department_head_not_named_by_the_rules(org_a, org):
    assert listed(org_a, "leader") == {OPEN, OTHER}  # leaders read every internal topic, not the confidential
    assert listed(org_a, "head2") == {OPEN}  # 审批科's head: the department's topics, not its confidential one


def test_it_refuses_the_history_and_usage_of_a_hidden_topic(org_a, org):
    leader, office = admin_client(org_a, "leader"), admin_client(org_a, "secretary")
    for name in ("history", "usage"):
        url = reverse(f"topics:{name}", args=[org.secret.pk])
        assert leader.get(url).status_code == 404, name
        assert office.get(url).status_code == 200, name
    assert admin_client(org_a, "secretary").get(reverse("topics:history", args=[org.draft.pk])).status_code == 404
    assert admin_client(org_a, "secretary").get(reverse("topics:edit", args=[org.draft.pk])).status_code == 404


def test_it_refuses_the_topic_page_of_a_hidden_topic(org_a, org, org_b):
    url = reverse("yishi_topic", args=[org.secret.pk])
    assert admin_client(org_a, "leader").get(url).status_code == 404
    assert admin_client(org_a, "head2").get(url).status_code == 404
    assert admin_client(org_a, "planner").get(reverse("yishi_topic", args=[org.open.pk])).status_code == 404
    assert admin_client(org_a, "head2").get(reverse("yishi_topic", args=[org.open.pk])).status_code == 200
    assert admin_client(org_a, "director").get(url).status_code == 200
    with tenant_context(org_b):
        two_types()  # B's own office, same usernames
    assert admin_client(org_b, "secretary").get(reverse("yishi_topic", args=[org.open.pk])).status_code == 404


def row(page: str, title: str) -> str:
    return next(part for part in page.split("<tr") if title in part)


def test_the_list_and_the_page_show_labels_names_and_local_times(org_a, org):
    with tenant_context(org_a):
        Topic.objects.filter(pk=org.other.pk).update(late=True)
        org.open.refresh_from_db()
        deadline = f"{timezone.localtime(org.open.deadline_at):%Y-%m-%d %H:%M}"
    assert deadline.endswith(" 17:00")  # the rules' 17:00, Shanghai time (09:00 UTC)
    secretary = admin_client(org_a, "secretary")
    page = secretary.get(reverse("topics:index")).content.decode()
    assert "逾期报送" in page
    for shown in ("已报送", "处务会", "钱科长", deadline):
        assert shown in row(page, OPEN), shown
    assert "党组会" in row(page, SECRET) and "吴科长" in row(page, OTHER)
    assert "icon-check" in row(page, OTHER) and "icon-cross" in row(page, OPEN)  # 逾期报送 yes / no
    for code in (">submitted<", ">office-meeting<", ">head<", "09:00 UTC"):
        assert code not in page, code
    topic_page = secretary.get(reverse("yishi_topic", args=[org.open.pk])).content.decode()
    for shown in ("处务会", "钱科长", "背景说明", "初步建议方案", deadline, "紧急但不重要"):
        assert shown in topic_page, shown
    assert ">head<" not in topic_page and ">background<" not in topic_page and ">urgent<" not in topic_page


def test_the_list_reads_the_same_queries_for_more_topics(org_a, org):
    secretary = admin_client(org_a, "secretary")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert secretary.get(reverse("topics:index")).status_code == 200
        return len(captured)

    few = queries()
    with tenant_context(org_a):
        for number in range(10):
            submit(org.users.planner if number % 2 else org.users.head, SLUG, f"更多议题{number}",
                   background="b", proposal="p")
    assert queries() == few
