"""Names as Chinese writes them (王芳, family name first, no space) and people shown by name."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from tests.support import host_client
from yishi.tenants.structure.models import Person, display_name
from yishi.tenants.structure.names import split_name


@pytest.mark.parametrize(("name", "family", "given"), [
    ("王芳", "王", "芳"), ("欧阳晓燕", "欧阳", "晓燕"), ("司马光", "司马", "光"), ("欧阳", "欧", "阳"),
    ("Jane Smith", "Smith", "Jane"), ("Plato", "", "Plato"),
])
def test_a_name_splits_into_family_and_given_name(name, family, given):
    assert split_name(name) == (family, given)


def test_a_chinese_full_name_is_family_name_first_without_a_space(in_org_a):
    user = get_user_model().objects.create_user("wangfang", first_name="芳", last_name="王")
    assert (user.get_full_name(), user.get_short_name()) == ("王芳", "王芳")
    english = get_user_model().objects.create_user("jane", first_name="Jane", last_name="Smith")
    assert (english.get_full_name(), english.get_short_name()) == ("Jane Smith", "Jane")


def test_display_name_is_the_person_then_the_full_name_then_the_username(in_org_a):
    users = get_user_model().objects
    with_person = users.create_user("p1", first_name="芳", last_name="王")
    Person.objects.create(name="王芳（办公室）", user=with_person)
    assert display_name(users.select_related("person").get(pk=with_person.pk)) == "王芳（办公室）"
    assert display_name(users.create_user("p2", first_name="伟", last_name="张")) == "张伟"
    assert display_name(users.create_user("p3")) == "p3"
    assert display_name(None) == ""


def test_the_users_list_shows_chinese_names_family_name_first(org_a):
    with tenant_context(org_a):
        get_user_model().objects.create_user("wangfang", first_name="芳", last_name="王")
        admin = get_user_model().objects.get(username="alice")
    client = host_client(org_a)
    with tenant_context(org_a):
        client.force_login(admin)
    html = client.get("/admin/users/").content.decode()
    assert "王芳" in html and "芳 王" not in html
