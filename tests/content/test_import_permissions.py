"""Issue 14, finding 4: importing from the admin creates regulation drafts; a pack's structure and
calendar changes need their own permissions and an explicit confirmation of exactly those changes."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django_tenants.utils import tenant_context
from wagtail.models import GroupPagePermission

from tests.content.packdata import pack
from tests.support import PASSWORD, host_client
from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.models import RegulationIndexPage, RegulationPage
from yishi.content.packs import apply_pack, dump_pack
from yishi.tenants.structure.groups import group
from yishi.tenants.structure.models import Department, Post


def hostile_pack() -> dict:
    """A new regulation, plus renamed structure and two invented holidays (what the finding posted)."""
    data = pack()
    data["organisation"]["departments"][0]["name"] = "综合科"
    data["organisation"]["posts"][0]["name"] = "假主任"
    data["calendar"] = [{"date": "2026-12-07", "workday": False, "name": "临时放假"},
                        {"date": "2026-12-14", "workday": False, "name": "临时放假"}]
    regulation = data["regulations"][0]
    regulation["slug"], regulation["title"] = "imported-rules", "导入的议事规则"
    regulation["meeting_types"][0]["slug"] = "imported-meeting"
    return data


def drafts_only_pack() -> dict:
    data = hostile_pack()
    data["organisation"] = pack()["organisation"]  # exactly what the organisation already has
    del data["calendar"]
    return data


@pytest.fixture
def organisation(org_a):
    with tenant_context(org_a):
        apply_pack(pack())
        for username, key in (("lena", "leaders"), ("olga", "office")):
            get_user_model().objects.create_user(username, password=PASSWORD).groups.add(group(key))
    return org_a


def signed_in(organisation, username):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def post_pack(client, data: dict, **extra):
    return client.post("/admin/import/", {"pack": dump_pack(data), **extra})


def confirmation(page: str) -> str:
    return html.unescape(re.search(r'name="confirm" value="([0-9a-f]+)"', page)[1])


def assert_untouched(organisation):
    with tenant_context(organisation):
        assert Department.objects.get(slug="office").name == "办公室"
        assert Post.objects.get(slug="director").name == "主任"
        assert not CalendarOverride.objects.exists()
        assert not RegulationPage.objects.filter(slug="imported-rules").exists()


def test_it_refuses_structure_and_calendar_changes_to_a_user_without_their_permissions(organisation):
    # 领导 may add pages, not change departments, posts or the calendar.
    response = post_pack(signed_in(organisation, "lena"), hostile_pack(), confirm="0" * 64)
    page = response.content.decode()
    assert response.status_code == 200
    assert "structure.change_department" in page and "structure.change_post" in page
    assert "localcalendar.add_calendaroverride" in page
    assert 'name="confirm"' not in page  # nothing to confirm: the pack must lose those changes first
    assert_untouched(organisation)
    # 办公室 may change the structure but not the calendar: the whole pack is refused, nothing half-written.
    page = post_pack(signed_in(organisation, "olga"), hostile_pack()).content.decode()
    assert "localcalendar.add_calendaroverride" in page and "structure.change_department" not in page
    assert_untouched(organisation)


def test_it_refuses_to_apply_structure_or_calendar_changes_before_they_are_confirmed(organisation):
    client = signed_in(organisation, "alice")  # the administrator holds every permission
    page = post_pack(client, hostile_pack()).content.decode()
    structure = page.split('class="import-structure-changes"', 1)[1].split("</ul>", 1)[0]
    calendar = page.split('class="import-calendar-changes"', 1)[1].split("</ul>", 1)[0]
    assert "科室 office 的名称：办公室 → 综合科" in structure and "岗位 director 的名称：主任 → 假主任" in structure
    assert "新增日历调整：2026-12-07 放假 临时放假" in calendar and "2026-12-14" in calendar
    assert_untouched(organisation)

    # A confirmation is for one list of changes: another pack (one more holiday) needs its own.
    other = hostile_pack()
    other["calendar"].append({"date": "2026-12-21", "workday": False, "name": "临时放假"})
    response = post_pack(client, other, confirm=confirmation(page))
    assert response.status_code == 200 and "2026-12-21" in response.content.decode()
    assert_untouched(organisation)

    response = post_pack(client, hostile_pack(), confirm=confirmation(page))
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert response.status_code == 302 and len(shown) == 3  # the drafts, then structure and calendar apart
    assert shown[0].startswith("已作为草稿创建") and shown[1].startswith("组织架构已修改")
    assert shown[2].startswith("本单位日历已修改")
    with tenant_context(organisation):
        assert Department.objects.get(slug="office").name == "综合科"
        assert CalendarOverride.objects.count() == 2
        assert RegulationPage.objects.get(slug="imported-rules").live is False


def test_a_pack_that_changes_nothing_but_regulations_creates_drafts_for_an_editor(organisation):
    response = post_pack(signed_in(organisation, "lena"), drafts_only_pack())
    assert response.status_code == 302
    with tenant_context(organisation):
        assert RegulationPage.objects.get(slug="imported-rules").live is False
        assert Department.objects.get(slug="office").name == "办公室"


def test_it_refuses_a_new_revision_of_a_regulation_the_user_may_not_edit(organisation):
    with tenant_context(organisation):
        index = RegulationIndexPage.objects.get()
        adders = Group.objects.create(name="只可新增")
        adders.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(group=adders, page=index, permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"))
        get_user_model().objects.create_user("ada", password=PASSWORD).groups.add(adders)
        revisions = RegulationPage.objects.get(slug="office-meeting-rules").revisions.count()
    rewritten = pack()
    rewritten["regulations"][0]["title"] = "被改写的议事规则"
    page = post_pack(signed_in(organisation, "ada"), rewritten).content.decode()
    assert "制度 office-meeting-rules 已存在，你没有编辑它的权限" in page
    with tenant_context(organisation):
        assert RegulationPage.objects.get(slug="office-meeting-rules").revisions.count() == revisions
