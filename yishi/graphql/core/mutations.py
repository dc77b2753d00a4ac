"""The base of every mutation: declared permissions, one transaction, errors as data.

A mutation only fetches, checks, cleans and calls an action (yishi/workflows/…). Raising Django's
`ValidationError({"field": ValidationError("…", code=SomeErrorCode.X)})` anywhere in it rolls the
transaction back and answers `errors: [{field, message, code}]`: a bad input changes nothing.
`Meta.error_fields` maps the action's field names to the mutation's arguments (e.g. an action's
"invitation" and its non-field errors to the `meeting` argument that found the invitation).
"""

from enum import Enum

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from graphene.types.mutation import MutationOptions
from graphene.utils.str_converters import to_camel_case

from .permissions import describe, require

_error_types: dict = {}


def error_type(codes: type[Enum]) -> type[graphene.ObjectType]:
    """`XError { field message code: XErrorCode! }` for a Python enum named `XErrorCode`; one per enum."""
    if codes not in _error_types:
        name = codes.__name__.removesuffix("Code")
        _error_types[codes] = type(name, (graphene.ObjectType,), {
            "__doc__": f"{name}: 一个输入错误",
            "field": graphene.String(description="出错的输入字段（camelCase）；为空时指整个输入"),
            "message": graphene.String(required=True, description="错误说明"),
            "code": graphene.Field(graphene.Enum.from_enum(codes), required=True, description="错误代码"),
        })
    return _error_types[codes]


def errors_from(error: ValidationError, codes: type[Enum], fields: dict[str, str] | None = None) -> list[dict]:
    """One error per message. A code the enum does not know (a workflow's own, e.g. a TransitionError's
    invalid_transition) becomes INVALID; `fields` renames the action's field names (and NON_FIELD_ERRORS)
    to the mutation's arguments, so a refusal about the object acted on names the argument that gave it."""
    fallback = codes["INVALID"] if "INVALID" in codes.__members__ else next(iter(codes))
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    errors = []
    for field, field_errors in by_field.items():
        field = (fields or {}).get(field, field)
        for item in field_errors:
            code = item.code
            if not isinstance(code, codes):
                code = codes.__members__.get(str(code).upper(), fallback) if code else fallback
            errors.append({
                "field": None if field == NON_FIELD_ERRORS else to_camel_case(field),
                "message": " ".join(item.messages), "code": code,
            })
    return errors


class BaseMutationOptions(MutationOptions):
    permissions: tuple = ()
    error_codes: type[Enum] | None = None
    error_fields: dict[str, str] = {}


class BaseMutation(graphene.Mutation):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, permissions=(), error_codes=None, error_fields=None, description=None,
                                    _meta=None, **options):
        assert error_codes is not None, f"{cls.__name__}: Meta.error_codes is required"
        _meta = _meta or BaseMutationOptions(cls)
        _meta.permissions = tuple(str(p) for p in permissions)
        _meta.error_codes = error_codes
        _meta.error_fields = error_fields or {}
        cls.errors = graphene.List(graphene.NonNull(error_type(error_codes)), required=True)
        super().__init_subclass_with_meta__(
            description=describe(description or cls.__doc__, _meta.permissions), _meta=_meta, **options)

    @classmethod
    def mutate(cls, root, info, **data):
        require(info, *cls._meta.permissions)
        try:
            with transaction.atomic():
                return cls.perform_mutation(root, info, **data)
        except ValidationError as error:  # TransitionError included: a state that does not allow it
            return cls(errors=errors_from(error, cls._meta.error_codes, cls._meta.error_fields))
        except PermissionDenied as error:
            # An action refusing the actor's roles (e.g. TransitionForbidden): data too, and nothing written.
            denied = ValidationError(str(error) or "无权执行此操作 (not permitted)", code="forbidden")
            return cls(errors=errors_from(denied, cls._meta.error_codes))

    @classmethod
    def perform_mutation(cls, root, info, **data):
        """Do the work; return cls(errors=[], …). Raise ValidationError for bad input."""
        raise NotImplementedError
