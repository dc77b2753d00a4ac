"""Each organisation's own sentinel content: A's must never appear in anything B is answered."""

from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from yishi.content.packs import apply_pack

SENTINELS = {"org-a": ("甲哨兵", "jia-sentinel"), "org-b": ("乙哨兵", "yi-sentinel")}


def seed(organisation) -> None:
    word, slug = SENTINELS[organisation.slug]
    data = pack()
    regulation = data["regulations"][0]
    regulation.update(slug=f"{slug}-rules", title=f"{word}议事规则", document_number=f"{word}〔2017〕1号")
    regulation["articles"][1]["text"] = f"会议由主任召集并主持（{word}）。"
    meeting = regulation["meeting_types"][0]
    meeting.update(slug=f"{slug}-meeting", name=f"{word}会")
    meeting["cadence"]["location"] = f"{word}会议室"
    with tenant_context(organisation):
        apply_pack(data)


def leaks(text: str, of: str) -> list[str]:
    return [marker for marker in SENTINELS[of] if marker in text]
