"""Minutes drafted from the record, issued with a number, and who may see a confidential meeting's.

    draft_minutes(meeting)      → Minutes (a draft revision), made when the meeting closes
    review(minutes, name, …)    → MINUTES_STATES: submit (secretary/office), approve or send_back
                                  (the rules' minutes reviewer), sign (签发, the rules' signer: opinion,
                                  date, name, 代 when not the chair) or send_back; signing publishes
                                  the latest revision: number, issued_at, distribution notice (outbox),
                                  export task
"""


import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.rules import Confidentiality, rules_in_force
from yishi.platform.celery import enqueue
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import attendance_sheet
from yishi.workflows.attendance.models import LeaveRequest, Status
from yishi.workflows.deliberation.models import ItemRecord, Stance
from yishi.workflows.notices.models import Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.scheduling.links import meeting_link
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem

from .models import MINUTES_STATES, Minutes
from .tasks import export_minutes

IN_THE_ROOM = (Status.PRESENT, Status.LATE)


def _names(rows) -> str:
    return "、".join(row.person for row in rows) or _("无")


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _opinions(opinions) -> list[str]:
    """A 纪要 sums the speakers up rather than quoting each (the record keeps who said what): how
    the members stood, and the changes they asked for."""
    if not opinions:
        return []
    stances = Counter(opinion.stance for opinion in opinions)
    if set(stances) == {Stance.AGREE}:
        lines = [_("与会成员一致同意。")]
    else:
        lines = [_("与会成员发表意见：同意 %(agree)s 人，建议修改 %(amend)s 人，反对 %(against)s 人。") % {
            "agree": stances[Stance.AGREE], "amend": stances[Stance.AMEND], "against": stances[Stance.AGAINST]}]
    changes = [opinion.reason for opinion in opinions if opinion.stance == Stance.AMEND and opinion.reason]
    if changes:
        lines.append(_("修改意见：%(changes)s。") % {"changes": "；".join(change.rstrip("。") for change in changes)})
    return lines


def _assignment(item: ActionItem) -> str:
    owner = f"{item.owner_department.name}{'（' + item.owner.name + '）' if item.owner_id else ''}"
    return _("由%(owner)s负责%(title)s，%(due)s前完成。") % {"owner": owner, "title": item.title,
                                                        "due": _date(item.due_date)}


def compose(meeting: Meeting) -> str:
    """The minutes text from the record: time, place, chair, attendance, each item with the members'
    stand summed up, its decision and who carries it out by when."""
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
        # GB/T 9704 §10.3: 出席, then 请假 and 列席 in that order, each on a line of its own
        _("出席：%(names)s") % {"names": _names(present)},
        _("请假及缺席：%(names)s") % {"names": "、".join(absent) or _("无")},
        _("列席：%(names)s") % {"names": _names(observers)},
        "",
    ]
    records = ItemRecord.objects.filter(meeting=meeting).select_related("decision", "presenter").prefetch_related(
        "opinions", "agenda_item__recusals__person", "agenda_item__written_opinions__person", "candidates__votes",
        Prefetch("decision__action_items", ActionItem.objects.select_related("owner_department", "owner")))
    for number, record in enumerate(records, start=1):
        lines.append(_("%(n)s. %(title)s") % {"n": number, "title": record.title})
        if record.summary:
            lines.append(_("汇报：%(text)s") % {"text": record.summary})
        if record.discussion:
            lines.append(_("讨论：%(text)s") % {"text": record.discussion})
        lines += _opinions(list(record.opinions.all()))
        if record.agenda_item_id:
            for recusal in record.agenda_item.recusals.all():
                lines.append(_("  %(name)s 回避（%(reason)s）") % {
                    "name": recusal.person.name, "reason": recusal.reason})
            for written in record.agenda_item.written_opinions.all():
                lines.append(_("  %(name)s（请假）书面意见：%(stance)s——%(text)s") % {
                    "name": written.person.name, "stance": written.get_stance_display(), "text": written.text})
        for candidate in record.candidates.all():
            result = list(candidate.votes.all())[-1:]  # the latest round
            lines.append(_("  拟任人选 %(name)s（%(post)s）：%(outcome)s") % {
                "name": candidate.name, "post": candidate.proposed_post,
                "outcome": result[0].get_outcome_display() if result else _("尚未表决")})
        decision = getattr(record, "decision", None)
        if decision is not None:
            lines.append(_("决定：%(text)s（%(outcome)s）") % {"text": decision.text,
                                                           "outcome": decision.get_outcome_display()})
            if decision.research_task:
                lines.append(_("调研：%(who)s 负责%(task)s，%(due)s 前完成后再议") % {
                    "who": decision.research_assignee.name, "task": decision.research_task,
                    "due": decision.research_due})
            lines += [_assignment(item) for item in decision.action_items.all()]
        lines.append("")
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
        confidential=meeting.confidentiality == Confidentiality.CONFIDENTIAL, live=False,
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
    """On publication (签发 publishes; a corrected revision published later keeps its number): a number
    once, then the documents."""
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


