from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

from .api import platform_schema, schema


@method_decorator(csrf_exempt, name="dispatch")
class YishiGraphQLView(GraphQLView):
    """CSRF applies to cookie-authenticated requests only.

    Portals call without cookies (anonymously or with an API key), and a CSRF token would mean
    nothing to them; a browser session, on the other hand, must not be ridden by another site.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and settings.SESSION_COOKIE_NAME in request.COOKIES:
            refusal = CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {})
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)


organisation_graphql_view = YishiGraphQLView.as_view(schema=schema, graphiql=settings.DEBUG)
platform_graphql_view = YishiGraphQLView.as_view(schema=platform_schema, graphiql=settings.DEBUG)
