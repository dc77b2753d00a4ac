"""The demo organisations' people (tenants/casts/*.yaml): every login holds the roles the demo rules give it."""

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Page, Workflow
from wagtail.users.models import UserProfile

from tests.support import host_client
from yishi.content.packs import apply_pack, load_template
from yishi.content.rules import rules_in_force
from yishi.tenants import demo
from yishi.tenants.cast import DEMO_PASSWORD, Cast, Member, apply_cast, cast_of
from yishi.tenants.models import Organisation
from yishi.tenants.structure.models import Person, PostHolder
from yishi.workflows import roles as R
from yishi.workflows.roles import post_roster, roles_of

DEMOS = {d["slug"]: d for d in demo.DEMO_ORGANISATIONS}
TODAY = dt.date(2025, 3, 3)  # a Monday, long after every demo regulation came into force

# (organisation, meeting type, username) → the roles the rules give that person for that meeting type.
RULE_ROLES = [
    ("yunxi-centre", "weekly-meeting", "director", {R.CHAIR, R.LEADER, R.MINUTES_SIGNER}),
    ("yunxi-centre", "weekly-meeting", "deputy", {R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.LEADER}),
    ("yunxi-centre", "weekly-meeting", "secretary", {R.SECRETARY, R.MEMBER, R.OFFICE}),
    ("yunxi-centre", "weekly-meeting", "office", {R.OFFICE, R.MEMBER}),
    ("yunxi-centre", "weekly-meeting", "head2", {R.DEPARTMENT_HEAD, R.MEMBER}),
    ("yunxi-centre", "weekly-meeting", "supervisor", {R.SUPERVISOR, R.MEMBER}),
    ("yunxi-centre", "chief-representative-meeting", "director",
     {R.CHAIR, R.MEMBER, R.LEADER, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    # 首席代表 A is a member; the B holder stands in on leave. Both sit in as window-management staff.
    ("yunxi-centre", "chief-representative-meeting", "member", {R.MEMBER, R.OBSERVER}),
    ("yunxi-centre", "chief-representative-meeting", "member_b", {R.OBSERVER}),
    ("yunxi-centre", "chief-representative-meeting", "head", {R.DEPARTMENT_HEAD, R.OBSERVER}),
    ("yunxi-centre", "party-committee-meeting", "director",
     {R.CHAIR, R.MEMBER, R.LEADER, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    ("yunxi-centre", "party-committee-meeting", "secretary", {R.SECRETARY}),
    ("linjiang-bureau", "weekly-meeting", "director",
     {R.CHAIR, R.LEADER, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    ("linjiang-bureau", "weekly-meeting", "deputy", {R.LEADER}),
    ("linjiang-bureau", "weekly-meeting", "secretary", {R.SECRETARY, R.MEMBER, R.OFFICE}),
    ("linjiang-bureau", "weekly-meeting", "member", {R.MEMBER}),
    ("linjiang-bureau", "weekly-meeting", "head2", {R.DEPARTMENT_HEAD, R.MEMBER}),
    ("linjiang-bureau", "party-group-meeting", "partysec",
     {R.CHAIR, R.MEMBER, R.LEADER, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    ("linjiang-bureau", "party-group-meeting", "discipline", {R.MEMBER, R.LEADER}),
    ("linjiang-bureau", "section-meeting", "head",
     {R.CHAIR, R.MEMBER, R.DEPARTMENT_HEAD, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    ("linjiang-centre-office", "office-affairs-meeting", "director",
     {R.CHAIR, R.MEMBER, R.LEADER, R.LEAVE_APPROVER, R.MINUTES_REVIEWER, R.MINUTES_SIGNER}),
    ("linjiang-centre-office", "office-affairs-meeting", "member", {R.MEMBER}),
    ("linjiang-centre-office", "office-affairs-meeting", "head", {R.MEMBER, R.DEPARTMENT_HEAD}),
    ("linjiang-centre-office", "office-affairs-meeting", "secretary", {R.SECRETARY, R.OFFICE}),
    ("linjiang-centre-office", "director-office-meeting", "head", {R.OBSERVER, R.DEPARTMENT_HEAD}),
    ("linjiang-centre-office", "director-office-meeting", "supervisor", {R.SUPERVISOR, R.OFFICE}),
]
# organisation → (post, [usernames on its roster, A first]).
ROSTERS = [
    ("yunxi-centre", "chief-representative", ["member", "member_b"]),
    ("linjiang-bureau", "service-window", ["member", "member_b"]),
    ("linjiang-bureau", "duty-leader", ["director", "deputy"]),
    ("linjiang-centre-office", "principal-staff", ["member", "member_b"]),
]


def test_the_demo_logins_table_lists_every_cast_member():
    docs = Path(__file__).parents[2] / "docs" / "operations.md"
    sections = docs.read_text(encoding="utf-8").split("## Demo logins", 1)[1].split("\n## ", 1)[0].split("**")
    for slug in DEMOS:
        table = next(part for index, part in enumerate(sections) if f"(`{slug}`" in part and index % 2 == 0)
        for member in cast_of(slug).people:
            assert f"| {member.username} | {member.name} |" in table, (slug, member.username)


def load_demo_people(slug: str) -> None:
    """The demo organisation's packs and cast, in the current (test) organisation."""
    for name in DEMOS[slug]["packs"]:
        apply_pack(load_template(name))
    apply_cast(cast_of(slug))


@pytest.mark.parametrize("slug", list(DEMOS))
def test_every_demo_organisation_has_the_whole_cast(slug):
    cast = cast_of(slug)
    assert cast.organisation == slug
    usernames = {member.username for member in cast.people}
    assert usernames >= {"office", "director", "deputy", "head", "head2", "member", "member_b", "secretary",
                         "supervisor"}
    assert all(member.email.endswith(f"@{slug}.example") for member in cast.people)
    assert len({member.name for member in cast.people}) == len(cast.people)  # people told apart by name


@pytest.mark.parametrize(("slug", "meeting_type", "username", "expected"), RULE_ROLES)
def test_each_cast_member_holds_the_roles_the_demo_rules_give_them(in_org_a, slug, meeting_type, username,
                                                                     expected):
    load_demo_people(slug)
    rules = rules_in_force(meeting_type, TODAY)
    user = get_user_model().objects.get(username=username)
    assert roles_of(user, rules, TODAY) == expected


@pytest.mark.parametrize(("slug", "post", "usernames"), ROSTERS)
def test_the_ab_pairs_are_on_one_roster_a_first(in_org_a, slug, post, usernames):
    load_demo_people(slug)
    assert [holder.person.user.username for holder in post_roster(post, TODAY)] == usernames


def test_head_and_head2_lead_different_departments(in_org_a):
    for slug in DEMOS:
        cast = {member.username: member for member in cast_of(slug).people}
        assert cast["head"].department != cast["head2"].department
        assert cast["head"].groups == cast["head2"].groups == ("department_heads",)


def test_applying_a_cast_again_changes_nothing(in_org_a):
    load_demo_people("linjiang-bureau")
    counts = (get_user_model().objects.count(), Person.objects.count(), PostHolder.objects.count())
    apply_cast(cast_of("linjiang-bureau"))
    assert (get_user_model().objects.count(), Person.objects.count(), PostHolder.objects.count()) == counts
    deputy = get_user_model().objects.get(username="deputy")
    # A compound family name: 欧阳 + 晓燕, shown family name first.
    assert (deputy.last_name, deputy.first_name, deputy.get_full_name()) == ("欧阳", "晓燕", "欧阳晓燕")
    assert deputy.email == "deputy@linjiang-bureau.example" and deputy.check_password(DEMO_PASSWORD)
    assert deputy.person.name == "欧阳晓燕"


def test_a_cast_naming_an_unknown_department_is_refused_and_writes_nothing(in_org_a):
    load_demo_people("linjiang-centre-office")
    users = get_user_model().objects.count()
    cast = Cast("x", people=(Member("newcomer", "新人", "n@x.example"),
                             Member("lost", "迷路", "l@x.example", department="nowhere", posts=(("no-post", 0),))))
    with pytest.raises(ValidationError) as refused:
        apply_cast(cast)
    assert refused.value.message_dict == {"people[1].department": ["未知科室 'nowhere'"],
                                          "people[1].posts": ["未知岗位 no-post"]}
    assert get_user_model().objects.count() == users


def account_form(html: str) -> dict:
    """What a browser sends back from the account page's form, unchanged."""
    form = BeautifulSoup(html, "html.parser").find("form", id="w-editor-form")
    data = {}
    for field in form.find_all(["input", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"file", "submit", "password"}:
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def demo_centre_office(organisations, django_db_blocker, monkeypatch):
    """`load_demo` for one demo organisation, committed as `yishi setup` leaves it; removed after."""
    monkeypatch.setattr(demo, "DEMO_ORGANISATIONS", [DEMOS["linjiang-centre-office"]])
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        try:
            organisation, = demo.load_demo()
            yield organisation
        finally:
            connection.set_schema_to_public()
            Organisation.objects.get(slug="linjiang-centre-office").delete(force_drop=True)


def test_the_demo_people_sign_in_and_the_admin_changes_the_language(demo_centre_office):
    organisation = demo_centre_office
    assert demo.load_demo() == [organisation]  # a second `yishi setup` finds everything in place
    for username in ("director", "member_b", "admin"):
        client = host_client(organisation)
        response = client.post("/admin/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response.url == "/admin/", username

    page = client.get("/admin/account/")
    data = {**account_form(page.content.decode()), "locale-preferred_language": "en"}
    assert data["name_email-first_name"] == "浩" and data["name_email-last_name"] == "郑"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(organisation):
        admin = get_user_model().objects.get(username="admin")
        assert UserProfile.get_for_user(admin).preferred_language == "en"
        assert admin.person.name == "郑浩" and admin.groups.filter(name="管理员").exists()
        assert Page.get_first_root_node().get_workflow().name == "制度审批"
        assert not Workflow.objects.filter(name="Moderators approval").exists()
        assert get_user_model().objects.filter(username="director").get().person.posts_held.get().post.slug == \
            "director"
