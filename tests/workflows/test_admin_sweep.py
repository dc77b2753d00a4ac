"""The within-organisation sweep of the admin (issue 14): every URL pattern of the workflows' admin
views, generated from the URL conf, opened by each role that is not invited or named — a department
head of another department, a leader, an office clerk, a supervisor, a member and a user with no group —
with a confidential meeting (its minutes, invitation, leave, action item, message) and a
draft topic with an attachment present. None of them may show what it names; a new view whose URL
this sweep cannot fill fails it, so no view escapes.

Refused means 404 (hidden, as for a row that does not exist), 403, 405 for a GET of a POST-only view
followed by a POST that is refused too, or Wagtail's redirect for a missing permission."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.agenda_people import SLUG, _person, _user, admin_client, meeting_on, organisation
from tests.workflows.test_workflow_admin import monday
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda import actions as agenda
from yishi.workflows.agenda.models import TopicAttachment
from yishi.workflows.attendance.actions import invite, request_leave
from yishi.workflows.minutes.actions import draft_minutes
from yishi.workflows.notices.models import ChannelSettings, InboxMessage, Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem

SECRET = "机密事项甲"
# The admin URL prefixes of the workflow rooms and the object each `<int:…>` names there.
OURS = ("yishi/", "topics/", "minutes/", "snippets/minutes/", "supervision/", "notices/")
NOT_ROW_BOUND = {"reports_download"}  # reports are organisation-wide documents (their own page rule)


def admin_patterns():
    """(route, view name with namespaces, argument names) of every pattern under /admin/ whose route
    starts with one of OURS."""
    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route, namespaces + [pattern.namespace] if pattern.namespace
                                else namespaces)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield route, ":".join([*namespaces, pattern.name]), list(pattern.pattern.regex.groupindex)

    admin = next(p for p in get_resolver().url_patterns if str(p.pattern) == "admin/")
    return [(route, name, groups) for route, name, groups in walk(admin.url_patterns, "", [])
            if route.startswith(OURS) and name not in NOT_ROW_BOUND]


ROOMS = ("yishi/meetings", "yishi/topics", "yishi/invitations", "yishi/leave", "topics", "snippets/minutes",
         "minutes", "supervision/items", "notices/messages", "notices/deliveries", "notices/channels")


def fill(route: str, name: str, groups: list[str], rows: dict) -> str | None:
    """The URL with each argument filled from `rows` by the room it belongs to; None if unknown."""
    room = next((key for key in ROOMS if route.startswith(key)), None)
    row = {"yishi/meetings": "meeting", "yishi/topics": "topic", "topics": "topic", "yishi/invitations": "invitation",
           "yishi/leave": "leave", "snippets/minutes": "minutes", "minutes": "minutes", "supervision/items": "item",
           "notices/messages": "message", "notices/deliveries": "delivery", "notices/channels": "channels"}.get(room)
    if groups and row is None:
        return None
    values = {"attachment_pk": rows["attachment"], "kind": "docx", "revision_id": rows["revision"],
              "revision_id_a": "earliest", "revision_id_b": "latest"}
    try:
        return reverse(name, kwargs={group: values.get(group, rows.get(row)) for group in groups})
    except NoReverseMatch:
        return None


@pytest.fixture
def rows(org_a):
    with tenant_context(org_a):
        org = organisation()
        for username, role, department in OUTSIDERS:  # in a group, not invited, not named by the rules
            if role:
                _person(f"旁人{username}", _user(username, role), department=department)
        meeting = meeting_on(monday(1), confidentiality="confidential")
        Meeting.objects.filter(pk=meeting.pk).update(location=SECRET)
        meeting.refresh_from_db()
        invitation = next(i for i in invite(meeting) if i.person == org.people.director)
        leave = request_leave(invitation, SECRET, actor=org.users.director)
        topic = agenda.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title=SECRET,
                                    content={"background": SECRET, "proposal": SECRET})
        attachment = TopicAttachment.objects.create(topic=topic, file=ContentFile(SECRET.encode(), name="a.txt"))
        minutes = draft_minutes(meeting)
        item = ActionItem.objects.create(meeting=meeting, title=SECRET, owner_department=Department.objects.first(),
                                         due_date=meeting.date, meeting_type_slug=SLUG)
        notice = notify([org.people.director], Notice.Kind.OTHER, SECRET, SECRET, meeting=meeting, dedupe_key="sweep")
        message = InboxMessage.objects.create(person=org.people.director, notice=notice)  # as delivery makes it
        channels = ChannelSettings.objects.get_or_create(pk=1)[0]
        return {"delivery": notice.deliveries.first().pk, "channels": channels.pk, "meeting": meeting.pk,
                "invitation": invitation.pk, "leave": leave.pk, "topic": topic.pk,
                "attachment": attachment.pk, "minutes": minutes.pk, "item": item.pk, "message": message.pk,
                "revision": minutes.revisions.first().pk}


# (username, group, department): each holds a role of the organisation and nothing of this meeting.
OUTSIDERS = [("head2", None, None), ("leader2", "leaders", None), ("clerk2", "office", "office"),
             ("supervisor2", "supervisors", None), ("member2", "members", None), ("outsider", None, None)]


def refused(client, url: str) -> tuple[bool, str]:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    hidden = response.status_code in (302, 403, 404) or SECRET.encode() not in body
    return hidden and response.status_code != 500, f"{url} → {response.status_code}"


def test_the_sweep_fills_every_workflow_admin_url(org_a, rows):
    patterns = admin_patterns()
    assert len(patterns) >= 40  # the rooms' views and the topic and minutes viewsets
    unknown = [f"{name}: {route}" for route, name, groups in patterns if fill(route, name, groups, rows) is None]
    assert unknown == []  # a new view must say which row it opens


@pytest.mark.parametrize("username", [username for username, _, _ in OUTSIDERS])
def test_it_refuses_every_workflow_admin_view_to_a_user_who_may_not_see_the_rows(org_a, rows, username):
    urls = [url for route, name, groups in admin_patterns() if (url := fill(route, name, groups, rows))]
    client = host_client(org_a)
    with tenant_context(org_a):  # the session lives in the organisation's schema
        client.force_login(get_user_model().objects.get(username=username))
    assert client.get("/admin/").status_code == (302 if username == "outsider" else 200)  # signed in, in role
    leaks = [detail for ok, detail in (refused(client, url) for url in urls) if not ok]
    assert leaks == []


def test_the_same_views_show_an_invitee_his_meeting(org_a, rows):
    director = admin_client(org_a, "director")
    assert SECRET in director.get(f"/admin/yishi/meetings/{rows['meeting']}/").content.decode()
