"""The topic inbox in the admin for the seeded groups: lists open to them, a new topic made by the
workflow action (its rules and roles) from the form the rules build, editing only while a topic is a
draft or returned."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, admin_client, organisation
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Topic


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        people = organisation()
        submitted = actions.create_topic(actor=people.users.head, meeting_type_slug=SLUG, title="已报送的议题",
                                         content={"background": "b", "proposal": "p"})
        actions.transition_topic(submitted, "submit", actor=people.users.head)
        people.submitted = submitted
    return people


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def new_topic(**fields) -> dict:
    """The form of the only meeting type in force (so no type to choose): its required content fields
    and ordering classes."""
    return {"title": "新议题", "background": "背景", "proposal": "", "ordering_class": "important",
            "meeting": "", "department": "", **fields}


def test_the_inbox_and_the_own_messages_open_for_the_seeded_groups(org_a, org):
    for username in ("secretary", "director", "head"):  # office, leaders, department heads
        client = admin_client(org_a, username)
        listing = client.get(reverse("topics:index"))
        assert listing.status_code == 200 and "已报送的议题" in listing.content.decode(), username
        assert client.get(reverse("notices_inbox")).status_code == 200, username
    assert admin_client(org_a, "secretary").get(reverse("notice_deliveries:index")).status_code == 200


def test_a_new_topic_is_a_draft_made_by_the_workflow_action(org_a, org):
    response = admin_client(org_a, "head").post(reverse("topics:add"), new_topic())
    with tenant_context(org_a):
        topic = Topic.objects.get(title="新议题")
        assert response.status_code == 302 and response["Location"] == reverse("yishi_topic", args=[topic.pk])
        assert topic.state == Topic.State.DRAFT and topic.submitted_by == org.users.head
        assert topic.department.slug == "approvals"  # from the submitter's person, as the action does
        assert (topic.content, topic.ordering_class) == ({"background": "背景", "proposal": ""}, "important")


def test_a_bad_topic_names_the_field_and_creates_nothing(org_a, org):
    head = admin_client(org_a, "head")
    response = head.post(reverse("topics:add"), new_topic(ordering_class="随便"))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"ordering_class"}
    # Submitting at once: the rules' required fields are checked by the action, on the form's fields.
    response = head.post(reverse("topics:add"), new_topic(submit_now="on"))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"proposal"}
    assert "初步建议方案 为必填项" in response.content.decode()
    with tenant_context(org_a):
        assert not Topic.objects.filter(title="新议题").exists()


def test_leaders_read_the_inbox_but_do_not_add(org_a, org):
    response = admin_client(org_a, "director").post(reverse("topics:add"), new_topic())
    assert refused(response)
    with tenant_context(org_a):
        assert not Topic.objects.filter(title="新议题").exists()


def test_a_submitted_topic_is_not_edited_in_the_form(org_a, org):
    head = admin_client(org_a, "head")
    assert refused(head.get(reverse("topics:edit", args=[org.submitted.pk])))
    with tenant_context(org_a):
        draft = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="草稿议题")
    assert head.get(reverse("topics:edit", args=[draft.pk])).status_code == 200
    other_head = admin_client(org_a, "head2")  # same department: reads its submitted topics, not the drafts
    assert other_head.get(reverse("topics:edit", args=[draft.pk])).status_code == 404
    assert refused(other_head.get(reverse("topics:edit", args=[org.submitted.pk])))
