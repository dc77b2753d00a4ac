"""Settings for bench/graphql.py's server: the project's, plus Wagtail's REST API v2 and a plain JSON view
to compare the GraphQL endpoint with (on /api/v2/pages/ and /bench/portal.json)."""

from yishi.platform.settings import *  # noqa: F403
from yishi.platform.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "wagtail.api.v2"]
ROOT_URLCONF = "bench.graphqlsite.urls"
WAGTAILAPI_LIMIT_MAX = 100  # the same page size as the GraphQL API
