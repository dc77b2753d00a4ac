"""Workflow files (topic attachments, materials bundles) go through checked views, never a bare media URL."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.agenda_people import SLUG, admin_client, meeting_on, organisation
from yishi.platform.views import organisation_media
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Agenda, TopicAttachment

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
        Agenda.objects.create(meeting=meeting, bundle=ContentFile(SECRET, name="bundle.zip"))
    return topic, attachment, meeting


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_attachment_and_the_materials_reach_the_office_and_the_submitter_only(org_a, files):
    topic, attachment, meeting = files
    attachment_url = f"/admin/yishi/topics/{topic.pk}/attachments/{attachment.pk}/"
    bundle_url = f"/admin/yishi/meetings/{meeting.pk}/materials/"
    for username in ("secretary", "head"):  # the office; the topic's submitter
        assert body(admin_client(org_a, username).get(attachment_url)) == SECRET
    assert body(admin_client(org_a, "secretary").get(bundle_url)) == SECRET
    other_head = admin_client(org_a, "head2")  # a department head, neither submitter nor invited
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


def test_development_media_serves_only_the_hosts_own_folder(org_a, org_b, files):
    _, attachment, _ = files
    request, path = RequestFactory().get("/"), f"{org_a.schema_name}/{attachment.file.name}"
    with tenant_context(org_a):
        assert body(organisation_media(request, path)) == SECRET
        with pytest.raises(Http404):
            organisation_media(request, f"{org_a.schema_name}/../{org_b.schema_name}/x")
    with tenant_context(org_b), pytest.raises(Http404):
        organisation_media(request, path)
