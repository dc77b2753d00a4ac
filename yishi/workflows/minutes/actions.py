"""Minutes drafted from the record, issued with a number, and who may see a confidential meeting's.

    draft_minutes(meeting)      → Minutes (a draft revision; reviewed through the admin workflow)
    issue(minutes, user=…)      → publishes the latest revision: number, issued_at, distribution
                                  notice (outbox, same transaction), export task
    visible_minutes(user)       → the queryset every path uses (admin, search, exports, GraphQL)
    visible_meetings(user)      → meetings whose record and decisions `user` may read
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.rules import rules_in_force
from yishi.platform.celery import enqueue
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import attendance_sheet
from yishi.workflows.attendance.models import LeaveRequest, Status
from yishi.workflows.notices.models import Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.scheduling.models import Meeting

from .models import Minutes

CONFIDENTIAL = "confidential"
# Besides the attendees, who may read a confidential meeting's record: the roles the rules name for it.
CONFIDENTIAL_READERS = {R.CHAIR, R.MINUTES_REVIEWER, R.SECRETARY}
IN_THE_ROOM = (Status.PRESENT, Status.LATE)


def visible_meetings(user):
    """Meetings whose record, decisions and minutes `user` may read."""
    open_meetings = ~Q(confidentiality=CONFIDENTIAL)
    person = R.person_of(user)
    if person is None:
        return Meeting.objects.filter(open_meetings)
    allowed = set(Meeting.objects.filter(confidentiality=CONFIDENTIAL, invitations__person=person)
                  .values_list("pk", flat=True))
    # One rules lookup per (type, date), not per minutes row.
    for slug, day in (Meeting.objects.filter(confidentiality=CONFIDENTIAL).exclude(pk__in=allowed)
                      .values_list("meeting_type_slug", "date").distinct()):
        if R.roles_of(user, rules_in_force(slug, day), day) & CONFIDENTIAL_READERS:
            allowed.update(Meeting.objects.filter(confidentiality=CONFIDENTIAL, meeting_type_slug=slug, date=day)
                           .values_list("pk", flat=True))
    return Meeting.objects.filter(open_meetings | Q(pk__in=allowed))


def visible_minutes(user):
    return Minutes.objects.filter(meeting__in=visible_meetings(user))


def _names(rows) -> str:
    return "、".join(row.person for row in rows) or _("无")


def compose(meeting: Meeting) -> str:
    """The minutes text from the record: time, place, chair, attendance, each item, assignments."""
    from yishi.workflows.deliberation.models import ItemRecord
    from yishi.workflows.supervision.models import ActionItem

    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    chair = R.holders_of(R.CHAIR, rules, meeting.date) if rules else []
    sheet = attendance_sheet(meeting)
    present = [r for r in sheet.rows if r.role == R.MEMBER and r.status in IN_THE_ROOM]
    observers = [r for r in sheet.rows if r.role == R.OBSERVER and r.status in IN_THE_ROOM]
    reasons = dict(LeaveRequest.objects.filter(invitation__meeting=meeting, state=LeaveRequest.State.APPROVED)
                   .values_list("invitation_id", "reason"))
    absent = [f"{r.person}（{reasons.get(r.invitation_id) or _('缺席')}）" for r in sheet.rows
              if r.status in (Status.ON_LEAVE, Status.ABSENT, Status.DELEGATE)]
    local = timezone.localtime(meeting.starts_at)
    lines = [
        _("时间：%(when)s") % {"when": f"{local:%Y年%m月%d日 %H:%M}"},
        _("地点：%(place)s") % {"place": meeting.location or "—"},
        _("主持：%(chair)s") % {"chair": "、".join(p.name for p in chair) or "—"},
        _("出席：%(names)s") % {"names": _names(present)},
        _("列席：%(names)s") % {"names": _names(observers)},
        _("请假及缺席：%(names)s") % {"names": "、".join(absent) or _("无")},
        "",
    ]
    records = ItemRecord.objects.filter(meeting=meeting).select_related("decision", "presenter").prefetch_related(
        "opinions__person")
    for number, record in enumerate(records, start=1):
        lines.append(_("%(n)s. %(title)s") % {"n": number, "title": record.title})
        if record.summary:
            lines.append(_("汇报：%(text)s") % {"text": record.summary})
        if record.discussion:
            lines.append(_("讨论：%(text)s") % {"text": record.discussion})
        for opinion in record.opinions.all():
            reason = f"（{opinion.reason}）" if opinion.reason else ""
            lines.append(f"  {opinion.person.name}：{opinion.get_stance_display()}{reason}")
        decision = getattr(record, "decision", None)
        if decision is not None:
            lines.append(_("决定：%(text)s（%(outcome)s）") % {"text": decision.text,
                                                           "outcome": decision.get_outcome_display()})
            if decision.research_task:
                lines.append(_("调研：%(who)s 负责%(task)s，%(due)s 前完成后再议") % {
                    "who": decision.research_assignee.name, "task": decision.research_task,
                    "due": decision.research_due})
        lines.append("")
    items = ActionItem.objects.filter(meeting=meeting).select_related("owner_department", "owner")
    if items:
        lines.append(_("工作分工："))
        for item in items:
            owner = f"{item.owner_department.name}{'（' + item.owner.name + '）' if item.owner_id else ''}"
            lines.append(_("  %(title)s——责任：%(owner)s，时限：%(due)s") % {
                "title": item.title, "owner": owner, "due": item.due_date})
    return "\n".join(lines).strip()


@transaction.atomic
def draft_minutes(meeting: Meeting, *, user=None) -> Minutes:
    """Create the minutes of a meeting from its record as a draft revision (once per meeting)."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None:
        return minutes
    sheet = attendance_sheet(meeting)
    minutes = Minutes(
        meeting=meeting, title=_("%(name)s会议纪要") % {"name": meeting.name}, body=compose(meeting),
        distribution="、".join(row.person for row in sheet.rows),
        confidential=meeting.confidentiality == CONFIDENTIAL, live=False,
    )
    minutes.save()
    minutes.save_revision(user=user)
    return minutes


