"""Each organisation's structure: departments (a tree), posts, people and A/B post rosters (AB岗)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.search import index


class Department(index.Indexed, models.Model):
    """科室: a node of the organisation's department tree."""

    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]), FieldPanel("parent"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = pgettext_lazy("plural", "科室")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("上级科室不能是它自己或它的下级")})
            ancestor = ancestor.parent


class Post(index.Indexed, ClusterableModel):
    """岗位 (主任, 副主任, 科长, 首席代表 …): what meeting rules refer to by slug."""

    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    department = models.ForeignKey(Department, verbose_name=_("所属科室"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="posts")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("department"),
        FieldPanel("sort_order"),
        InlinePanel("holders", heading=_("在岗人员（AB岗）"), label=_("在岗人员")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = pgettext_lazy("plural", "岗位")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def roster(self, on: date) -> list["PostHolder"]:
        """The holders valid on `on`: the A holder first, then the B substitutes in order."""
        return list(self.holders.valid_on(on).select_related("person").order_by("roster_order"))


class Person(index.Indexed, models.Model):
    """人员: someone who holds posts and attends meetings; optionally a user of this organisation."""

    name = models.CharField(_("姓名"), max_length=100)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person")
    department = models.ForeignKey(Department, verbose_name=_("科室"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="people")
    phone = models.CharField(_("电话"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("department"), FieldPanel("user"), FieldPanel("phone")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = pgettext_lazy("plural", "人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def display_name(user) -> str:
    """A user as people see them in audit logs and lists: the Person's name, else the full name, else
    the username (select_related("…__person") keeps a list's queries constant)."""
    if user is None:
        return ""
    try:
        return user.person.name
    except ObjectDoesNotExist:
        return user.get_full_name() or user.get_username()


class PostHolderQuerySet(models.QuerySet):
    def valid_on(self, on: date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                           Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class PostHolder(models.Model):
    """A person on a post's roster: order 0 is the A holder (A岗), 1, 2 … the B substitutes (B岗)."""

    post = ParentalKey(Post, on_delete=models.CASCADE, related_name="holders")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="posts_held")
    roster_order = models.PositiveSmallIntegerField(_("顺位"), default=0, help_text=_("0 = A岗，1、2… = B岗替补顺序"))
    valid_from = models.DateField(_("起始日期"), null=True, blank=True)
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)

    objects = PostHolderQuerySet.as_manager()

    panels = [FieldPanel("person"), FieldRowPanel([FieldPanel("roster_order"), FieldPanel("valid_from"),
                                                   FieldPanel("valid_until")])]

    class Meta:
        verbose_name = _("在岗人员")
        verbose_name_plural = pgettext_lazy("plural", "在岗人员")
        ordering = ["post", "roster_order"]

    def __str__(self) -> str:
        return f"{self.post} {self.roster_label}：{self.person}"

    @property
    def roster_label(self) -> str:
        return gettext("A岗") if self.roster_order == 0 else gettext("B岗%(n)s") % {"n": self.roster_order}

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("截止日期不能早于起始日期")})


class RoleGroup(models.Model):
    """The stable key of a seeded group ("office", "leaders" …): roles are read by key, so an office
    may rename its groups (办公室 → 党政办公室) without anyone losing a role."""

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="role_key")
    key = models.SlugField(_("角色组标识"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("角色组")
        verbose_name_plural = pgettext_lazy("plural", "角色组")

    def __str__(self) -> str:
        return f"{self.key}: {self.group}"
