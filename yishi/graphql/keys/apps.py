from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiKeysConfig(AppConfig):
    name = "yishi.graphql.keys"
    label = "apikeys"
    verbose_name = _("接口密钥")

    def ready(self):
        # The GraphQL room's one app: connect the response cache's content signals in every process
        # (web and Celery workers alike), not only where the view is imported.
        from yishi.graphql.core import cache  # noqa: F401
