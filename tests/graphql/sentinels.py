"""Each organisation's own sentinel content: A's must never appear in anything B is answered.

Each organisation gets three meeting types — public (甲哨兵会), internal (甲内部哨兵会) and
confidential (甲绝密哨兵会) — and one stored meeting of each on SENTINEL_DAY; a department and a
post; and each meeting an approved agenda, issued minutes, a decision and an action item of that
department, every text carrying the organisation's word and the meeting's name.
"""

import copy
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from yishi.content.packs import apply_pack
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda.models import Agenda, AgendaItem
from yishi.workflows.deliberation.models import Decision, ItemRecord
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem

SENTINELS = {"org-a": ("甲哨兵", "jia-sentinel"), "org-b": ("乙哨兵", "yi-sentinel")}
INTERNAL, CONFIDENTIAL = "内部哨兵会", "绝密哨兵会"
SENTINEL_DAY = dt.date(2026, 3, 27)


def seed(organisation) -> None:
    word, slug = SENTINELS[organisation.slug]
    data = pack()
    regulation = data["regulations"][0]
    regulation.update(slug=f"{slug}-rules", title=f"{word}议事规则", document_number=f"{word}〔2017〕1号")
    regulation["articles"][1]["text"] = f"会议由主任召集并主持（{word}）。"
    data["organisation"]["departments"].append({"slug": f"{slug}-dept", "name": f"{word}督查科"})
    data["organisation"]["posts"].append({"slug": f"{slug}-post", "name": f"{word}督查员",
                                          "department": f"{slug}-dept"})
    public = regulation["meeting_types"][0]
    public.update(slug=f"{slug}-meeting", name=f"{word}会", confidentiality="public")
    public["cadence"]["location"] = f"{word}会议室"
    for level, suffix, name in (("internal", "internal", INTERNAL), ("confidential", "secret", CONFIDENTIAL)):
        other = copy.deepcopy(public)
        other.update(slug=f"{slug}-{suffix}", name=f"{word[0]}{name}", confidentiality=level)
        regulation["meeting_types"].append(other)
    with tenant_context(organisation):
        apply_pack(data)
        for meeting_type in regulation["meeting_types"]:
            starts = dt.datetime.combine(SENTINEL_DAY, dt.time(15), tzinfo=ZoneInfo("Asia/Shanghai"))
            meeting = Meeting.objects.create(
                meeting_type_slug=meeting_type["slug"], name=meeting_type["name"], rule_date=SENTINEL_DAY,
                date=SENTINEL_DAY, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                confidentiality=meeting_type["confidentiality"], location=f"{word}会议室",
            )
            seed_outcome(meeting, Department.objects.get(slug=f"{slug}-dept"))


def seed_outcome(meeting: Meeting, department: Department) -> None:
    """An approved agenda, issued minutes, a decision and its action item, all named after the meeting."""
    name = meeting.name
    Agenda.objects.create(meeting=meeting, state=Agenda.State.APPROVED)
    item = AgendaItem.objects.create(meeting=meeting, position=0, title=f"{name}议程事项", kind="standing")
    Minutes.objects.create(meeting=meeting, title=f"{name}纪要", number=f"{name}〔2026〕1号", body=f"{name}纪要正文",
                           confidential=meeting.confidentiality == "confidential", live=True,
                           issued_at=timezone.now(), signer_name=f"{name}主任", sign_opinion="同意印发。",
                           signed_on=dt.date(2026, 3, 20))
    record = ItemRecord.objects.create(meeting=meeting, agenda_item=item, position=0, title=f"{name}议题")
    decision = Decision.objects.create(record=record, meeting=meeting, outcome=Decision.Outcome.ADOPTED,
                                       text=f"{name}决定", present=3, members=3, quorum_required=2)
    ActionItem.objects.create(meeting=meeting, decision=decision, title=f"{name}督办事项",
                              owner_department=department, due_date=meeting.date + dt.timedelta(days=30),
                              meeting_type_slug=meeting.meeting_type_slug)


def leaks(text: str, of: str) -> list[str]:
    return [marker for marker in SENTINELS[of] if marker in text]
