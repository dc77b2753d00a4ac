"""An organisation with rules, structure and users for the agenda / notice / attendance tests.

People (posts, A/B roster, groups):
    张主任  director A, 领导 group            (chair, member, leave approver)
    李副主任 deputy-director A, 领导 group     (member)
    周副主任 deputy-director B1               (substitute)
    赵秘书  secretary A, office department, 办公室 group (recorder, office)
    钱科长  approvals department, 科室负责人 group
    孙科长  approvals department, 科室负责人 group
    路人    no group, no post
"""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from tests.content.packdata import pack
from yishi.content.packs import apply_pack
from yishi.tenants.structure.groups import group
from yishi.tenants.structure.models import Department, Person, Post, PostHolder
from yishi.workflows.scheduling.models import Meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")
SLUG = "office-meeting"


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=SHANGHAI)


def rules_pack(**meeting_type) -> dict:
    data = pack()
    data["organisation"]["posts"].append({"slug": "approvals-head", "name": "审批科科长", "department": "approvals"})
    mt = data["regulations"][0]["meeting_types"][0]
    mt["cadence"].update(rrule="FREQ=WEEKLY;BYDAY=MO", time="09:00", holiday_policy="skip")
    mt["topics"] = {"deadline": {"kind": "workdays_before", "days": 2, "time": "17:00"},
                    "required_fields": ["title", "background", "proposal"],
                    "ordering_classes": ["urgent_important", "important", "urgent"]}
    mt["attendance"] = {"arrive_early_minutes": 10, "leave_lead_hours": 2, "leave_approver": {"post": "director"},
                        "delegation": "allowed"}
    mt["notice"] = {"lead_workdays": 1}
    mt["materials"] = {"distribution_workdays": 1}
    mt["roles"]["observers"] = [{"post": "approvals-head"}]
    for key, value in meeting_type.items():
        if isinstance(value, dict) and isinstance(mt.get(key), dict):
            mt[key].update(value)
        else:
            mt[key] = value
    return data


def _user(username: str, *groups: str, email: str = ""):
    user = get_user_model().objects.create_user(username, email=email or f"{username}@example.cn", password="x")
    for key in groups:
        user.groups.add(group(key))
    return user


def _person(name: str, user, department: str | None = None, post: str | None = None, order: int = 0):
    person = Person.objects.create(name=name, user=user,
                                   department=Department.objects.get(slug=department) if department else None)
    if post:
        PostHolder.objects.create(post=Post.objects.get(slug=post), person=person, roster_order=order)
    return person


def organisation(**meeting_type) -> SimpleNamespace:
    """Apply the rules and create the people above (call inside the organisation's schema)."""
    apply_pack(rules_pack(**meeting_type))
    users = SimpleNamespace(
        director=_user("director", "leaders"), deputy=_user("deputy", "leaders"), deputy_b=_user("deputy_b"),
        secretary=_user("secretary", "office"), head=_user("head", "department_heads"),
        head2=_user("head2", "department_heads"), outsider=_user("outsider"),
    )
    people = SimpleNamespace(
        director=_person("张主任", users.director, post="director"),
        deputy=_person("李副主任", users.deputy, post="deputy-director"),
        deputy_b=_person("周副主任", users.deputy_b, post="deputy-director", order=1),
        secretary=_person("赵秘书", users.secretary, department="office", post="secretary"),
        head=_person("钱科长", users.head, department="approvals", post="approvals-head"),
        head2=_person("孙科长", users.head2, department="approvals"),
        outsider=_person("路人", users.outsider),
    )
    return SimpleNamespace(users=users, people=people)


def meeting_on(day: str, hour: int = 9, slug: str = SLUG, **fields) -> Meeting:
    """A planned regular meeting (as scheduling would materialise it)."""
    starts = at(day, hour)
    return Meeting.objects.create(
        meeting_type_slug=slug, name="处务会", rule_date=starts.date(), date=starts.date(), starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), location="三楼会议室", **fields)


def admin_client(organisation, username: str):
    """A test client on the organisation's host, signed in to the admin as one of the people above."""
    from tests.support import host_client

    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": "x"}).status_code == 302
    return client
