"""A held meeting with its people, for the deliberation, minutes, supervision and reports tests.

People: 王主任 (director, chair, leaders), 李副主任 (deputy-director, leaders), 赵科长 (head of 审批科),
钱办事员 (clerk in 审批科, owns action items), 孙督查 (supervisors), 周秘书 (secretary, office),
吴成员 (members group only: holds no role for anything).
"""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from tests.content.packdata import pack
from yishi.content.packs import apply_pack
from yishi.tenants.structure.groups import group
from yishi.tenants.structure.models import Department, Person, Post, PostHolder
from yishi.workflows.scheduling.models import Meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")
SLUG = "office-meeting"


def rules_pack(**meeting_type) -> dict:
    data = pack()
    data["regulations"][0]["meeting_types"][0].update(
        follow_up={"require_owner": True, "progress_interval_workdays": 5, "escalate_after_workdays": 2},
        **meeting_type)
    return data


def make_person(name, *, department=None, post=None, groups=()) -> Person:
    user = User.objects.create_user(f"user{User.objects.count() + 1}", password="x")
    for key in groups:
        user.groups.add(group(key))
    person = Person.objects.create(name=name, user=user, department=department)
    if post:
        PostHolder.objects.create(post=Post.objects.get(slug=post), person=person, roster_order=0)
    return person


def meeting_on(day: dt.date, *, status=Meeting.Status.HELD, confidentiality="internal", hour=15) -> Meeting:
    starts = dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)
    return Meeting.objects.create(
        meeting_type_slug=SLUG, name="处务会", date=day, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        status=status, confidentiality=confidentiality, location="三楼会议室")


def setup_organisation(day: dt.date = dt.date(2025, 9, 26), **meeting_type) -> SimpleNamespace:
    """Apply the rules, create the people and one held meeting on `day`; call inside an organisation."""
    apply_pack(rules_pack(**meeting_type))
    approvals = Department.objects.get(slug="approvals")
    office = Department.objects.get(slug="office")
    people = SimpleNamespace(
        director=make_person("王主任", department=office, post="director", groups=["leaders"]),
        deputy=make_person("李副主任", department=office, post="deputy-director", groups=["leaders"]),
        head=make_person("赵科长", department=approvals, groups=["department_heads"]),
        clerk=make_person("钱办事员", department=approvals, groups=["members"]),
        supervisor=make_person("孙督查", department=office, groups=["supervisors"]),
        secretary=make_person("周秘书", department=office, post="secretary", groups=["office"]),
        outsider=make_person("吴成员", groups=["members"]),  # no department: the organiser role is 办公室
    )
    return SimpleNamespace(people=people, approvals=approvals, office=office, meeting=meeting_on(day))
