"""The Wagtail groups every organisation starts with, and their permissions (idempotent)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

# key → (group name, page permissions on the site root, model permissions "app.codename").
# Model permissions open the admin lists; what a user may do there is still decided per row by the
# workflows' roles (yishi.workflows.roles) and, for minutes, by meeting confidentiality.
STRUCTURE_EDIT = [f"structure.{action}_{model}" for model in ("department", "post", "person", "postholder")
                  for action in ("add", "change", "delete")]
EVERYONE = ["notices.view_inboxmessage", "notices.change_inboxmessage", "minutes.view_minutes"]
TOPICS = ["agenda.add_topic", "agenda.change_topic", "agenda.view_topic"]
OFFICE = [*STRUCTURE_EDIT, *TOPICS, "minutes.add_minutes", "minutes.change_minutes", "minutes.publish_minutes",
          "notices.view_delivery", "notices.change_delivery", "notices.view_channelsettings",
          "notices.change_channelsettings"]
GROUPS = {
    "administrators": ("管理员", ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
                                  "unlock_page"], [*OFFICE, *EVERYONE]),
    "office": ("办公室", ["add_page", "change_page", "lock_page"], [*OFFICE, *EVERYONE]),
    "leaders": ("领导", ["add_page", "change_page", "publish_page"], ["agenda.view_topic", *EVERYONE]),
    "department_heads": ("科室负责人", [], [*TOPICS, *EVERYONE]),
    "supervisors": ("督查", [], EVERYONE),
    "members": ("成员", [], EVERYONE),
}

def group(key: str) -> Group:
    return Group.objects.get(name=GROUPS[key][0])


def seed_groups(root: Page) -> dict[str, Group]:
    """Create the six groups with admin access; page permissions apply to `root` and below."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for key, (name, page_permissions, model_permissions) in GROUPS.items():
        created, _ = Group.objects.get_or_create(name=name)
        created.permissions.add(access_admin, *[
            Permission.objects.get(content_type__app_label=label, codename=codename)
            for label, codename in (permission.split(".") for permission in model_permissions)
        ])
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=created, page=root, permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename)
            )
        groups[key] = created
    return groups
