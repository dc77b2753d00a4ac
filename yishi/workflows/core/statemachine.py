"""Declared state machines with compare-and-set transitions and an append-only event log.

Each workflow declares its states and transitions in ONE table (a `StateMachine`), and every
change of state goes through `StateMachine.apply`: an UPDATE filtered on the old state that must
touch exactly one row (so two clerks acting at once cannot both succeed), plus one event row.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]  # who may make it; the workflow maps people to roles from the rules
    label: str = ""
    requires_comment: bool = False


def transition(name: str, sources: Iterable[str] | str, target: str, roles: Iterable[str], **options):
    sources = frozenset([sources] if isinstance(sources, str) else sources)
    return Transition(name, sources, target, frozenset(roles), **options)


class TransitionError(ValidationError):
    """The transition does not exist from the current state (or the state changed meanwhile)."""


class TransitionForbidden(PermissionDenied):
    """The actor holds none of the roles the rules name for this transition."""

    def __init__(self, transition: Transition, roles: Iterable[str]):
        self.transition = transition
        self.code = "forbidden"
        wanted = "、".join(sorted(transition.roles))
        held = "、".join(sorted(roles)) or _("无")
        super().__init__(
            _("无权执行“%(name)s”：需要角色 %(wanted)s，当前角色 %(held)s")
            % {"name": transition.label or transition.name, "wanted": wanted, "held": held}
        )


@dataclass
class StateMachine:
    """One workflow's transition table. `state_field` names the model's state column."""

    transitions: list[Transition]
    state_field: str = "state"
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self):
        self.by_name = {t.name: t for t in self.transitions}
        if len(self.by_name) != len(self.transitions):
            raise ValueError("transition names must be unique")

    def available(self, state: str, roles: Iterable[str]) -> list[Transition]:
        roles = set(roles)
        return [t for t in self.transitions if state in t.sources and t.roles & roles]

    def check(self, obj: models.Model, name: str, roles: Iterable[str], comment: str = "") -> Transition:
        try:
            step = self.by_name[name]
        except KeyError:
            raise TransitionError(_("未知操作 %(name)s") % {"name": name}, code="unknown_transition") from None
        state = getattr(obj, self.state_field)
        if state not in step.sources:
            raise TransitionError(
                _("当前状态“%(state)s”下不能执行“%(name)s”") % {"state": state, "name": step.label or name},
                code="invalid_transition",
            )
        roles = set(roles)
        if not step.roles & roles:
            raise TransitionForbidden(step, roles)
        if step.requires_comment and not comment.strip():
            raise ValidationError({"comment": _("此操作必须填写理由")}, code="comment_required")
        return step

    @transaction.atomic
    def apply(self, obj: models.Model, name: str, *, actor, roles: Iterable[str], comment: str = "",
              changes: dict | None = None) -> models.Model:
        """Move `obj` along transition `name`, saving `changes` with it, and log the event."""
        step = self.check(obj, name, roles, comment)
        old = getattr(obj, self.state_field)
        updates = {self.state_field: step.target, **(changes or {})}
        changed = type(obj).objects.filter(pk=obj.pk, **{self.state_field: old}).update(**updates)
        if changed != 1:
            raise TransitionError(_("状态已被他人修改，请刷新后重试"), code="stale_state")
        for attribute, value in updates.items():
            setattr(obj, attribute, value)
        obj.events.create(
            transition=step.name, from_state=old, to_state=step.target, actor=actor, comment=comment,
        )
        return obj


class TransitionEvent(models.Model):
    """Append-only audit log row: who moved what from which state to which, when, and why.

    Concrete subclasses add the foreign key to their subject with related_name="events".
    """

    transition = models.CharField(gettext_lazy("操作"), max_length=50)
    from_state = models.CharField(gettext_lazy("原状态"), max_length=30)
    to_state = models.CharField(gettext_lazy("新状态"), max_length=30)
    actor = models.ForeignKey(
        "auth.User", verbose_name=gettext_lazy("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(gettext_lazy("意见"), blank=True)
    at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
