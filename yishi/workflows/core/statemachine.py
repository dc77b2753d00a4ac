"""Declared state machines with compare-and-set transitions and an append-only event log.

Each workflow declares its states and transitions in ONE table (a `StateMachine`), and every
change of state goes through `StateMachine.apply`: an UPDATE filtered on the old state that must
touch exactly one row (so two clerks acting at once cannot both succeed), plus one event row.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.workflows.roles import role_labels


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]  # "" is creation: the step that brings the object into being
    target: str | None  # None: a step that is logged but leaves the state where it is (同意逾期上会)
    roles: frozenset[str]  # who may make it; the workflow maps people to roles from the rules
    label: str = ""
    requires_comment: bool = False

    @property
    def direct(self) -> bool:
        """A step a person takes from the current state's buttons (not a creation, not a logged-only step,
        which the action that owns them takes)."""
        return self.target is not None and "" not in self.sources


def transition(name: str, sources: Iterable[str] | str, target: str | None, roles: Iterable[str], **options):
    sources = frozenset([sources] if isinstance(sources, str) else sources)
    return Transition(name, sources, target, frozenset(roles), **options)


class TransitionError(ValidationError):
    """The transition does not exist from the current state (or the state changed meanwhile)."""


class TransitionForbidden(PermissionDenied):
    """The actor holds none of the roles the rules name for this transition."""

    def __init__(self, transition: Transition, roles: Iterable[str]):
        self.transition = transition
        self.code = "forbidden"
        wanted = role_labels(transition.roles)
        held = role_labels(roles) or _("无")
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
        return [t for t in self.transitions if t.direct and state in t.sources and t.roles & roles]

    def check(self, obj: models.Model, name: str, roles: Iterable[str], comment: str = "",
              direct: bool = False) -> Transition:
        """`direct`: only a step from the state's buttons (a name posted by a form)."""
        step = self.by_name.get(name)
        if step is None or direct and not step.direct:
            raise TransitionError(_("未知操作 %(name)s") % {"name": name}, code="unknown_transition")
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
              changes: dict | None = None, only_if: dict | None = None, direct: bool = False) -> models.Model:
        """Move `obj` along transition `name`, saving `changes` with it, and log the event. `only_if`:
        further column values the row must still have (else it changed meanwhile: stale)."""
        step = self.check(obj, name, roles, comment, direct)
        old = getattr(obj, self.state_field)
        updates = {self.state_field: step.target or old, **(changes or {})}
        changed = type(obj).objects.filter(pk=obj.pk, **{self.state_field: old}, **(only_if or {})).update(**updates)
        if changed != 1:
            raise TransitionError(_("状态已被他人修改，请刷新后重试"), code="stale_state")
        for attribute, value in updates.items():
            setattr(obj, attribute, value)
        obj.events.create(
            transition=step.name, from_state=old, to_state=updates[self.state_field], actor=actor, comment=comment,
        )
        return obj

    def created(self, obj: models.Model, name: str, *, actor, comment: str = "") -> models.Model:
        """Log the creation step `name` of a new `obj` (who may create it is the creating action's check)."""
        step = self.by_name[name]
        state = getattr(obj, self.state_field)
        if "" not in step.sources or step.target != state:
            raise ValueError(f"{name} does not create an object in state {state!r}")
        obj.events.create(transition=name, from_state="", to_state=state, actor=actor, comment=comment)
        return obj


class AppendOnly(Exception):
    """An event row was to be changed or removed: the history is written once."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(f"{self.model.__name__}: events are never updated")

    def delete(self):
        raise AppendOnly(f"{self.model.__name__}: events are never deleted")


class TransitionEvent(models.Model):
    """Append-only audit log row: who moved what from which state to which, when, and why.

    Concrete subclasses add the foreign key to their subject with related_name="events" and name their
    table (`machine`); a row of a step the table does not declare is refused. Through the
    ORM a row is only ever inserted: saving an existing row, deleting one and bulk update or delete
    raise `AppendOnly`.
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

    objects = EventQuerySet.as_manager()
    machine: ClassVar[StateMachine]  # the table whose steps these rows log: nothing else is written here

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(f"{type(self).__name__}: events are never updated")
        if self.transition not in self.machine.by_name:
            raise ValueError(f"{type(self).__name__}: {self.transition!r} is not a step of its declared table")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__}: events are never deleted")
