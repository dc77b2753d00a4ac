"""The office's review of an import: each extracted rule beside its source sentence, and their corrections.

`review_rows(result)` lists every value the pack writes for a meeting type, and every rule a flag left
unset, with the sentence it came from and the flags on it. `apply_corrections(pack, rows, corrections)`
writes the values a person typed back into the pack and returns the feedback: what was extracted, what
it was corrected to, from which sentence. Plain data (Django only for the messages' translation).
"""

import json
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..fractions import exact, written
from .roles import Directory

# pack path → (kind of value, the extracted rules' fields it comes from)
FIELDS = {
    "cadence.rrule": ("text", ("cadence.phrase",)),
    "cadence.time": ("text", ("cadence.time", "cadence.phrase", "cadence.daypart")),
    "cadence.duration_minutes": ("integer", ("cadence.duration_minutes", "cadence.phrase")),
    "cadence.location": ("text", ("cadence.location",)),
    "cadence.holiday_policy": ("choice", ("cadence.holiday_policy",)),
    "roles.chair": ("target", ("roles.chair", "roles.convener")),
    "roles.members": ("targets", ("roles.members",)),
    "roles.observers": ("targets", ("roles.observers",)),
    "roles.organiser": ("target", ("roles.organiser",)),
    "topics.deadline": ("json", ("topics.deadline",)),
    "attendance.leave_lead_hours": ("integer", ("attendance.leave_lead_hours",)),
    "attendance.leave_approver": ("target", ("attendance.leave_approver",)),
    "attendance.delegation": ("choice", ("attendance.delegation",)),
    "decisions.quorum": ("fraction", ("decisions.quorum",)),
    "decisions.decision_rule": ("choice", ("decisions.decision_rule", "decisions.majority_principle")),
    "decisions.chair_speaks_last": ("boolean", ("decisions.chair_speaks_last",)),
    "minutes.deadline_workdays": ("integer", ("minutes.deadline_workdays",)),
    "minutes.reviewer": ("target", ("minutes.reviewer",)),
}
_FRACTIONS = {"半数": "1/2", "过半数": "1/2", "三分之二": "2/3", "四分之三": "3/4", "五分之四": "4/5"}
_BOOLEANS = {"是": True, "true": True, "yes": True, "否": False, "false": False, "no": False}