def next_number(meeting: Meeting) -> str:
    year = meeting.date.year
    issued = Minutes.objects.filter(meeting__meeting_type_slug=meeting.meeting_type_slug,
                                    meeting__date__year=year).exclude(number="").count()
    return _("%(name)s纪要〔%(year)s〕%(n)s号") % {"name": meeting.name, "year": year, "n": issued + 1}


def number_and_export(minutes: Minutes) -> None:
    """On publication (through the admin workflow or `issue`): a number once, then the documents."""
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        if not locked.number:
            # One numberer at a time per meeting type and year: the meeting type row is not a thing,
            # so lock this type's minutes of the year.
            list(Minutes.objects.select_for_update().filter(
                meeting__meeting_type_slug=locked.meeting.meeting_type_slug,
                meeting__date__year=locked.meeting.date.year).values_list("pk", flat=True))
            Minutes.objects.filter(pk=locked.pk).update(number=next_number(locked.meeting),
                                                       issued_at=timezone.now())
            locked.refresh_from_db(fields=["number"])
            distribute(locked)
        from .tasks import export_minutes

        enqueue(export_minutes, connection.schema_name, locked.pk)


def recipients(minutes: Minutes) -> list[Person]:
    """Who receives issued minutes: everyone invited to the meeting, and the people the distribution
    list names (分送), each once."""
    names = {name.strip() for name in minutes.distribution.replace(",", "、").replace("，", "、").split("、")}
    return list(Person.objects.filter(Q(invitations__meeting=minutes.meeting_id) | Q(name__in=names - {""}))
                .select_related("user").distinct().order_by("pk"))


def distribute(minutes: Minutes) -> None:
    """Tell the recipients that the minutes are issued, through the outbox in the caller's transaction.

    Keyed per minutes: a second publication (a corrected revision) sends nothing again. The notice
    names the minutes, not their content: the text stays behind the admin's visibility rules."""
    notify(recipients(minutes), Notice.Kind.OTHER, _("会议纪要印发：%(title)s") % {"title": minutes.title},
           _("%(number)s 已印发，请登录系统查阅。") % {"number": minutes.number}, meeting=minutes.meeting,
           dedupe_key=f"minutes:issued:{minutes.pk}")


@transaction.atomic
def issue(minutes: Minutes, *, user) -> Minutes:
    """印发: the rules' minutes reviewer (or the office) publishes the latest revision, as the last
    step of the admin workflow does; publication numbers it and queues the documents."""
    meeting = minutes.meeting
    roles = R.roles_of(user, rules_in_force(meeting.meeting_type_slug, meeting.date), meeting.date)
    if not roles & {R.MINUTES_REVIEWER, R.OFFICE}:
        raise PermissionDenied(_("只有纪要审核人或办公室可以印发纪要"))
    # Who may issue is the rules' question, answered above, not the admin's model permissions.
    minutes.get_latest_revision().publish(user=user, skip_permission_checks=True)
    minutes.refresh_from_db()
    return minutes


def issued_on(minutes: Minutes) -> dt.date:
    return timezone.localdate(minutes.issued_at) if minutes.issued_at else minutes.meeting.date
