"""Minimums of the rule texts a regulation cites, and the pack warnings when its rules fall below them.

A regulation that says it follows 《党政领导干部选拔任用工作条例》 or 《中国共产党党组工作条例》 but lets
a personnel matter be decided with fewer than two thirds of the members present is valid as a pack (the
organisation's text is what it is) but wrong: ``pack_warnings`` says so, path by path, and the CLI
prints the warnings when a pack is applied. What each source requires (docs/regulation-pack.md):

* 选拔任用条例: 讨论决定干部任免事项，必须有三分之二以上成员到会；以应到会成员超过半数同意形成决定.
* 党组工作条例: 党组会议须有半数以上党组成员到会；讨论和决定干部任免、处分党员事项须有三分之二以上；
  every decision: 赞成票超过应到会党组成员半数为通过 (第二十七条).
"""

import json
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .fractions import HALF, TWO_THIRDS, exact, spoken
from .validation import FieldError, fill_defaults, schema_errors

PERSONNEL = "personnel"  # the quorum-rule matter of 干部任免 (as the importer and templates write it)


@dataclass(frozen=True)
class Source:
    title: str  # as cited, between 《》
    quorum: Fraction | None  # members present for any decision
    personnel_quorum: Fraction | None  # … for 干部任免
    personnel_of_members: bool  # 干部任免 carried by more than half of the members entitled to attend
    decisions_of_members: bool  # … every decision so


SOURCES = (
    Source("党政领导干部选拔任用工作条例", None, TWO_THIRDS, True, False),
    Source("中国共产党党组工作条例", HALF, TWO_THIRDS, False, True),
)


def cited_sources(regulation: dict) -> list[Source]:
    """The sources whose titles the regulation's text cites."""
    text = json.dumps({key: regulation.get(key) for key in ("title", "body", "chapters", "articles")},
                      ensure_ascii=False)
    return [source for source in SOURCES if f"《{source.title}》" in text]


def pack_warnings(data: dict) -> list[FieldError]:
    """Where a (valid) pack's rules fall below the minimums of the texts each regulation cites."""
    if schema_errors(data):
        return []
    pack = fill_defaults(data)
    warnings = []
    personnel_types: dict[str, set[str]] = {}  # meeting types that decide a 干部任免 matter of the catalogue
    for regulation in pack["regulations"]:
        for matter in regulation["matters"]:
            if matter["kind"] == "cadre_appointment":
                for step in matter["route"]:
                    personnel_types.setdefault(step["meeting_type"], set()).add(matter["name"])
    for index, regulation in enumerate(pack["regulations"]):
        sources = cited_sources(regulation)
        for position, meeting_type in enumerate(regulation["meeting_types"]):
            where = f"regulations[{index}].meeting_types[{position}].decisions"
            decisions = meeting_type["decisions"]
            personnel = next((rule["fraction"] for rule in decisions["quorum_rules"] if rule["matter"] == PERSONNEL),
                             None)
            for source in sources:
                cite = {"source": source.title}
                if source.quorum and exact(decisions["quorum"]) < source.quorum:
                    warnings.append(FieldError(f"{where}.quorum", _(
                        "到会比例 %(value)s 低于《%(source)s》规定的%(minimum)s以上") % {
                        **cite, "value": decisions["quorum"], "minimum": spoken(source.quorum)}))
                decides_personnel = personnel is not None or meeting_type["slug"] in personnel_types
                fraction = personnel if personnel is not None else decisions["quorum"]
                if source.personnel_quorum and decides_personnel and exact(fraction) < source.personnel_quorum:
                    warnings.append(FieldError(f"{where}.quorum_rules", _(
                        "干部任免事项到会比例 %(value)s 低于《%(source)s》规定的%(minimum)s以上") % {
                        **cite, "value": fraction, "minimum": spoken(source.personnel_quorum)}))
                if decisions["decision_rule"] == "majority_of_members":
                    continue
                if source.decisions_of_members:
                    warnings.append(FieldError(f"{where}.decision_rule", _(
                        "《%(source)s》规定赞成票超过应到会成员半数为通过，这里是到会成员过半数") % cite))
                elif source.personnel_of_members and decides_personnel:
                    warnings.append(FieldError(f"{where}.decision_rule", _(
                        "《%(source)s》规定干部任免以应到会成员超过半数同意形成决定，这里是到会成员过半数") % cite))
        for position, matter in enumerate(regulation["matters"]):
            for source in sources:
                if matter["kind"] == "cadre_appointment" and matter["quorum"] is not None \
                        and source.personnel_quorum and exact(matter["quorum"]) < source.personnel_quorum:
                    warnings.append(FieldError(f"regulations[{index}].matters[{position}].quorum", _(
                        "干部任免事项到会比例 %(value)s 低于《%(source)s》规定的%(minimum)s以上") % {
                        "source": source.title, "value": matter["quorum"], "minimum": spoken(source.personnel_quorum)}))
    return warnings