def minutes_roles(user, minutes: Minutes) -> set[str]:
    meeting = minutes.meeting
    return R.roles_of(user, rules_in_force(meeting.meeting_type_slug, meeting.date), meeting.date)


def _sign_off(minutes: Minutes, user, roles: set[str], signed_on: dt.date | None) -> dict:
    """The fields `sign` writes: who signed (代 when it is not the chair), when. The date is the issue
    date of the documents, so it may not precede the meeting."""
    meeting = minutes.meeting
    if signed_on is None:
        raise ValidationError({"signed_on": _("请填写签发日期")}, code="required")
    if signed_on < meeting.date:
        raise ValidationError({"signed_on": _("不能早于会议日期（%(day)s）") % {
            "day": f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日"}}, code="before_meeting")
    person = Person.objects.get(user=user)  # a rules role is held by a person
    return {"signer": person, "signer_name": person.name, "signed_for_chair": R.CHAIR not in roles,
            "signed_on": signed_on}


@transaction.atomic
def review(minutes: Minutes, name: str, *, user, comment: str = "", signed_on: dt.date | None = None) -> Minutes:
    """One step of the minutes review (MINUTES_STATES), with the people the next step waits for told.
    For `sign`, `comment` is the 签发意见 (required) and `signed_on` the 签发日期."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    roles = minutes_roles(user, minutes)
    meeting = minutes.meeting
    changes = None
    if name == "sign":
        MINUTES_STATES.check(minutes, name, roles)  # who may sign first: a refusal tells nothing about the form
        if not comment.strip():
            raise ValidationError({"comment": _("请填写签发意见")}, code="required")
        changes = {**_sign_off(minutes, user, roles, signed_on), "sign_opinion": comment.strip()}
    MINUTES_STATES.apply(minutes, name, actor=user, roles=roles, comment=comment, changes=changes)
    if name == "sign":
        # Who may sign is the rules' question, answered by the transition, not the admin's permissions.
        # Publishing keeps the review and sign-off fields (Minutes.with_content_json); its signal
        # numbers, distributes and exports (number_and_export).
        minutes.get_latest_revision().publish(user=user, skip_permission_checks=True)
        minutes.refresh_from_db()
    elif name in ("submit", "approve"):
        role, subject, text = {
            "submit": (R.MINUTES_REVIEWER, _("会议纪要待审核：%(title)s"), _("请在会议页面审核纪要：%(link)s")),
            "approve": (R.MINUTES_SIGNER, _("会议纪要待签发：%(title)s"), _("请在会议页面签发纪要：%(link)s")),
        }[name]
        rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
        notify(R.holders_of(role, rules, meeting.date) if rules else [], Notice.Kind.OTHER,
               subject % {"title": minutes.title}, text % {"link": meeting_link(meeting)},
               meeting=meeting, dedupe_key=f"minutes:{name}:{minutes.pk}:{minutes.events.count()}")
    else:
        submitted = minutes.events.filter(transition="submit").select_related("actor__person").last()
        writers = [submitted.actor.person] if submitted and hasattr(submitted.actor, "person") else []
        notify(writers, Notice.Kind.OTHER, _("会议纪要被退回修改：%(title)s") % {"title": minutes.title},
               comment, meeting=meeting, dedupe_key=f"minutes:sent-back:{minutes.pk}:{minutes.events.count()}")
    return minutes


