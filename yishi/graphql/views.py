"""The GraphQL endpoint: body limit, authentication, CSRF for cookies, rate limit, cached validation,
dataloaders on the context, and masked errors. One view class for organisation and platform hosts."""

import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, OperationType, execute, get_operation_ast

from .api import platform_schema, schema
from .core.cache import cache_seconds, cacheable, response_key
from .core.errors import ApiError, ErrorCode, format_error
from .core.execution import ExecutionContext
from .core.permissions import authenticate, cookie_authenticated
from .core.ratelimit import retry_after
from .core.validation import documents
from .platform.tenancy import OrganisationSchemaMiddleware


def error_response(status: int, message: str, code: ErrorCode, **headers) -> HttpResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@method_decorator(csrf_exempt, name="dispatch")
class YishiGraphQLView(GraphQLView):
    """CSRF applies to cookie-authenticated requests only.

    Portals call without cookies (anonymously or with an API key), and a CSRF token would mean
    nothing to them; a browser session, on the other hand, must not be ridden by another site.
    """

    execution_context_class = ExecutionContext  # runs the batched dataloaders
    cache_public = True  # see core/cache.py

    def dispatch(self, request, *args, **kwargs):
        self.request_id = uuid.uuid4().hex[:16]
        request.request_id, request.loaders = self.request_id, {}
        response = self.refuse(request) or super().dispatch(request, *args, **kwargs)
        response["X-Request-ID"] = self.request_id
        return response

    def refuse(self, request) -> HttpResponse | None:
        """A response for a request refused before any GraphQL work, else None."""
        size = len(request.META.get("QUERY_STRING", "")) + int(request.META.get("CONTENT_LENGTH") or 0)
        if size > settings.YISHI_GRAPHQL_MAX_BODY_BYTES:
            return error_response(
                413, f"请求过大：上限 {settings.YISHI_GRAPHQL_MAX_BODY_BYTES} 字节 (request larger than "
                     f"{settings.YISHI_GRAPHQL_MAX_BODY_BYTES} bytes)", ErrorCode.REQUEST_TOO_LARGE)
        try:
            authenticate(request)
        except ApiError as error:
            return error_response(401, error.message, ErrorCode.UNAUTHENTICATED, WWW_Authenticate="Bearer")
        if request.method == "POST" and cookie_authenticated(request) \
                and settings.SESSION_COOKIE_NAME in request.COOKIES:
            refusal = CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {})
            if refusal is not None:
                return refusal
        wait = retry_after(request)
        if wait is not None:
            return error_response(429, f"请求过于频繁，请 {wait} 秒后再试 (rate limit exceeded, retry in {wait} s)",
                                  ErrorCode.RATE_LIMITED, Retry_After=str(wait))
        return None

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        prepared = documents.prepare(self.schema.graphql_schema, query)
        # A mutation over GET is refused as such (405) whether or not it would validate.
        operation = get_operation_ast(prepared.document, operation_name) if prepared.document else None
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseNotAllowed(
                ["POST"], f"Can only perform a {operation.operation.value} operation from a POST request."))
        if prepared.errors:
            return ExecutionResult(data=None, errors=list(prepared.errors))
        key = response_key(query, variables, operation_name) \
            if self.cache_public and operation is not None and operation.operation == OperationType.QUERY \
            and cacheable(request) else None
        if key is not None:
            data = cache.get(key)
            if data is not None:
                return ExecutionResult(data=data)
        try:
            result = execute(
                self.schema.graphql_schema, prepared.document, root_value=self.get_root_value(request),
                context_value=request, variable_values=variables, operation_name=operation_name,
                middleware=self.get_middleware(request), execution_context_class=self.execution_context_class,
            )
        except Exception as error:  # masked by format_error outside DEBUG
            return ExecutionResult(errors=[error])
        if key is not None and not result.errors:  # an error carries a request id: not for the next caller
            cache.set(key, result.data, cache_seconds())
        return result

    def json_encode(self, request, data, pretty=False):
        # UTF-8 as it is: Chinese text escaped as \uXXXX is twice the size on the wire.
        if pretty or self.pretty or request.GET.get("pretty"):
            return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def format_error(self, error):
        if isinstance(error, HttpError):
            return {"message": error.message}
        return format_error(error, self.request_id)


class PlatformGraphQLView(YishiGraphQLView):
    """The public host: each organisation's fields are resolved in that organisation's schema.

    Not cached: one answer spans many organisations, each with its own content version.
    """

    cache_public = False

    def execute_graphql_request(self, *args, **kwargs):
        try:
            return super().execute_graphql_request(*args, **kwargs)
        finally:
            connection.set_schema_to_public()


organisation_graphql_view = YishiGraphQLView.as_view(schema=schema, graphiql=settings.DEBUG)
platform_graphql_view = PlatformGraphQLView.as_view(
    schema=platform_schema, graphiql=settings.DEBUG, middleware=[OrganisationSchemaMiddleware()])
