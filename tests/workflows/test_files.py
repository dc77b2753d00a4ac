"""Workflow files (topic attachments, materials bundles) go through checked views, never a bare media URL."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.agenda_people import SLUG, _person, _user, admin_client, meeting_on, organisation
from yishi.platform.views import organisation_media
from yishi.tenants.structure.models import Department, Person
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Agenda, TopicAttachment
from yishi.workflows.attendance.models import Invitation

SECRET = b"%PDF-1.4 attachment-sentinel"


@pytest.fixture
def files(org_a):
    with tenant_context(org_a):
        org = organisation()
        day = timezone.localdate() + dt.timedelta(days=14)
        meeting = meeting_on(day.isoformat())
        topic = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="附件议题",
                                     content={"background": "b", "proposal": "p"}, meeting=meeting)
        attachment = TopicAttachment.objects.create(topic=topic, file=ContentFile(SECRET, name="data.pdf"), name="数据")
        actions.transition_topic(topic, "submit", actor=org.users.head)
        Agenda.objects.create(meeting=meeting, bundle=ContentFile(SECRET, name="bundle.zip"))
        # The head of another department: reads none of 审批科's topics.
        Department.objects.create(slug="planning", name="规划科")
        _person("吴科长", _user("head3", "department_heads"), department="planning")
    return topic, attachment, meeting


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_attachment_and_the_materials_reach_those_who_read_the_topic_only(org_a, files):
    topic, attachment, meeting = files
    attachment_url = f"/admin/yishi/topics/{topic.pk}/attachments/{attachment.pk}/"
    bundle_url = f"/admin/yishi/meetings/{meeting.pk}/materials/"
    for username in ("secretary", "head", "head2"):  # the office; the submitter; the department's other head
        assert body(admin_client(org_a, username).get(attachment_url)) == SECRET
    assert body(admin_client(org_a, "secretary").get(bundle_url)) == SECRET
    other_head = admin_client(org_a, "head3")  # another department's head, not invited
    assert other_head.get(attachment_url).status_code == 404
    assert other_head.get(bundle_url).status_code == 404
    assert host_client(org_a).get(attachment_url).status_code == 302  # anonymous: to the login page


def test_another_organisations_host_serves_none_of_them(org_a, org_b, files):
    topic, attachment, meeting = files
    with tenant_context(org_b):
        organisation()  # B has its own secretary (office), same username
    office_b = admin_client(org_b, "secretary")
    assert office_b.get(f"/admin/yishi/topics/{topic.pk}/attachments/{attachment.pk}/").status_code == 404
    assert office_b.get(f"/admin/yishi/meetings/{meeting.pk}/materials/").status_code == 404


def test_development_media_serves_only_the_hosts_own_images(org_a, org_b, files, settings):
    _, attachment, _ = files
    image = Path(settings.MEDIA_ROOT) / org_a.schema_name / "images" / "logo.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"PNG")
    request, path = RequestFactory().get("/"), f"{org_a.schema_name}/images/logo.png"
    with tenant_context(org_a):
        assert body(organisation_media(request, path)) == b"PNG"
        for refused in (f"{org_a.schema_name}/{attachment.file.name}",  # attachments: checked views only
                        f"{org_a.schema_name}/images/../{attachment.file.name}",
                        f"{org_a.schema_name}/../{org_b.schema_name}/images/x"):
            with pytest.raises(Http404):
                organisation_media(request, refused)
    with tenant_context(org_b), pytest.raises(Http404):
        organisation_media(request, path)


def test_it_refuses_a_drafts_attachment_to_an_invitee_until_the_topic_is_on_the_agenda(org_a, files):
    _topic, _attachment, meeting = files
    with tenant_context(org_a):
        users = {user.username: user for user in get_user_model().objects.all()}
        draft = actions.create_topic(actor=users["head"], meeting_type_slug=SLUG, title="草稿议题",
                                     content={"background": "b", "proposal": "p"}, meeting=meeting)
        attachment = TopicAttachment.objects.create(topic=draft, file=ContentFile(SECRET, name="draft.pdf"))
        Invitation.objects.create(meeting=meeting, person=Person.objects.get(name="吴科长"), role="observer")
    url = f"/admin/yishi/topics/{draft.pk}/attachments/{attachment.pk}/"
    invitee = admin_client(org_a, "head3")
    assert invitee.get(url).status_code == 404  # invited to the meeting, but the topic is a draft
    with tenant_context(org_a):
        actions.transition_topic(draft, "submit", actor=users["head"])
        actions.transition_topic(draft, "accept", actor=users["secretary"])
        actions.transition_topic(draft, "approve", actor=users["director"])
        actions.transition_topic(draft, "place", actor=users["secretary"], meeting=meeting)
    assert body(invitee.get(url)) == SECRET  # now part of the meeting's materials
    assert invitee.get(f"/admin/yishi/topics/{draft.pk}/").status_code == 404  # the topic itself stays hidden
