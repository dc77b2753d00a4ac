from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructureConfig(AppConfig):
    name = "yishi.tenants.structure"
    label = "structure"
    verbose_name = _("组织架构")
    # The office keeps the organisation chart (yishi/tenants/structure/groups.py reads these).
    group_permissions = {"office": [f"{action}_{model}" for model in ("department", "post", "person", "postholder")
                                    for action in ("add", "change", "delete")]}

    def ready(self):
        from django.contrib.auth import get_user_model

        from .names import full_name, short_name

        # Django joins "first last" with a space; the admin, Wagtail's audit log and mail then read "芳 王".
        user_model = get_user_model()
        user_model.get_full_name = full_name
        user_model.get_short_name = short_name
