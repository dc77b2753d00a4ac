from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_public_schema_name


class OrganisationQuerySet(models.QuerySet):
    def served(self):
        """Every organisation except the platform's own public-schema row."""
        return self.exclude(schema_name=get_public_schema_name())

    def active(self):
        """Served and not suspended: the organisations whose periodic tasks run."""
        return self.served().filter(suspended_at__isnull=True)


class Organisation(TenantMixin):
    """One organisation (tenant), with its own PostgreSQL schema."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("平台")
        SERVICE_CENTRE = "service_centre", _("行政服务中心")
        BUREAU = "bureau", _("局机关")
        CENTRE_OFFICE = "centre_office", _("政务服务中心管理处")
        COMPANY = "company", _("企业办公室")
        OTHER = "other", _("其他")

    slug = models.SlugField(_("标识"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    region = models.CharField(_("地区"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Set by `yishi org suspend`: the host answers 503 and the organisation's tasks do not run.
    suspended_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = pgettext_lazy("plural", "组织")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_host(self) -> str:
        # Iterates rather than filters so that prefetch_related("domains") is used.
        return next((d.domain for d in self.domains.all() if d.is_primary), "")


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("域名")
        verbose_name_plural = pgettext_lazy("plural", "域名")

    def __str__(self) -> str:
        return self.domain


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran a task inside an organisation's schema."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="heartbeat")
    schema_name = models.CharField(max_length=63)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("后台任务心跳")
        verbose_name_plural = pgettext_lazy("plural", "后台任务心跳")

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.seen_at:%Y-%m-%d %H:%M}"
