"""The within-organisation sweep: who in one organisation sees what, through every field and every feed.

Beside test_sweep.py (one organisation never sees another), built from the schema the same way so a
new field cannot escape it: every root field selecting everything below it, and every field with an
ID argument (`node`, …) called with every id anyone in the organisation is given and every id made
from the rows of the Node types no list returns. With a confidential meeting, an internal meeting and
a draft topic present, each caller's answers are searched for three markers:

    caller                              internal meeting  confidential meeting  draft topic
    anonymous portal                    -                 -                     -
    API key of every scope              yes               -                     -
    API key acting as the member        yes               -                     yes (own)
    office (secretary: its recorder)    yes               yes                   -
    leader (director: its chair)        yes               yes                   -
    head of another department          yes               -                     -
    member (invited; wrote the topic)   yes               yes                   yes (own)
    non-invitee                         yes               -                     -

(The member also has a leave request, so that every Node type has a row to try.) The confidential
meeting's outcome (agenda, minutes, decisions) is in no answer at all; a key is never cleared for a
confidential meeting, even acting as an invitee. Feeds: the anonymous feeds show neither meeting; a
personal feed adds internal meetings, never a confidential one.
"""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from graphql_relay import from_global_id

from tests.graphql.helpers import ALL_SCOPES, body_of, global_id, post
from tests.graphql.sentinels import seed
from tests.graphql.test_sweep import (  # noqa: F401 — sweep_limits: the sweep's cost limit, autouse here too
    MADE_IDS,
    harvested_ids,
    id_arguments,
    node_types,
    root_queries,
    sweep_limits,
    with_id,
)
from yishi.graphql.api import schema
from yishi.graphql.keys.models import ApiKey
from yishi.tenants.structure.groups import group
from yishi.tenants.structure.models import Department, Person, Post, PostHolder
from yishi.workflows.agenda.models import Topic
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.scheduling.actions import issue_feed
from yishi.workflows.scheduling.models import Meeting

INTERNAL, CONFIDENTIAL, DRAFT = "内部会场甲", "绝密会场甲", "草稿议题甲"
NEVER = ("绝密哨兵会议程", "绝密哨兵会纪要", "绝密哨兵会决定", "绝密哨兵会督办")  # a confidential meeting's outcome
SEES = {  # caller → (internal meeting, confidential meeting, draft topic)
    "anonymous": (False, False, False),
    "key": (True, False, False),
    "key as member": (True, False, True),
    "office": (True, True, False),
    "leader": (True, True, False),
    "other head": (True, False, False),
    "member": (True, True, True),
    "non-invitee": (True, False, False),
}


def person(username: str, name: str, *, groups=(), department=None, post=None):
    user = get_user_model().objects.create_user(username)
    for key in groups:
        user.groups.add(group(key))
    someone = Person.objects.create(name=name, user=user,
                                    department=Department.objects.get(slug=department) if department else None)
    if post:
        PostHolder.objects.create(post=Post.objects.get(slug=post), person=someone)
    return user


@pytest.fixture
def organisation(org_a):
    """A's sentinels; the internal and confidential meetings marked by their places; people; a draft topic."""
    seed(org_a)
    with tenant_context(org_a):
        Meeting.objects.filter(confidentiality="internal").update(location=INTERNAL)
        secret = Meeting.objects.get(confidentiality="confidential")
        secret.location = CONFIDENTIAL
        secret.save()
        users = SimpleNamespace(
            office=person("office", "赵秘书", groups=["office"], department="office", post="secretary"),
            leader=person("leader", "张主任", groups=["leaders"], post="director"),
            other_head=person("other-head", "钱科长", groups=["department_heads"], department="approvals"),
            member=person("member", "孙委员", department="jia-sentinel-dept"),
            non_invitee=person("non-invitee", "路人"),
        )
        Invitation.objects.create(meeting=secret, person=users.member.person, role="member")
        public = Invitation.objects.create(meeting=Meeting.objects.get(confidentiality="public"),
                                           person=users.member.person, role="member")
        LeaveRequest.objects.create(invitation=public, reason="出差", requested_by=users.member,
                                    requested_at=timezone.now())
        Topic.objects.create(meeting_type_slug="jia-sentinel-secret", title=DRAFT, submitted_by=users.member,
                             department=users.member.person.department, state=Topic.State.DRAFT)
        keys = {"key": ApiKey.issue("门户", ALL_SCOPES)[1],
                "key as member": ApiKey.issue("委员的应用", ALL_SCOPES, acts_as=users.member)[1]}
        feeds = {name: issue_feed(user.person) for name, user in vars(users).items()}
    return SimpleNamespace(users=users, keys=keys, feeds=feeds)


