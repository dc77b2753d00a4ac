"""Admin menu entries only for those who may open them: 导入制度文件 and 统计报告 are not shown to members,
and their addresses refuse members all the same."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django_tenants.utils import tenant_context

from tests.support import host_client
from yishi.tenants.structure.groups import group
from yishi.tenants.structure.models import Person

IMPORT, REPORTS = ("导入制度文件", "/admin/import/"), ("统计报告", "/admin/yishi/reports/")


def menu_entries(html: str) -> set[tuple[str, str]]:
    """(label, url) of every entry of the admin's main menu, submenus included (Wagtail renders it as JSON)."""
    props = json.loads(BeautifulSoup(html, "html.parser").select_one("#wagtail-sidebar-props").text)
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    entries, items = set(), list(main["_args"][0])
    while items:
        item = items.pop()
        entries.add((item["_args"][0]["label"], item["_args"][0].get("url", "")))
        if item["_type"] == "wagtail.sidebar.SubMenuItem":
            items.extend(item["_args"][1])
    return entries


def refused(client, url: str) -> bool:
    """Wagtail's admin answers a PermissionDenied with its dashboard and an error message."""
    response = client.get(url)
    levels = {message.level_tag for message in get_messages(response.wsgi_request)}
    return response.status_code == 302 and response.url == "/admin/" and levels == {"error"}


@pytest.fixture
def clients(org_a):
    """A member (成员) and an office clerk (办公室) of organisation A, signed in."""
    result = {}
    with tenant_context(org_a):
        for username, key in (("menu-member", "members"), ("menu-office", "office")):
            user = get_user_model().objects.create_user(username, first_name="某", last_name="张")
            user.groups.add(group(key))
            Person.objects.create(name=f"张某{key}", user=user)
            result[key] = host_client(org_a)
            result[key].force_login(user)
    return result


def test_a_member_sees_no_entry_it_may_not_open_and_is_refused_there(clients):
    entries = menu_entries(clients["members"].get("/admin/").content.decode())
    assert ("督办事项", "/admin/supervision/items/") in entries  # the menu was read: members have this one
    assert IMPORT not in entries and REPORTS not in entries
    assert refused(clients["members"], IMPORT[1]) and refused(clients["members"], REPORTS[1])


def test_the_office_sees_both_entries_and_opens_them(clients):
    entries = menu_entries(clients["office"].get("/admin/").content.decode())
    assert IMPORT in entries and REPORTS in entries
    assert clients["office"].get(IMPORT[1]).status_code == 200
    assert clients["office"].get(REPORTS[1]).status_code == 200
    assert not refused(clients["office"], IMPORT[1])

