from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "yishi.workflows.agenda"
    label = "agenda"
    verbose_name = _("议题与议程")
