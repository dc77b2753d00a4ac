from django.core.exceptions import ValidationError

from yishi.graphql.keys.models import Scope

from ..core.mutations import BaseMutation
from ..core.nodes import key_of, pk
from ..core.permissions import acting_user
from .enums import SubmissionErrorCode


class SubmissionMutation(BaseMutation):
    """A portal or app submitting something as a person: needs `submit` and an acting user."""

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, **options):
        options.setdefault("permissions", [Scope.SUBMIT])
        options.setdefault("error_codes", SubmissionErrorCode)
        super().__init_subclass_with_meta__(**options)

    @staticmethod
    def actor(info):
        user = acting_user(info)
        if user is None:
            raise ValidationError("此密钥未指定代表用户，不能以个人身份提交 (this key acts as no user)",
                                  code=SubmissionErrorCode.NO_ACTING_USER)
        return user

    @staticmethod
    def pk_of(global_id: str, type_name: str, field: str) -> int:
        """The primary key in a global id of `type_name` in this organisation; anything else is a field error."""
        key = key_of(global_id, type_name)
        found = pk(key) if key is not None else None
        if found is None:
            raise ValidationError({field: ValidationError(f"不是有效的 {type_name} 编号 (not a {type_name} id)",
                                                          code=SubmissionErrorCode.NOT_FOUND)})
        return found
