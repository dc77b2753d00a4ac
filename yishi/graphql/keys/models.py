"""API keys live in each organisation's schema: a key of one organisation does not exist on another's host."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 12  # "yk_" + 9 characters: shown in the admin and used to find the row
# last_used_at is written at most this often, so a busy key does not turn every read into a write.
LAST_USED_RESOLUTION_SECONDS = 60


class Scope(models.TextChoices):
    READ_PUBLIC = "read_public", _("读取公开数据")
    READ_INTERNAL = "read_internal", _("读取内部数据")
    SUBMIT = "submit", _("提交（议题、请假、签到、进展）")


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def authenticate(self, raw: str) -> "ApiKey | None":
        """The unrevoked key with this secret in the current organisation's schema, or None."""
        if len(raw) <= KEY_PREFIX_LENGTH:
            return None
        digest = hash_key(raw)
        for key in self.filter(prefix=raw[:KEY_PREFIX_LENGTH], revoked_at__isnull=True):
            if hmac.compare_digest(key.key_hash, digest):
                key.touch()
                return key
        return None


class ApiKey(models.Model):
    """A secret given to a portal or app; only its SHA-256 is stored, the key is shown once."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("谁在用它，例如：市政务门户"))
    prefix = models.CharField(_("前缀"), max_length=KEY_PREFIX_LENGTH, editable=False, db_index=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, editable=False, unique=True)
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices), verbose_name=_("权限范围"),
        default=list, blank=True,
    )
    # Submitting (topics, leave, progress) is done by a person: a key with `submit` acts as this user,
    # with exactly that user's roles, and a key without one can submit nothing in anyone's name.
    acts_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代表用户"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("提交议题、请假、进展时以此用户的身份和角色；不填则只能扫码签到"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name: str, scopes, created_by=None, acts_as=None) -> tuple["ApiKey", str]:
        """Create a key; returns it with the raw secret, which is not stored anywhere."""
        raw = "yk_" + secrets.token_urlsafe(32)
        key = cls.objects.create(
            name=name, scopes=sorted(set(scopes)), created_by=created_by, acts_as=acts_as,
            prefix=raw[:KEY_PREFIX_LENGTH], key_hash=hash_key(raw),
        )
        return key, raw

    def assign_secret(self) -> str:
        """Give an unsaved key (built by the admin form) its secret; returns the raw key."""
        raw = "yk_" + secrets.token_urlsafe(32)
        self.prefix, self.key_hash = raw[:KEY_PREFIX_LENGTH], hash_key(raw)
        return raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        # Compare-and-set: revoking twice keeps the first time.
        ApiKey.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.refresh_from_db(fields=["revoked_at"])

    def touch(self) -> None:
        now = timezone.now()
        if self.last_used_at and (now - self.last_used_at).total_seconds() < LAST_USED_RESOLUTION_SECONDS:
            return
        ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
