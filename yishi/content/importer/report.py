"""The import report: what became which regulation and article, every rule with its sentence, flags, debris."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .model import Flag, MeetingType, Node, Regulation


@dataclass
class Report:
    source: str
    encoding: str
    regulations: list[Regulation] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    cover: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def all_flags(self) -> list[Flag]:
        found = list(self.flags)
        for regulation in self.regulations:
            found += regulation.flags
            for meeting_type in regulation.meeting_types:
                found += meeting_type.flags
        return found

    def render_text(self) -> str:
        lines = [f"导入报告：{self.source}（编码：{self.encoding}）",
                 f"制度 {len(self.regulations)} 项，待核对 {len(self.all_flags())} 处，"
                 f"删除网页杂项 {len(self.dropped)} 行"]
        lines += _flags(self.flags, "  ")
        if self.cover:
            lines.append("印发通知（不作为制度导入）：")
            lines += [f"  {line}" for line in self.cover]
        for number, regulation in enumerate(self.regulations, 1):
            lines += _regulation(number, regulation)
        if self.dropped:
            lines.append("已删除的网页杂项：")
            lines += [f"  [{reason}] {text}" for text, reason in self.dropped]
        return "\n".join(lines) + "\n"


def _flags(flags: list[Flag], indent: str) -> list[str]:
    lines = []
    for flag in flags:
        lines.append(f"{indent}⚑ 待核对 {flag.field}：{flag.message}")
        if flag.candidates:
            lines.append(f"{indent}    候选：" + "；".join(str(candidate) for candidate in flag.candidates))
        if flag.source:
            lines.append(f"{indent}    原文：「{flag.source}」")
    return lines


def _node_line(node: Node, depth: int) -> str:
    label = node.marker or ("（款）" if node.kind == "clause" else "")
    text = node.heading or node.text.split("\n")[0]
    anchor = f"  → {node.anchor}" if node.anchor else ""
    return f"{'  ' * depth}{label}{text[:40]}{'…' if len(text) > 40 else ''}{anchor}"


def _regulation(number: int, regulation: Regulation) -> list[str]:
    lines = [f"\n制度 {number}：{regulation.title}（{regulation.slug}，草稿）",
             f"  编号样式：{regulation.numbering}　文号：{regulation.document_number or '—'}　"
             f"印发机关：{regulation.issuing_body or '—'}",
             f"  印发日期：{regulation.issued or '—'}　施行日期：{regulation.effective_from or '—'}　"
             f"审议通过：{regulation.adopted_at or '—'}"]
    if regulation.preamble:
        lines.append("  序言（制度包无对应字段，未写入条文）：")
        lines += [f"    {line}" for line in regulation.preamble]
    lines.append(f"  条文（{len(regulation.all_articles())} 条）：")
    for chapter in regulation.chapters or [None]:
        articles = chapter.children if chapter else regulation.articles
        if chapter:
            lines.append(f"    {chapter.marker}{chapter.heading}")
        for article in articles:
            for node in article.walk():
                depth = {"article": 2, "clause": 3, "item": 4}[node.kind]
                if node.kind != "clause" or node.text or node.marker:
                    lines.append("  " + _node_line(node, depth))
    lines += _flags(regulation.flags, "  ")
    for meeting_type in regulation.meeting_types:
        lines += _meeting_type(meeting_type)
    return lines


# Every rule the importer extracts, and every pack place the office reviews, by name (one list: the text
# report and the admin's review both read it).
RULE_LABELS = {
    "cadence.phrase": _("频次"),
    "cadence.time": _("时间"),
    "cadence.daypart": _("时段"),
    "cadence.duration_minutes": _("会期（分钟）"),
    "cadence.location": _("地点"),
    "cadence.ad_hoc_allowed": _("可临时召开"),
    "cadence.ad_hoc_notice_hours": _("临时会议通知（小时）"),
    "roles.chair": _("主持人"),
    "roles.convener": _("召集人"),
    "roles.organiser": _("组织部门"),
    "roles.members": _("参会人员"),
    "roles.observers": _("列席人员"),
    "roles.recorders": _("记录"),
    "topics.deadline": _("议题截止"),
    "materials.deadline": _("材料截止"),
    "materials.distribution_workdays": _("材料分发（会前工作日）"),
    "materials.page_limit": _("材料页数上限"),
    "notice.lead_workdays": _("会议通知（会前工作日）"),
    "attendance.arrive_early_minutes": _("提前到会（分钟）"),
    "attendance.leave_lead_hours": _("请假提前（小时）"),
    "attendance.leave_approver": _("请假审批"),
    "attendance.delegation": _("委托参会"),
    "decisions.quorum": _("法定人数"),
    "decisions.quorum_rules": _("特定事项法定人数"),
    "decisions.decision_rule": _("决定规则"),
    "decisions.majority_principle": _("少数服从多数"),
    "decisions.chair_speaks_last": _("主持人末位表态"),
    "decisions.voting_methods": _("表决方式"),
    "minutes.required": _("会议纪要"),
    "minutes.deadline_workdays": _("纪要时限（工作日）"),
    "minutes.reviewer": _("纪要审定"),
    "minutes.signer": _("纪要签发"),
    "follow_up.require_owner": _("明确责任人"),
    "follow_up.progress_interval_workdays": _("进展反馈间隔（工作日）"),
    "confidentiality": _("密级"),
    "cadence.rrule": _("频次（RRULE）"),
    "cadence.holiday_policy": _("遇节假日"),
}
_SCOPES = {3: "本会议条款", 2: "点名提及", 1: "通用条款"}


def _meeting_type(meeting_type: MeetingType) -> list[str]:
    origins = {"title": "制度标题", "section": "条文标题", "list": "会议类别列举", "text": "条文定义"}
    origin = origins[meeting_type.origin]
    lines = [f"  会议类型：{meeting_type.name}（{meeting_type.slug}，来自{origin}）"]
    if meeting_type.scope:
        lines.append(f"    议事范围 {len(meeting_type.scope)} 项")
    for rule in meeting_type.rules:
        value = rule.value if rule.field != "cadence.phrase" else "见原文"
        note = f"（{rule.note}）" if rule.note else ""
        lines.append(f"    · {RULE_LABELS.get(rule.field, rule.field)}：{value}{note}　[{_SCOPES[rule.specificity]}"
                     f"{'，' + rule.anchor if rule.anchor else ''}]")
        lines.append(f"      原文：「{rule.source}」")
    if not meeting_type.rules:
        lines.append("    （原文未写明任何规则）")
    lines += _flags(meeting_type.flags, "    ")
    return lines
