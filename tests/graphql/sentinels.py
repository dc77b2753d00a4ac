"""Each organisation's own sentinel content: A's must never appear in anything B is answered.

Each organisation gets three meeting types — public (甲哨兵会), internal (甲内部哨兵会) and
confidential (甲绝密哨兵会) — and one stored meeting of each on SENTINEL_DAY.
"""

import copy
import datetime as dt
from zoneinfo import ZoneInfo

from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from yishi.content.packs import apply_pack
from yishi.workflows.scheduling.models import Meeting

SENTINELS = {"org-a": ("甲哨兵", "jia-sentinel"), "org-b": ("乙哨兵", "yi-sentinel")}
INTERNAL, CONFIDENTIAL = "内部哨兵会", "绝密哨兵会"
SENTINEL_DAY = dt.date(2026, 3, 27)


def seed(organisation) -> None:
    word, slug = SENTINELS[organisation.slug]
    data = pack()
    regulation = data["regulations"][0]
    regulation.update(slug=f"{slug}-rules", title=f"{word}议事规则", document_number=f"{word}〔2017〕1号")
    regulation["articles"][1]["text"] = f"会议由主任召集并主持（{word}）。"
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
            Meeting.objects.create(
                meeting_type_slug=meeting_type["slug"], name=meeting_type["name"], rule_date=SENTINEL_DAY,
                date=SENTINEL_DAY, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                confidentiality=meeting_type["confidentiality"], location=f"{word}会议室",
            )


def leaks(text: str, of: str) -> list[str]:
    return [marker for marker in SENTINELS[of] if marker in text]
