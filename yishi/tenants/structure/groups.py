"""The Wagtail groups every organisation starts with, and their permissions (idempotent)."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from .models import RoleGroup

# key → (group name, page permissions on the site root). The model permissions each group gets are
# declared by the app that owns the models (`group_permissions` on its AppConfig); they open the admin
# lists, and what a user may do there is still decided per row by the workflows' roles
# (yishi.workflows.roles) and, for minutes, by meeting confidentiality.
GROUPS = {
    "administrators": ("管理员", ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
                                  "unlock_page"]),
    "office": ("办公室", ["add_page", "change_page", "lock_page"]),
    "leaders": ("领导", ["add_page", "change_page", "publish_page"]),
    "department_heads": ("科室负责人", []),
    "supervisors": ("督查", []),
    "members": ("成员", []),
}
EVERYONE = "everyone"  # a key an app may declare permissions for: every group above
ALSO = {"administrators": "office"}  # administrators get what the office gets


def model_permissions(key: str) -> list[str]:
    """"app.codename" of every model permission the apps declare for the group `key`."""
    keys = {key, EVERYONE, *([ALSO[key]] if key in ALSO else [])}
    return [f"{config.label}.{codename}" for config in apps.get_app_configs()
            for declared, codenames in getattr(config, "group_permissions", {}).items() if declared in keys
            for codename in codenames]


def group(key: str) -> Group:
    """The seeded group with this key, whatever the organisation has renamed it to."""
    return Group.objects.get(role_key__key=key)


def seed_groups(root: Page) -> dict[str, Group]:
    """Create the six groups with admin access; page permissions apply to `root` and below."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups = {}
    for key, (name, page_permissions) in GROUPS.items():
        keyed = RoleGroup.objects.select_related("group").filter(key=key).first()
        created = keyed.group if keyed else Group.objects.get_or_create(name=name)[0]
        if keyed is None:
            RoleGroup.objects.create(group=created, key=key)
        created.permissions.add(access_admin, *[
            Permission.objects.get(content_type__app_label=label, codename=codename)
            for label, codename in (permission.split(".") for permission in model_permissions(key))
        ])
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=created, page=root, permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename)
            )
        groups[key] = created
    return groups