def callers(org_a, organisation):
    """(name, client, key) for each caller of the table."""
    found = [("anonymous", Client(HTTP_HOST=org_a.primary_host), None)]
    found += [(name, Client(HTTP_HOST=org_a.primary_host), key) for name, key in organisation.keys.items()]
    for name in ("office", "leader", "other head", "member", "non-invitee"):
        client = Client(HTTP_HOST=org_a.primary_host)
        with tenant_context(org_a):
            client.force_login(getattr(organisation.users, name.replace(" ", "_").replace("-", "_")))
        found.append((name, client, None))
    return found


def every_id(org_a, clients) -> set[str]:
    """Every id any caller is given by the root fields, and ids made from the rows of MADE_IDS."""
    ids = set()
    for (_name, client, key), query in itertools.product(clients, root_queries(schema).values()):
        ids |= harvested_ids(body_of(post(client, query, key=key)).get("data"))
    with tenant_context(org_a):
        for type_name, model in MADE_IDS.items():
            ids |= {global_id(org_a, type_name, pk) for pk in model.objects.values_list("pk", flat=True)}
    return ids


def test_each_caller_sees_what_its_role_allows_through_every_field(org_a, organisation):
    clients = callers(org_a, organisation)
    assert {name for name, _client, _key in clients} == set(SEES)
    ids = sorted(every_id(org_a, clients))
    assert {from_global_id(i)[0] for i in ids} == node_types(), "a Node type without an id to try"
    id_fields = {name: field for name, field in schema.graphql_schema.query_type.fields.items() if id_arguments(field)}
    for name, client, key in clients:
        texts = []
        for field, query in root_queries(schema).items():
            response = post(client, query, key=key)
            assert response.status_code == 200 and "errors" not in body_of(response), (name, field, response.content)
            texts.append(response.content.decode())
        for (field_name, field), an_id in itertools.product(id_fields.items(), ids):
            response = post(client, "{ " + with_id(field_name, field, an_id) + " }", key=key)
            assert response.status_code == 200 and "errors" not in body_of(response), (name, field_name, an_id)
            texts.append(response.content.decode())
        seen = "\n".join(texts)
        assert (INTERNAL in seen, CONFIDENTIAL in seen, DRAFT in seen) == SEES[name], name
        assert not any(marker in seen for marker in NEVER), f"{name} sees a confidential meeting's outcome"
        assert "甲哨兵会议室" in seen, f"{name} saw not even the public meeting: the sweep would miss a leak"


def test_the_rule_is_the_workflows_one(org_a, organisation):
    """The signed-in rows of the table are what yishi.workflows.scheduling.visibility.visible_meetings decides."""
    from yishi.workflows.scheduling.visibility import visible_meetings

    with tenant_context(org_a):
        for name in ("office", "leader", "other head", "member", "non-invitee"):
            user = getattr(organisation.users, name.replace(" ", "_").replace("-", "_"))
            cleared = visible_meetings(user).filter(confidentiality="confidential").exists()
            assert cleared == SEES[name][1], name


def test_feeds_show_no_confidential_meeting_and_internal_ones_only_in_personal_feeds(org_a, organisation):
    client = Client(HTTP_HOST=org_a.primary_host)
    with tenant_context(org_a):
        slugs = set(Meeting.objects.values_list("meeting_type_slug", flat=True))
        # Feeds show the months around today: the meetings move to next week.
        for meeting in Meeting.objects.all():
            shift = timezone.localdate() + dt.timedelta(days=7) - meeting.date
            meeting.date, meeting.starts_at, meeting.ends_at = (meeting.date + shift, meeting.starts_at + shift,
                                                               meeting.ends_at + shift)
            meeting.save()
    anonymous = [client.get("/calendar.ics")] + [client.get(f"/calendar/{slug}.ics") for slug in sorted(slugs)]
    assert [response.status_code for response in anonymous] == [200, 404, 200, 404]  # internal, public, secret
    for response in anonymous:
        text = response.content.decode()
        assert INTERNAL not in text and CONFIDENTIAL not in text and DRAFT not in text
    assert "甲哨兵会议室" in anonymous[0].content.decode()
    for name, token in organisation.feeds.items():
        response = client.get(f"/calendar/personal/{token}.ics")
        text = response.content.decode()
        assert response.status_code == 200 and INTERNAL in text, name
        assert CONFIDENTIAL not in text and DRAFT not in text, f"{name}'s feed shows a confidential meeting"
