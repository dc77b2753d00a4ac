"""我的日历订阅: a person issues, copies (and scans) and revokes their own feed URL in the admin;
nobody reaches another person's feed, and organisation B's accounts have nothing here."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from tests.workflows.agenda_people import admin_client, meeting_on, organisation
from yishi.tenants.structure.groups import group
from yishi.workflows.scheduling.models import CalendarFeed

PAGE = "/admin/calendar/subscription/"
ISSUE = "/admin/calendar/subscription/issue/"
REVOKE = "/admin/calendar/subscription/revoke/"


@pytest.fixture
def org(in_org_a):
    people = organisation()
    meeting_on((timezone.localdate() + dt.timedelta(days=7)).isoformat())  # inside the feed's window
    return people


def issued_url(response) -> str:
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # the one answer that shows the secret is not kept
    page = response.content.decode()
    assert 'data-controller="w-clipboard' in page and "<svg" in page  # a copy button and a QR code
    return re.search(r'id="subscription-url" value="([^"]+)"', page).group(1)


def fetch(organisation, url: str):
    path = re.sub(r"^https?://[^/]+", "", url)
    return Client(HTTP_HOST=organisation.primary_host).get(path)


def test_a_person_issues_copies_and_revokes_their_own_feed(org_a, org):
    director = admin_client(org_a, "director")
    assert "您还没有个人订阅地址" in director.get(PAGE).content.decode()

    first = issued_url(director.post(ISSUE))
    assert first.startswith("http://org-a.") and "/calendar/personal/" in first
    feed = fetch(org_a, first)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "处务会" in feed.content.decode()

    page = director.get(PAGE).content.decode()
    assert "正在使用中" in page and first not in page  # shown once, never again
    second = issued_url(director.post(ISSUE))
    assert second != first
    assert fetch(org_a, first).status_code == 404  # the old URL stopped working
    assert fetch(org_a, second).status_code == 200

    revoked = director.post(REVOKE)
    assert revoked.status_code == 302 and revoked["Location"] == PAGE
    assert fetch(org_a, second).status_code == 404
    assert "您还没有个人订阅地址" in director.get(PAGE).content.decode()


def test_nobody_revokes_or_reads_another_persons_feed(org_a, org_b, org):
    url = issued_url(admin_client(org_a, "director").post(ISSUE))
    deputy = admin_client(org_a, "deputy")
    page = deputy.get(PAGE).content.decode()
    assert "您还没有个人订阅地址" in page and url not in page
    # The views take no person: whatever is posted, the deputy acts on the deputy's own feed only.
    deputy.post(REVOKE, {"person": org.people.director.pk})
    secretary = admin_client(org_a, "secretary")  # the office too has no way to another's URL
    secretary.post(REVOKE, {"person": org.people.director.pk})
    assert fetch(org_a, url).status_code == 200
    with tenant_context(org_a):
        assert list(CalendarFeed.objects.values_list("person__name", flat=True)) == ["张主任"]

    bob = host_client(org_b)
    assert bob.post("/admin/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    bob.post(REVOKE)  # on B's host: B's own schema, where A's feeds are not
    assert fetch(org_b, url).status_code == 404  # A's URL means nothing on B's host
    assert fetch(org_a, url).status_code == 200


def test_an_account_without_a_person_is_told_why_and_cannot_issue(org_a, org):
    with tenant_context(org_a):
        get_user_model().objects.create_user("guest", password="x").groups.add(group("members"))
    guest = admin_client(org_a, "guest")
    assert "尚未关联人员信息" in guest.get(PAGE).content.decode()
    refused = guest.post(ISSUE, follow=True)
    assert refused.redirect_chain == [(PAGE, 302)]
    assert "您的账号未关联人员，不能订阅个人日历" in refused.content.decode()
    with tenant_context(org_a):
        assert not CalendarFeed.objects.exists()
    assert host_client(org_a).post(ISSUE).status_code == 302  # signed out: to the login page
