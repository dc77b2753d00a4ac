"""The GraphQL endpoint: body limit, authentication, CSRF for cookies, rate limit, checked request
parameters, cached validation, dataloaders on the context, masked errors with a code on every one, and
both media types of GraphQL over HTTP. One view class for organisation and platform hosts."""

import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError, get_accepted_content_types
from graphql import ExecutionResult, OperationType, execute, get_operation_ast

from .api import platform_schema, schema
from .core.cache import cache_seconds, cacheable, response_key
from .core.errors import ApiError, ErrorCode, format_error
from .core.execution import ExecutionContext
from .core.inputs import InputMiddleware
from .core.permissions import authenticate, cookie_authenticated
from .core.ratelimit import retry_after
from .core.validation import documents
from .platform.tenancy import OrganisationSchemaMiddleware

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# graphene-django's own refusals (a body that is not JSON, a method it does not serve), by status.
CODES_BY_STATUS = {400: ErrorCode.BAD_REQUEST, 405: ErrorCode.METHOD_NOT_ALLOWED}


def media_type(request) -> str:
    """The response's media type: application/graphql-response+json when the client prefers it, else
    application/json (also for no Accept header at all, as the GraphQL over HTTP spec asks of servers
    that legacy clients call)."""
    for accepted in get_accepted_content_types(request):
        if accepted in (GRAPHQL_RESPONSE, JSON):
            return accepted
    return JSON


def error_response(status: int, message: str, code: ErrorCode, **headers) -> HttpResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=JSON)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


class RequestError(HttpError):
    """A request whose parameters are not what GraphQL over HTTP allows: 400, naming the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__(HttpResponseBadRequest(), f"{parameter}: {message}")
        self.parameter = parameter


def checked_parameter(parameter: str, value, kind: type, label: str):
    if value is not None and not isinstance(value, kind):
        raise RequestError(parameter, f"应为{label} (must be {'an object' if kind is dict else 'a string'}, "
                                      f"got {type(value).__name__})")
    return value


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
        if response.get("Content-Type", "").startswith(JSON):
            # The same body and status either way: a response without `data` (a refused request, a
            # document that does not parse or validate) is 4xx, one with `data` 200 — what the spec
            # requires of application/graphql-response+json (docs/graphql.md, "Media types").
            response["Content-Type"] = f"{media_type(request)}; charset=utf-8"
        return response

    @staticmethod
    def get_graphql_params(request, data):
        """graphene-django's, with each parameter's type checked: a query that is a number or a list
        reached the parser (HTTP 500) and variables that were not an object the executor."""
        query, variables, operation_name, id = GraphQLView.get_graphql_params(request, data)
        checked_parameter("query", query, str, "字符串")
        checked_parameter("operationName", operation_name, str, "字符串")
        checked_parameter("variables", variables or None, dict, "对象")
        checked_parameter("extensions", data.get("extensions") or None, dict, "对象")
        return query, variables or None, operation_name, id

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
                return error_response(403, "缺少或无效的 CSRF 令牌 (CSRF token missing or incorrect)",
                                      ErrorCode.FORBIDDEN)
        wait = retry_after(request)
        if wait is not None:
            return error_response(429, f"请求过于频繁，请 {wait} 秒后再试 (rate limit exceeded, retry in {wait} s)",
                                  ErrorCode.RATE_LIMITED, Retry_After=str(wait))
        return None

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise RequestError("query", "缺少查询 (must provide a query string)")
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
        if isinstance(error, RequestError):
            return {"message": error.message,
                    "extensions": {"code": ErrorCode.BAD_REQUEST.value, "field": error.parameter}}
        if isinstance(error, HttpError):
            code = CODES_BY_STATUS.get(error.response.status_code, ErrorCode.BAD_REQUEST)
            return {"message": error.message, "extensions": {"code": code.value}}
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


organisation_graphql_view = YishiGraphQLView.as_view(schema=schema, graphiql=settings.DEBUG,
                                                     middleware=[InputMiddleware()])
platform_graphql_view = PlatformGraphQLView.as_view(
    schema=platform_schema, graphiql=settings.DEBUG, middleware=[InputMiddleware(), OrganisationSchemaMiddleware()])
