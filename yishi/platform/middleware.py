from django.db import connection
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.middleware import RedirectMiddleware


class OrganisationRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, on organisation hosts only.

    The public schema has no Wagtail tables, so the stock middleware would turn its 404s into 500s.
    """

    def process_response(self, request, response):
        if connection.schema_name == get_public_schema_name():
            return response
        return super().process_response(request, response)
