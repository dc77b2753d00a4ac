"""An organisation's identity providers (统一身份认证) and how its people may sign in; all in its schema."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yishi.platform.encryption import EncryptedTextField


class IdentityProvider(models.Model):
    """One identity provider this organisation trusts, with how its claims map onto people."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"
        CAS = "cas", "CAS 3.0"

    name = models.CharField(_("名称"), max_length=100, help_text=_("登录页按钮上的文字，例如“统一身份认证”"))
    slug = models.SlugField(_("标识"), max_length=40, unique=True,
                            help_text=_("回调地址 /sso/<标识>/callback/ 中的部分，在身份提供方登记回调地址时使用"))
    protocol = models.CharField(_("协议"), max_length=10, choices=Protocol.choices, default=Protocol.OIDC)
    enabled = models.BooleanField(_("启用"), default=True)
    issuer = models.URLField(_("签发者（Issuer）"), blank=True,
                             help_text=_("OpenID Connect：身份提供方的 Issuer 地址，从其 "
                                         "/.well-known/openid-configuration 读取端点；CAS：CAS 服务器地址，"
                                         "例如 https://cas.example.gov.cn/cas/"))
    client_id = models.CharField(_("客户端 ID"), max_length=200, blank=True, help_text=_("OpenID Connect"))
    client_secret = EncryptedTextField(_("客户端密钥"), blank=True, help_text=_("加密保存；留空则保留原密钥"))
    scopes = models.CharField(_("权限范围（scope）"), max_length=200, default="openid profile email",
                              help_text=_("OpenID Connect"))
    saml_metadata = models.TextField(
        _("SAML 元数据"), blank=True,
        help_text=_("SAML 2.0：身份提供方的元数据 XML（含其签名证书）。本单位的元数据在 /sso/<标识>/metadata/，"
                    "声明字段填 SAML 属性名，账号以 NameID 关联"))
    username_claim = models.CharField(_("账号字段"), max_length=80, default="preferred_username",
                                      help_text=_("作为本单位账号名的声明；没有时用 sub"))
    name_claim = models.CharField(_("姓名字段"), max_length=80, default="name")
    email_claim = models.CharField(_("邮箱字段"), max_length=80, default="email", blank=True)
    phone_claim = models.CharField(_("电话字段"), max_length=80, default="phone_number", blank=True)
    department_claim = models.CharField(_("科室字段"), max_length=80, blank=True,
                                        help_text=_("其值与科室的标识或名称相同时，人员归入该科室"))
    post_claim = models.CharField(_("岗位字段"), max_length=80, blank=True,
                                  help_text=_("其值（一个或多个）与岗位的标识或名称相同时，人员排入该岗位的在岗名单末位"))
    groups_claim = models.CharField(_("用户组字段"), max_length=80, blank=True)
    group_map = models.TextField(
        _("用户组对应"), blank=True,
        help_text=_("每行一条：声明值 = 用户组名称，例如“office = 办公室”。只授予这里列出的用户组；"
                    "未列出时，新账号没有任何用户组，等待办公室授权"))

    class Meta:
        verbose_name = _("身份提供方")
        verbose_name_plural = _("身份提供方")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def group_names(self) -> dict[str, str]:
        """The group map as {claim value: group name}; clean() has checked its lines."""
        pairs = (line.split("=", 1) for line in self.group_map.splitlines() if line.strip())
        return {value.strip(): group.strip() for value, group in pairs}

    def clean(self):
        from django.contrib.auth.models import Group

        for number, line in enumerate(self.group_map.splitlines(), start=1):
            if line.strip() and ("=" not in line or not all(part.strip() for part in line.split("=", 1))):
                raise ValidationError({"group_map": _("第 %(n)d 行应为“声明值 = 用户组名称”") % {"n": number}})
        names = set(self.group_names().values())
        missing = names - set(Group.objects.filter(name__in=names).values_list("name", flat=True))
        if missing:
            raise ValidationError({"group_map": _("没有这些用户组：%(names)s") % {"names": "、".join(sorted(missing))}})
        if self.protocol == self.Protocol.OIDC:
            errors = {name: _("OpenID Connect 必填") for name in ("issuer", "client_id") if not getattr(self, name)}
            if "openid" not in self.scopes.split():
                errors["scopes"] = _("必须包含 openid")
        elif self.protocol == self.Protocol.CAS:
            errors = {} if self.issuer else {"issuer": _("CAS 须填写 CAS 服务器地址")}
        else:
            errors = {} if "IDPSSODESCRIPTOR" in self.saml_metadata.upper() else {
                "saml_metadata": _("请粘贴身份提供方的 SAML 元数据（含 IDPSSODescriptor）")}
        if errors:
            raise ValidationError(errors)


class ExternalIdentity(models.Model):
    """Who a provider's subject is here: accounts are found by (provider, sub), never by a name the
    provider sends, so a provider cannot take over an account that was not created or linked for it."""

    provider = models.ForeignKey(IdentityProvider, verbose_name=_("身份提供方"), on_delete=models.CASCADE,
                                 related_name="identities")
    subject = models.CharField(_("外部标识（sub）"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE,
                             related_name="external_identities")
    first_login = models.DateTimeField(_("首次登录"), auto_now_add=True)
    last_login = models.DateTimeField(_("最近登录"), auto_now=True)

    class Meta:
        verbose_name = _("外部身份")
        verbose_name_plural = _("外部身份")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"


class SignInSettings(models.Model):
    """How this organisation's people sign in (one row)."""

    local_login_enabled = models.BooleanField(
        _("允许账号密码登录"), default=True,
        help_text=_("关闭后只能通过身份提供方登录；管理员（超级用户）仍可用密码登录，以防身份提供方不可用"))

    class Meta:
        verbose_name = _("登录方式")
        verbose_name_plural = _("登录方式")

    def __str__(self) -> str:
        return str(_("登录方式"))

    @classmethod
    def current(cls) -> "SignInSettings":
        return cls.objects.order_by("pk").first() or cls()