class CorrectionInvalid(ValueError):
    """A correction that cannot be written; `field` names the rule (its place in the pack)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Row:
    key: str  # regulation slug / meeting type slug / pack path: the row's address in the pack
    regulation: str
    meeting_type: str
    path: str
    value: str  # the value as the office reads and types it
    sources: list[str]
    flags: list[str]

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _names(pack: dict) -> dict[str, str]:
    organisation = pack.get("organisation", {})
    return {item["slug"]: item["name"] for kind in ("posts", "departments") for item in organisation.get(kind, [])}


def _get(data: dict, path: str):
    section, key = path.split(".")
    return (data.get(section) or {}).get(key)


def shown(value, kind: str, names: dict[str, str]) -> str:
    """A pack value as text: role slugs as the names people know them by."""
    if value is None:
        return ""
    if kind == "target":
        slug = value.get("post") or value.get("department")
        return names.get(slug, slug)
    if kind == "targets":
        return "、".join(shown(item, "target", names) for item in value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "boolean":
        return "是" if value else "否"
    return str(value)


def review_rows(result) -> list[Row]:
    names = _names(result.pack)
    rows = []
    for regulation, parsed in zip(result.pack["regulations"], result.report.regulations, strict=True):
        for data, meeting_type in zip(regulation["meeting_types"], parsed.meeting_types, strict=True):
            for path, (kind, rule_fields) in FIELDS.items():
                value = _get(data, path)
                flags = [flag.message for flag in meeting_type.flags if flag.field.startswith(path)]
                if value is None and not flags:
                    continue
                sources = list(dict.fromkeys(rule.source for rule in meeting_type.rules if rule.field in rule_fields))
                rows.append(Row(f"{regulation['slug']}/{data['slug']}/{path}", regulation["title"], data["name"],
                                path, shown(value, kind, names), sources, flags))
    return rows


def _parsed(text: str, kind: str, path: str, directory: Directory):
    if kind == "integer":
        if not text.isdigit():
            raise CorrectionInvalid(path, _("应为整数，而不是「%(text)s」") % {"text": text})
        return int(text)
    if kind == "fraction":
        spelled = _FRACTIONS.get(text, text)
        try:
            value = exact(spelled if "/" in spelled else float(spelled))
        except (ValueError, ZeroDivisionError):
            message = _("应为比例（如 0.5、2/3、三分之二），而不是「%(text)s」") % {"text": text}
            raise CorrectionInvalid(path, message) from None
        if not 0 < value <= 1:
            raise CorrectionInvalid(path, _("比例应在 0 与 1 之间，而不是「%(text)s」") % {"text": text})
        return written(value)
    if kind == "boolean":
        if text.lower() not in _BOOLEANS:
            raise CorrectionInvalid(path, _("应为「是」或「否」，而不是「%(text)s」") % {"text": text})
        return _BOOLEANS[text.lower()]
    if kind == "json":
        try:
            return json.loads(text)
        except ValueError:
            raise CorrectionInvalid(path, _("应为 JSON，如 {\"kind\": \"workdays_before\", \"days\": 2}：「%(text)s」")
                                    % {"text": text}) from None
    if kind in ("target", "targets"):
        found = []
        for name in filter(None, (part.strip() for part in re.split(r"[、，,；;]", text))):
            target = directory.target(name)
            if target is None:
                raise CorrectionInvalid(path, _("「%(name)s」不是可识别的岗位或部门名称") % {"name": name})
            found.append(target)
        if kind == "target" and len(found) != 1:
            raise CorrectionInvalid(path, _("应为一个岗位或部门，而不是「%(text)s」") % {"text": text})
        return found[0] if kind == "target" else found
    return text


def apply_corrections(pack: dict, rows: list[dict], corrections: dict[str, str],
                      existing: Directory | None = None) -> list[dict]:
    """Write `corrections` (row key → text typed) into `pack`; return the feedback, one entry per change.

    An empty text removes the value. Posts and departments named in a correction are the organisation's
    (`existing`) or the pack's own; a new name is declared in the pack like the importer's own names.
    Raises CorrectionInvalid naming the rule and the reason; the pack is then left as it was.
    """
    organisation = pack.get("organisation", {})
    # the organisation's posts and the pack's own count as known; only names new to both are declared
    directory = Directory(
        posts={**(existing.posts if existing else {}), **{p["name"]: p["slug"] for p in organisation.get("posts", [])}},
        departments={**(existing.departments if existing else {}),
                     **{d["name"]: d["slug"] for d in organisation.get("departments", [])}},
    )
    types = {f"{regulation['slug']}/{data['slug']}": data
             for regulation in pack["regulations"] for data in regulation["meeting_types"]}
    changes, feedback = [], []
    for row in rows:
        text = corrections.get(row["key"])
        if text is None or text.strip() == row["value"]:
            continue
        text = text.strip()
        data = types.get(row["key"].rsplit("/", 1)[0])
        if data is None:
            raise CorrectionInvalid(row["path"], _("制度包中已没有这一会议类型"))
        kind = FIELDS[row["path"]][0]
        value = _parsed(text, kind, row["path"], directory) if text else None
        changes.append((data, row["path"], value))
        feedback.append({"regulation": row["regulation"], "meeting_type": row["meeting_type"], "field": row["path"],
                         "extracted": row["value"], "corrected": text, "sources": row["sources"]})
    for data, path, value in changes:
        section, key = path.split(".")
        if value is None:
            (data.get(section) or {}).pop(key, None)
        else:
            data.setdefault(section, {})[key] = value
    for kind, new in directory.pack().items():
        if new:
            pack.setdefault("organisation", {}).setdefault(kind, []).extend(new)
    return feedback


def feedback_text(feedback: list[dict]) -> str:
    """The corrections, for the import report: extracted → corrected, with the sentence."""
    if not feedback:
        return "人工核对：未作更正\n"
    lines = [f"人工核对：更正 {len(feedback)} 处"]
    for entry in feedback:
        lines.append(f"  {entry['regulation']} · {entry['meeting_type']} · {entry['field']}："
                     f"「{entry['extracted'] or '（未写入）'}」→「{entry['corrected'] or '（删除）'}」")
        lines += [f"    原文：「{source}」" for source in entry["sources"]]
    return "\n".join(lines) + "\n"

