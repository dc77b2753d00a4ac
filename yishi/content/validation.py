"""Validation of meeting-type rules, shared by the admin (model clean) and packs.

The pack JSON Schema (``packs/pack.schema.json``) is the one description of the rule format: the
schema checks shapes and ranges, ``meeting_type_errors`` adds what a schema cannot say (a valid
RRULE, a deadline before the meeting, posts that exist), and ``fill_defaults`` applies the
schema's defaults so that every stored rule set is complete.
"""

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

import jsonschema
from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fractions import exact

SCHEMA_PATH = Path(__file__).parent / "packs" / "pack.schema.json"


@dataclass(frozen=True)
class FieldError:
    """One problem: where (``regulations[0].meeting_types[1].cadence.rrule``) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@cache
def pack_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = pack_schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def fill_defaults(value, node: dict | None = None):
    """A copy of `value` with every missing property that has a schema default filled in."""
    node = _resolve(node if node is not None else pack_schema())
    if isinstance(value, dict) and "properties" in node:
        filled = {}  # in the schema's order, so that exports read the same way every time
        for key, sub in node["properties"].items():
            if key in value:
                filled[key] = fill_defaults(value[key], sub)
            else:
                default = sub["default"] if "default" in sub else _resolve(sub).get("default", KeyError)
                if default is not KeyError:
                    filled[key] = fill_defaults(copy.deepcopy(default), sub)
        return {**filled, **{key: item for key, item in value.items() if key not in filled}}
    if isinstance(value, list) and "items" in node:
        return [fill_defaults(element, node["items"]) for element in value]
    if "oneOf" in node and isinstance(value, dict):
        # e.g. an optional role target: fill from the object alternative
        for option in node["oneOf"]:
            if _resolve(option).get("type") == "object":
                return fill_defaults(value, option)
    return value


def format_path(parts: Iterable) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# The reason of each JSON Schema keyword in the interface language (jsonschema's own messages are English).
SCHEMA_REASONS = {
    "type": lambda e: _("%(value)r 的类型不对，应为 %(type)s") % {"value": e.instance, "type": e.validator_value},
    "enum": lambda e: _("%(value)r 不是可选值，应为 %(choices)s 之一") % {
        "value": e.instance, "choices": ", ".join(map(str, e.validator_value))},
    "const": lambda e: _("应为 %(value)r") % {"value": e.validator_value},
    "minimum": lambda e: _("%(value)r 小于最小值 %(limit)s") % {"value": e.instance, "limit": e.validator_value},
    "maximum": lambda e: _("%(value)r 大于最大值 %(limit)s") % {"value": e.instance, "limit": e.validator_value},
    "exclusiveMinimum": lambda e: _("%(value)r 须大于 %(limit)s") % {"value": e.instance, "limit": e.validator_value},
    "minLength": lambda e: _("至少 %(limit)s 个字符") % {"limit": e.validator_value},
    "maxLength": lambda e: _("最多 %(limit)s 个字符") % {"limit": e.validator_value},
    "pattern": lambda e: _("%(value)r 的格式不对（应符合 %(pattern)s）") % {
        "value": e.instance, "pattern": e.validator_value},
    "format": lambda e: _("%(value)r 不是有效的 %(format)s") % {"value": e.instance, "format": e.validator_value},
    "minProperties": lambda e: _("不能为空"),
    "maxProperties": lambda e: _("最多 %(limit)s 项，这里有 %(count)s 项") % {
        "limit": e.validator_value, "count": len(e.instance)},
    "uniqueItems": lambda e: _("列表中有重复项"),
}


def _schema_message(error: jsonschema.ValidationError) -> tuple[list, str]:
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        return path + [missing.group(1) if missing else "?"], _("必填")
    if error.validator == "additionalProperties":
        unknown = re.findall(r"'([^']+)'", error.message)
        return path + unknown[:1], _("未知字段")
    if error.validator == "oneOf" and error.context:
        # Report the alternative that was meant, not "is not valid under any of the given schemas":
        # not the `null` of an optional value, and the variant whose `kind` matched …
        candidates = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        # … and of a value with the right type for one alternative (a share 1.5), that one ("大于最大值 1").
        candidates = [e for e in candidates if e.validator != "type" or e.relative_path] or candidates
        variants: dict = {}
        for candidate in candidates:
            variants.setdefault(candidate.relative_schema_path[0], []).append(candidate)
        meant = next((errors for errors in variants.values() if not any(e.validator == "const" for e in errors)),
                     candidates)
        return _schema_message(max(meant or error.context, key=lambda e: len(e.absolute_path)))
    reason = SCHEMA_REASONS.get(error.validator)
    return path, reason(error) if reason else error.message


def schema_errors(data, definition: str | None = None, prefix: Iterable = ()) -> list[FieldError]:
    """Schema errors of `data` against the whole pack or one of its definitions, sorted by path."""
    schema = pack_schema()
    if definition:
        schema = {**schema["$defs"][definition], "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = []
    for error in validator.iter_errors(data):
        path, message = _schema_message(error)
        errors.append(FieldError(format_path([*prefix, *path]), message))
    return sorted(set(errors), key=lambda e: e.path)


def parse_time(text: str) -> time:
    return datetime.strptime(text, "%H:%M").time()


def rrule_error(rule: str) -> str | None:
    """Why `rule` is not a usable RFC 5545 RRULE (without DTSTART), or None."""
    if "DTSTART" in rule.upper():
        return _("不要包含 DTSTART：制度的施行日期就是起点")
    try:
        rrulestr(rule, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError) as error:
        return _("无效的 RRULE %(rule)r：%(error)s") % {"rule": rule, "error": error}
    return None


def first_dates(rule: str, start: date, count: int) -> list[datetime]:
    """The first `count` dates of `rule` from `start` (plain RRULE expansion, no holidays)."""
    dates = []
    for moment in rrulestr(rule, dtstart=datetime.combine(start, time())):
        dates.append(moment)
        if len(dates) == count:
            break
    return dates


UNKNOWN = {"post": gettext_lazy("未知岗位 %(slug)r"), "department": gettext_lazy("未知科室 %(slug)r")}

TARGET_FIELDS = (
    ("roles", "chair"), ("roles", "organiser"), ("attendance", "leave_approver"), ("minutes", "reviewer"),
    ("minutes", "signer"),
)


def _targets(rules: dict):
    """Every role target of a (defaults-filled) meeting type, with its path."""
    for section, key in TARGET_FIELDS:
        target = rules[section][key]
        if target:
            yield [section, key], target
    for key in ("members", "observers", "ad_hoc_proposers"):
        for index, target in enumerate(rules["roles"][key]):
            if isinstance(target, dict):  # ad_hoc_proposers also lists role names
                yield ["roles", key, index], target
    if rules["roles"]["recorders"]["post"]:
        yield ["roles", "recorders", "post"], {"post": rules["roles"]["recorders"]["post"]}


def share_error(value: str | float) -> str:
    """What is wrong with a share the schema let through ("3/2" has the form but exceeds the whole)."""
    return _("比例 %(value)s 大于 1") % {"value": value} if exact(value) > 1 else ""


def meeting_type_errors(
    rules: dict,
    *,
    prefix: Iterable = (),
    posts: set[str] | None = None,
    departments: set[str] | None = None,
    anchors: set[str] | None = None,
    start: date | None = None,
) -> list[FieldError]:
    """Problems of one schema-valid, defaults-filled meeting type that the schema cannot see.

    `posts`, `departments` and `anchors` are the known slugs and article anchors (None: not checked);
    `start` is the first day the rules apply (for checking deadlines against actual dates).
    """
    prefix = list(prefix)
    errors: list[FieldError] = []

    def error(path: list, message: str) -> None:
        errors.append(FieldError(format_path(prefix + path), message))

    cadence = rules["cadence"]
    rule_problem = rrule_error(cadence["rrule"])
    if rule_problem:
        error(["cadence", "rrule"], rule_problem)

    meeting_time = parse_time(cadence["time"])
    deadline = rules["topics"]["deadline"]
    if deadline and deadline["kind"] == "workdays_before" and deadline["days"] == 0:
        if parse_time(deadline["time"]) > meeting_time:
            error(["topics", "deadline", "time"], _("会议当天 %(deadline)s 晚于会议开始时间 %(start)s") % {
                "deadline": deadline["time"], "start": cadence["time"]})
    if deadline and deadline["kind"] == "day_of_month" and not rule_problem:
        for moment in first_dates(cadence["rrule"], start or date.today(), 24):
            late = moment.day < deadline["day"] or (
                moment.day == deadline["day"] and parse_time(deadline["time"]) > meeting_time
            )
            if late:
                error(["topics", "deadline", "day"], _("每月 %(day)s 日晚于 %(date)s 的会议") % {
                    "day": deadline["day"], "date": f"{moment:%Y-%m-%d}"})
                break

    materials = rules["materials"]
    if materials["distribution_workdays"] > materials["deadline_workdays"]:
        error(["materials", "distribution_workdays"],
              _("材料会前 %(due)s 个工作日才报送，不能在会前 %(distribution)s 个工作日分发") % {
                  "due": materials["deadline_workdays"], "distribution": materials["distribution_workdays"]})

    decisions = rules["decisions"]
    if share_error(decisions["quorum"]):
        error(["decisions", "quorum"], share_error(decisions["quorum"]))
    for index, rule in enumerate(decisions["quorum_rules"]):
        if share_error(rule["fraction"]):
            error(["decisions", "quorum_rules", index, "fraction"], share_error(rule["fraction"]))
        elif exact(rule["fraction"]) < exact(decisions["quorum"]):
            error(["decisions", "quorum_rules", index, "fraction"],
                  _("%(fraction)s 低于一般法定人数比例 %(quorum)s；特别规则只能更严格") % {
                      "fraction": rule["fraction"], "quorum": decisions["quorum"]})

    for path, target in _targets(rules):
        (kind, slug), = target.items()
        known = {"post": posts, "department": departments}.get(kind)
        if known is not None and slug not in known:
            error(path + ([kind] if path[-1] != "post" else []), UNKNOWN[kind] % {"slug": slug})

    if anchors is not None:
        for index, item in enumerate(rules["scope"]):
            if item["article"] and item["article"] not in anchors:
                error(["scope", index, "article"],
                      _("本制度中没有锚点为 %(anchor)r 的条") % {"anchor": item["article"]})
    return errors


def matter_errors(matters: list[dict], *, prefix: Iterable = (), meeting_types: set[str] | None = None,
                  anchors: set[str] | None = None) -> list[FieldError]:
    """Problems of a schema-valid, defaults-filled matter catalogue: duplicate matters, routes through
    unknown meeting types or twice through one, a route that does not end in a decision, prior research
    after the decision, articles the regulation does not have. None: not checked."""
    prefix = list(prefix)
    errors: list[FieldError] = []

    def error(path: list, message: str) -> None:
        errors.append(FieldError(format_path(prefix + path), message))

    seen: set[str] = set()
    for index, matter in enumerate(matters):
        if matter["slug"] in seen:
            error([index, "slug"], _("事项 %(slug)r 重复出现") % {"slug": matter["slug"]})
        seen.add(matter["slug"])
        stages = [step["stage"] for step in matter["route"]]
        if stages[-1] != "decide" or stages.count("decide") != 1:
            error([index, "route"], _("须以且只以一个决定会议（stage: decide）结束，前置研究在其前"))
        slugs = [step["meeting_type"] for step in matter["route"]]
        for position, slug in enumerate(slugs):
            if meeting_types is not None and slug not in meeting_types:
                error([index, "route", position, "meeting_type"], _("未知会议类型 %(slug)r") % {"slug": slug})
            elif slug in slugs[:position]:
                error([index, "route", position, "meeting_type"], _("会议类型 %(slug)r 在路径中出现两次") % {
                    "slug": slug})
        if matter["quorum"] is not None and share_error(matter["quorum"]):
            error([index, "quorum"], share_error(matter["quorum"]))
        if anchors is not None and matter["article"] and matter["article"] not in anchors:
            error([index, "article"], _("本制度中没有锚点为 %(anchor)r 的条") % {"anchor": matter["article"]})
    return errors
