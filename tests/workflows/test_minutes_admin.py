"""Confidential minutes behind every admin path, and issued minutes distributed through the outbox."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from wagtail.models import Revision

from tests.workflows import test_minutes
from tests.workflows.test_minutes import admin_get, can_open_minutes_in_admin, decided, issue
from yishi.workflows.minutes import actions
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.notices.models import Delivery, Notice

SECRET = "同意窗口人员调整方案"  # the decision, in the minutes' body only
NAME = "wagtailsnippets_minutes_minutes"
confidential = test_minutes.confidential  # the fixture: decided, confidential, issued and exported


def minutes_urls(minutes) -> list[str]:
    """Every admin URL that opens one minutes row: each of the snippet viewset's URL patterns with a
    `pk` (so a view Wagtail adds later is tried too), the chooser's, and the download."""
    values = {"pk": minutes.pk, "revision_id": minutes.revisions.order_by("pk").first().pk,
              "revision_id_a": "earliest", "revision_id_b": "latest"}
    urls = []
    for pattern in Minutes.snippet_viewset.get_urlpatterns():
        groups = pattern.pattern.regex.groupindex
        if "pk" in groups:
            urls.append(reverse(f"{NAME}:{pattern.name}", kwargs={name: values[name] for name in groups}))
    # edit, delete, usage, history, inspect, revisions (view, compare, revert, unschedule), unpublish, lock,
    # unlock; no copy (one minutes per meeting) and no workflow views (review is MINUTES_STATES).
    assert len(urls) >= 12
    assert not any("workflow" in url or "copy" in url for url in urls)
    urls.append(reverse("wagtailsnippetchoosers_minutes_minutes:chosen", args=[minutes.pk]))
    urls.append(reverse("minutes_download", args=[minutes.pk, "docx"]))
    return urls


def test_every_admin_path_to_confidential_minutes_refuses_a_non_attendee(confidential, org_a):
    p, minutes = confidential.people, confidential.minutes
    can_open_minutes_in_admin(p.outsider.user, p.deputy.user)  # model permissions: not what decides here
    urls = minutes_urls(minutes)
    revisions = Revision.objects.filter(object_id=str(minutes.pk)).count()
    for url in urls:
        response = admin_get(org_a, p.outsider.user, url)
        assert response.status_code in (403, 404), url
        assert SECRET not in response.content.decode(), url
    for url in (reverse(f"{NAME}:history", args=[minutes.pk]), reverse(f"{NAME}:inspect", args=[minutes.pk])):
        assert admin_get(org_a, p.deputy.user, url).status_code == 200  # an attendee opens them
    lists = [reverse(f"{NAME}:list") + "?q=窗口", reverse(f"{NAME}:list_results") + "?q=窗口",
             "/admin/search/?q=窗口", reverse("wagtailsnippetchoosers_minutes_minutes:choose") + "?q=会议纪要",
             reverse("wagtailsnippetchoosers_minutes_minutes:choose_results") + "?q=会议纪要",
             f"/admin/bulk/minutes/minutes/delete/?id={minutes.pk}", "/admin/reports/site-history/",
             "/admin/reports/workflow/", "/admin/reports/workflow_tasks/"]
    for url in lists:
        response = admin_get(org_a, p.outsider.user, url)
        assert response.status_code in (200, 302, 403, 404), url  # 302: Wagtail's "no permission" redirect home
        assert SECRET not in response.content.decode() and f"/{minutes.pk}/" not in response.content.decode(), url
    edit = reverse(f"{NAME}:edit", args=[minutes.pk])
    assert edit in admin_get(org_a, p.deputy.user, "/admin/reports/site-history/").content.decode()
    chooser = reverse("wagtailsnippetchoosers_minutes_minutes:choose")
    assert f"chosen/{minutes.pk}/" in admin_get(org_a, p.deputy.user, chooser).content.decode()
    assert f"chosen/{minutes.pk}/" not in admin_get(org_a, p.outsider.user, chooser).content.decode()
    assert Revision.objects.filter(object_id=str(minutes.pk)).count() == revisions  # nothing reverted or added
    minutes.refresh_from_db()
    assert minutes.live and minutes.locked is False  # not unpublished, not locked


def test_issuing_distributes_the_minutes_once_through_the_outbox(in_org_a, django_capture_on_commit_callbacks):
    org = decided()
    with django_capture_on_commit_callbacks(execute=False):
        minutes = issue(org.minutes, org.people.director.user)
    notice = Notice.objects.get(dedupe_key=f"minutes:issued:{minutes.pk}")
    assert minutes.number in notice.body and SECRET not in notice.body
    invited = set(org.meeting.invitations.values_list("person_id", flat=True))
    assert set(notice.deliveries.filter(channel="inbox").values_list("person_id", flat=True)) == invited
    deliveries = Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        # A corrected revision published again (by a maintenance script, say): nothing sent again.
        minutes.save_revision(user=org.people.director.user).publish(user=org.people.director.user,
                                                                    skip_permission_checks=True)
    assert Delivery.objects.count() == deliveries
    with pytest.raises(ValidationError):  # issued once: the review table has no second 签发
        actions.review(minutes, "sign", user=org.people.director.user, comment="同意", signed_on=dt.date(2025, 9, 28))


def test_an_issue_rolled_back_sends_nothing(in_org_a, django_capture_on_commit_callbacks):
    org = decided()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            issue(org.minutes, org.people.director.user)
            raise RuntimeError("the caller fails after issuing")
    assert not Notice.objects.filter(dedupe_key__startswith="minutes:issued:").exists()
    assert not Delivery.objects.filter(notice__dedupe_key__startswith="minutes:").exists()
    assert callbacks == []
    org.minutes.refresh_from_db()
    assert (org.minutes.live, org.minutes.number) == (False, "")
