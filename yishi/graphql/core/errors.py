"""Errors a client may see, and the masking of every other error outside DEBUG."""

import logging
import re
from enum import StrEnum

from django.conf import settings
from graphql import GraphQLError

logger = logging.getLogger("yishi.graphql")

SUGGESTION = re.compile(r"\s*Did you mean .*\?$")


class ErrorCode(StrEnum):
    """`extensions.code` of every error the API answers (docs/graphql.md lists when each comes)."""

    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    RATE_LIMITED = "RATE_LIMITED"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class ApiError(GraphQLError):
    """An expected error raised by a resolver: its message reaches the client as it is."""

    code = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, code: ErrorCode | None = None, field: str | None = None):
        extensions = {"code": (code or self.code).value}
        if field:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


class PermissionDenied(ApiError):
    code = ErrorCode.FORBIDDEN


def with_code(error: GraphQLError, code: ErrorCode) -> GraphQLError:
    """The error with `extensions.code` set, unless it has one already (e.g. QUERY_TOO_COMPLEX)."""
    if "code" not in (error.extensions or {}):
        error.extensions = {**(error.extensions or {}), "code": code.value}
    return error


def is_expected(error: Exception) -> bool:
    """Errors made by graphql-core (syntax, validation) or raised on purpose (ApiError) are shown."""
    if not isinstance(error, GraphQLError):
        return False
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def format_error(error: Exception, request_id: str) -> dict:
    if not is_expected(error):
        if settings.DEBUG:
            message = str(error)
        else:
            # Raw text of an unexpected error can carry schema, table or column names: log it, show an id.
            logger.error("GraphQL request %s failed", request_id,
                         exc_info=getattr(error, "original_error", None) or error)
            message = (f"服务器内部错误，请联系管理员并提供请求编号 {request_id}。"
                       f"Internal error, request id {request_id}.")
        formatted = {"message": message, "extensions": {"code": ErrorCode.INTERNAL_ERROR.value,
                                                        "requestId": request_id}}
        if isinstance(error, GraphQLError) and error.path:
            formatted["path"] = error.path
        return formatted
    # An error of graphql-core's own that nothing coded yet: during execution, a value the schema refused.
    formatted = with_code(error, ErrorCode.BAD_USER_INPUT).formatted
    if not settings.DEBUG:
        # Suggestions of field and type names help an attacker map the schema when introspection is off.
        formatted["message"] = SUGGESTION.sub("", formatted["message"])
    return formatted
