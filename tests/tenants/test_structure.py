"""Departments, posts with A/B rosters, people, and the groups every organisation starts with."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import GroupPagePermission

from yishi.content.models import RegulationIndexPage
from yishi.content.moderation import REVIEW_WORKFLOW, ensure_review_workflow
from yishi.tenants.structure.groups import GROUPS, group, seed_groups
from yishi.tenants.structure.models import Department, Person, Post, PostHolder


def test_provisioning_seeds_the_six_groups_with_page_permissions(in_org_a):
    names = {name for name, _pages in GROUPS.values()}
    assert names <= set(Group.objects.values_list("name", flat=True))
    index = RegulationIndexPage.objects.get()
    office = set(GroupPagePermission.objects.filter(group__name="办公室", page=index)
                 .values_list("permission__codename", flat=True))
    assert office == {"add_page", "change_page", "lock_page"}
    assert "publish_page" in GroupPagePermission.objects.filter(group__name="领导").values_list(
        "permission__codename", flat=True)
    assert Group.objects.get(name="办公室").permissions.filter(codename="add_department").exists()
    assert Group.objects.get(name="成员").permissions.filter(codename="access_admin").exists()


def test_each_group_gets_the_model_permissions_the_owning_apps_declare(in_org_a):
    granted = {key: {f"{p.content_type.app_label}.{p.codename}" for p in group(key).permissions.all()}
               - {"wagtailadmin.access_admin"} for key in GROUPS}
    topics = {"agenda.add_topic", "agenda.change_topic", "agenda.view_topic"}
    assert granted["members"] == granted["supervisors"] == {"minutes.view_minutes"}
    assert granted["leaders"] == {"agenda.view_topic", "minutes.view_minutes"}
    assert granted["department_heads"] == {*topics, "minutes.view_minutes"}
    assert granted["administrators"] == granted["office"] == {
        *topics, "minutes.view_minutes", "minutes.add_minutes", "minutes.change_minutes", "minutes.publish_minutes",
        "minutes.change_seal",
        "notices.view_delivery", "notices.change_delivery", "notices.view_channelsettings",
        "notices.change_channelsettings",
        *{f"structure.{action}_{model}" for model in ("department", "post", "person", "postholder")
          for action in ("add", "change", "delete")}}


def test_seeding_groups_and_the_review_workflow_again_changes_nothing(in_org_a):
    index = RegulationIndexPage.objects.get()
    ensure_review_workflow(index)
    before = (Group.objects.count(), GroupPagePermission.objects.count())
    seed_groups(index)
    workflow = ensure_review_workflow(index)
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == before
    assert workflow.name == REVIEW_WORKFLOW
    assert [task.specific.groups.get().name for task in workflow.tasks.all()] == ["办公室", "领导"]
    assert index.get_workflow() == workflow


def test_the_roster_lists_the_a_holder_first_then_b_substitutes_valid_on_the_day(in_org_a):
    post = Post.objects.create(slug="director", name="主任")
    old, a, b1, b2 = (Person.objects.create(name=name) for name in ("老主任", "张主任", "李副主任", "王科长"))
    PostHolder.objects.create(post=post, person=old, roster_order=0, valid_until=date(2025, 12, 31))
    PostHolder.objects.create(post=post, person=b2, roster_order=2)
    PostHolder.objects.create(post=post, person=a, roster_order=0, valid_from=date(2026, 1, 1))
    PostHolder.objects.create(post=post, person=b1, roster_order=1)
    assert [(h.roster_label, h.person.name) for h in post.roster(date(2026, 3, 2))] == [
        ("A岗", "张主任"), ("B岗1", "李副主任"), ("B岗2", "王科长")]
    assert post.roster(date(2025, 6, 1))[0].person == old


def test_a_department_cannot_be_its_own_ancestor(in_org_a):
    office = Department.objects.create(slug="office", name="办公室")
    child = Department.objects.create(slug="archives", name="档案室", parent=office)
    office.parent = child
    with pytest.raises(ValidationError) as raised:
        office.full_clean()
    assert "parent" in raised.value.message_dict


def test_a_holder_period_cannot_end_before_it_starts(in_org_a):
    holder = PostHolder(post=Post.objects.create(slug="chief", name="科长"), person=Person.objects.create(name="甲"),
                        valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1))
    with pytest.raises(ValidationError) as raised:
        holder.full_clean()
    assert "valid_until" in raised.value.message_dict


def test_it_hides_the_structure_of_another_organisation(org_a, org_b):
    with tenant_context(org_a):
        Department.objects.create(slug="a-only", name="甲单位科室")
        Person.objects.create(name="甲单位人员")
    with tenant_context(org_b):
        assert not Department.objects.filter(slug="a-only").exists()
        assert not Person.objects.filter(name="甲单位人员").exists()


def test_renaming_a_seeded_group_keeps_its_role_and_seeding_again_adds_no_second_one(in_org_a):
    from django.contrib.auth import get_user_model

    from yishi.workflows.roles import OFFICE, group_roles, office_people

    clerk = get_user_model().objects.create_user("renamed-clerk", password="x")
    clerk.groups.add(Group.objects.get(name="办公室"))
    Group.objects.filter(name="办公室").update(name="党政办公室")
    assert group_roles(clerk) == {OFFICE}
    assert clerk in office_people()
    before = Group.objects.count()
    seed_groups(RegulationIndexPage.objects.get())
    assert Group.objects.count() == before and not Group.objects.filter(name="办公室").exists()
