from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "yishi.workflows.agenda"
    label = "agenda"
    verbose_name = _("议题与议程")
    # Who files topics; leaders read them (the roles decide, topic by topic, what each may do).
    group_permissions = {"office": ["add_topic", "change_topic", "view_topic"],
                         "department_heads": ["add_topic", "change_topic", "view_topic"], "leaders": ["view_topic"]}
