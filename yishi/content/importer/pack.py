"""Turn parsed regulations and their extracted rules into the pack format (docs/regulation-pack.md)."""

import re
from datetime import date

from .model import Flag, MeetingType, Node, Regulation, Rule
from .roles import Directory, ascii_slug, is_chair_word, role_kind, split_roles, unique
from .rules import ADHOC, DAYPART_TIME, HEDGE, RRULE_DAYS, frequency_reading

PLACEHOLDER_RRULE = "FREQ=MONTHLY"
PLACEHOLDER_DURATION = 120
DEFAULT_DEADLINE_TIME = "17:00"

# scalar rule field → (pack section, key)
SCALARS = {
    "cadence.location": ("cadence", "location"),
    "cadence.ad_hoc_allowed": ("cadence", "ad_hoc_allowed"),
    "cadence.ad_hoc_notice_hours": ("cadence", "ad_hoc_notice_hours"),
    "materials.distribution_workdays": ("materials", "distribution_workdays"),
    "materials.page_limit": ("materials", "page_limit"),
    "notice.lead_workdays": ("notice", "lead_workdays"),
    "attendance.arrive_early_minutes": ("attendance", "arrive_early_minutes"),
    "attendance.leave_lead_hours": ("attendance", "leave_lead_hours"),
    "attendance.delegation": ("attendance", "delegation"),
    "decisions.quorum": ("decisions", "quorum"),
    "decisions.decision_rule": ("decisions", "decision_rule"),
    "decisions.chair_speaks_last": ("decisions", "chair_speaks_last"),
    "minutes.required": ("minutes", "required"),
    "minutes.deadline_workdays": ("minutes", "deadline_workdays"),
    "follow_up.require_owner": ("follow_up", "require_owner"),
    "follow_up.progress_interval_workdays": ("follow_up", "progress_interval_workdays"),
    "confidentiality": (None, "confidentiality"),
}
TARGETS = {
    "roles.chair": ("roles", "chair"),
    "roles.convener": ("roles", "chair"),
    "roles.organiser": ("roles", "organiser"),
    "attendance.leave_approver": ("attendance", "leave_approver"),
    "minutes.reviewer": ("minutes", "reviewer"),
}
LISTS = {"roles.members": "members", "roles.observers": "observers"}
# Left unset, these are the meeting's chair in the workflows (leave approval, minutes review and signing).
CHAIR_BY_DEFAULT = ("attendance.leave_approver", "minutes.reviewer", "minutes.signer")
_CATEGORIES = [("party", r"党|民主生活会|组织生活会|支委|支部"), ("thematic", r"专题|表彰|座谈|动员|培训|总结"),
               ("business", r"业务|例会|科务|股务|工作会|调度")]


def cadence_parser():
    """The calendar engine's Chinese phrase parser, or None while it is not installed."""
    try:
        from yishi.content.calendar.phrases import parse_cadence_zh
    except ImportError:
        return None
    return parse_cadence_zh


def _parse_cadence(parse, sentence: str) -> list:
    """The whole sentence, else its clauses: a sentence often adds who decides or notifies after the cadence."""
    whole = parse(sentence)
    if whole is not None:
        return [whole]
    readings = (parse(clause) for clause in re.split(r"[，,；;]", sentence))
    return [result for result in readings if result is not None]


def _top(rules: list[Rule], field: str) -> list[Rule]:
    found = [rule for rule in rules if rule.field == field]
    best = max((rule.specificity for rule in found), default=0)
    return [rule for rule in found if rule.specificity == best]


def _distinct(values) -> list:
    return list({repr(value): value for value in values}.values())


class _Builder:
    def __init__(self, regulation: Regulation, meeting_type: MeetingType, directory: Directory):
        self.regulation = regulation
        self.type = meeting_type
        self.directory = directory
        self.rules = meeting_type.rules
        self.data: dict = {"slug": meeting_type.slug, "name": meeting_type.name}

    def flag(self, field: str, message: str, candidates=(), source: str = "") -> None:
        self.type.flags.append(Flag(field, message, list(candidates), source))

    def put(self, section: str | None, key: str, value) -> None:
        (self.data.setdefault(section, {}) if section else self.data)[key] = value

    def one(self, field: str):
        """The single value the text gives, or None; differing values are flagged, not chosen."""
        rules = _top(self.rules, field)
        values = _distinct(rule.value for rule in rules)
        if len(values) > 1:
            self.flag(field, "原文给出多个不同的值，未选用，请确定", values, self._source(field))
            return None
        return values[0] if values else None

    # -- cadence

    def cadence(self) -> None:
        phrases = _top(self.rules, "cadence.phrase")
        parse = cadence_parser()
        readings = [(rule, result) for rule in phrases for result in _parse_cadence(parse, rule.value)] if parse else []
        rrules = _distinct(result.rrule for _, result in readings)
        frequencies = [found for rule in phrases for found in [frequency_reading(rule.value)] if found]
        if not readings:
            rrules = _distinct(rrule for rrule, _ in frequencies)
        sources = self._source("cadence.phrase")
        if not phrases:
            self.flag("cadence.rrule", f"原文未写明召开频次，暂填 {PLACEHOLDER_RRULE}，请确定")
        elif parse is None:
            self.flag("cadence.rrule", f"频次解析器（日历引擎）尚不可用，暂填 {PLACEHOLDER_RRULE}",
                      [r.value for r in phrases], sources)
        elif not readings and frequencies:
            self.flag("cadence.rrule",
                      f"原文只写明频次（「{frequencies[0][1]}」），未写明从哪一天起算，按施行日期起算，请确定",
                      rrules, sources)
        elif not readings:
            self.flag("cadence.rrule", f"未能解析频次，暂填 {PLACEHOLDER_RRULE}，请确定",
                      [r.value for r in phrases], sources)
        elif len(rrules) > 1:
            self.flag("cadence.rrule", "多处写明的频次不一致，暂用第一项，请确定", rrules, sources)
        rrule = rrules[0] if rrules else PLACEHOLDER_RRULE
        for rule, result in readings:
            rule.note = f"解析为 {result.rrule}（匹配「{result.matched}」）"
        for rule in phrases:
            if HEDGE.search(rule.value) and ADHOC.search(rule.value):
                self.flag("cadence.rrule", "频次为原则性规定，另可临时召开或调整",
                          [f"定期：{rrule}", "按需临时召开"], rule.value)

        # the importer's own reading first: it knows the short parts of the day ("晚7点") the parser reads as 07:00
        times = _distinct([rule.value for rule in _top(self.rules, "cadence.time")]
                          + [result.time.strftime("%H:%M") for _, result in readings if result.time])
        if len(times) > 1:
            self.flag("cadence.time", "同一会议写有不同的时间，暂用第一项，请确定", times, sources)
        time = times[0] if times else None
        for rule in _top(self.rules, "cadence.time"):
            if rule.note:  # a reading of damaged text ("上午900"): right most likely, still a person's to confirm
                self.flag("cadence.time", f"{rule.note}：{rule.value}，请核对", [rule.value], rule.source)
        if time is None:
            dayparts = _distinct(rule.value for rule in _top(self.rules, "cadence.daypart"))
            time = DAYPART_TIME[dayparts[0]] if dayparts else "09:00"
            self.flag("cadence.time", f"原文未写明具体时刻，暂填 {time}", dayparts, sources)

        durations = _distinct([result.duration_minutes for _, result in readings if result.duration_minutes]
                              + [rule.value for rule in _top(self.rules, "cadence.duration_minutes")])
        if len(durations) > 1:
            self.flag("cadence.duration_minutes", "时长说法不一致，暂用第一项，请确定", durations)
        if not durations:
            self.flag("cadence.duration_minutes", f"原文未写明会期，暂填 {PLACEHOLDER_DURATION} 分钟")
        duration = durations[0] if durations else PLACEHOLDER_DURATION
        cadence = {"rrule": rrule, "time": time, "duration_minutes": duration}
        # Only what the text says about holidays; the parser's habit for a phrasing is no statement.
        policy = self.one("cadence.holiday_policy")
        if policy:
            cadence["holiday_policy"] = policy
        elif phrases:
            self.flag("cadence.holiday_policy", "原文未写明遇节假日如何安排，未设置，请确定",
                      ["skip", "next_workday", "previous_workday", "keep"])
        self.data["cadence"] = cadence

    # -- roles

    def chair(self) -> None:
        """The chair the text names; else who convenes the meeting ("由总经理召集"), who usually chairs it."""
        self.single_target("roles.chair")
        conveners = list(dict.fromkeys(name for rule in _top(self.rules, "roles.convener")
                                       for name in split_roles(rule.value)[0]))
        if _top(self.rules, "roles.chair") and len(conveners) == 1 and role_kind(conveners[0]) == "department" \
                and not _top(self.rules, "roles.organiser"):
            # "由行政办公室负责召集，总经理主持": the office that convenes organises the meeting
            self.put("roles", "organiser", self.directory.target(conveners[0]))
        if _top(self.rules, "roles.chair") or not conveners:
            return
        self.single_target("roles.convener")
        if "chair" in self.data.get("roles", {}):
            self.flag("roles.chair", "原文只写明召集人，未写明主持人，按召集人写入，请确定",
                      [rule.value for rule in _top(self.rules, "roles.convener")], self._source("roles.convener"))

    def department_chair(self) -> None:
        """"由行政部负责召集和主持": a department runs the meeting; a person chairs it. The department is the
        organiser (when the text names none) and the chair is left for a person to name."""
        roles = self.data.get("roles", {})
        chair = roles.get("chair", {})
        if "department" not in chair:
            return
        del roles["chair"]
        sources = _top(self.rules, "roles.chair") + _top(self.rules, "roles.convener")
        names = list(dict.fromkeys(name for rule in sources for name in split_roles(rule.value)[0]))
        self.flag("roles.chair", "原文写明由部门召集或主持，主持人应为岗位，未写入，请确定", names,
                  " / ".join(dict.fromkeys(rule.source for rule in sources)))
        roles.setdefault("organiser", chair)

    def target(self, field: str, name: str) -> dict | None:
        if is_chair_word(name) and field in CHAIR_BY_DEFAULT:
            # "向会议主持人请假": whoever chairs that day; left unset, the workflows ask the meeting's chair
            self.flag(field, f"「{name}」指当次会议的主持人：未写入岗位，留空即由会议主持人办理，请核对", [name])
            return None
        if is_chair_word(name):
            chair = self.data.get("roles", {}).get("chair")
            if chair is None:
                self.flag(field, f"「{name}」指会议主持人，但主持人未确定，未写入", [name])
            elif any(flag.field == "roles.chair" for flag in self.type.flags):  # the chair is itself a reading
                self.flag(field, f"「{name}」指会议主持人，主持人为推定，请确定", [name])
            elif any(re.search(r"委托|授权|代为主持", rule.source)
                     for rule in _top(self.rules, "roles.chair") + _top(self.rules, "roles.convener")):
                # "由院长主持，也可委托副院长主持": whoever chairs that day, not always the post written
                self.flag(field, f"「{name}」指会议主持人，按主持人写入；主持可委托他人，请核对", [name])
            return chair
        found = self.directory.target(name)
        if found is None:
            self.flag(field, f"未能识别的岗位或部门「{name}」，未写入", [name])
        return found

    def single_target(self, field: str) -> None:
        rules = _top(self.rules, field)
        names, alternatives = [], []
        for rule in rules:
            found, unknown, options = split_roles(rule.value)
            names += found + unknown
            alternatives += options
        # "主持人" and "会议主持人" are one reading; the first word the text uses names it
        chair_word = next((name for name in names if is_chair_word(name)), None)
        names = list(dict.fromkeys(chair_word if is_chair_word(name) else name for name in names))
        if alternatives or len(names) > 1:
            candidates = names + [" 或 ".join(options) for options in alternatives]
            self.flag(field, "原文给出多个人选，未选用，请确定", candidates, self._source(field))
            return
        if names:
            target = self.target(field, names[0])
            if target:
                self.put(*TARGETS[field], target)

    def target_list(self, field: str) -> None:
        targets = []
        for rule in _top(self.rules, field):
            names, unknown, alternatives = split_roles(rule.value)
            for name in unknown:
                self.flag(field, f"未能识别的人员「{name}」，未写入", [name], rule.source)
            for options in alternatives:
                self.flag(field, "原文给出可选人员，未写入，请确定", options, rule.source)
            targets += [target for name in names for target in [self.target(field, name)] if target]
        if targets:
            self.put("roles", LISTS[field], _distinct(targets))

    def recorders(self) -> None:
        name = self.one("roles.recorders")
        if not name:
            return
        names, unknown, alternatives = split_roles(name)
        if len(names) == 1 and not alternatives and role_kind(names[0]) == "post":
            self.put("roles", "recorders", {"count": 1, "post": self.directory.target(names[0])["post"]})
        else:  # a department, or a choice: the pack names one recording post
            candidates = names + unknown + [" 或 ".join(options) for options in alternatives]
            self.flag("roles.recorders", "记录由部门或多个人选承担，制度包只能写一个记录岗位，未写入，请确定",
                      candidates,
                      self._source("roles.recorders"))

    # -- deadlines

    def meeting_weekday(self) -> int | None:
        byday = re.search(r"BYDAY=([A-Z]{2})(?:;|$)", self.data["cadence"]["rrule"])
        weekly = "FREQ=WEEKLY" in self.data["cadence"]["rrule"]
        return RRULE_DAYS.index(byday.group(1)) + 1 if weekly and byday else None

    def topic_deadline(self) -> None:
        deadline = self.one("topics.deadline")
        if not deadline:
            return
        time = deadline["time"] or DEFAULT_DEADLINE_TIME
        if not deadline["time"]:
            self.flag("topics.deadline", f"议题截止未写明时刻，暂按 {DEFAULT_DEADLINE_TIME}", [],
                      self._source("topics.deadline"))
        kind = deadline["kind"]
        if kind == "workdays_before":
            value = {"kind": kind, "days": deadline["days"], "time": time}
        elif kind == "weekday":
            day = self.meeting_weekday()
            if day and deadline["weekday"] < day:
                value = {"kind": "workdays_before", "days": day - deadline["weekday"], "time": time}
            else:
                value = {"kind": "weekday_of_previous_week", "weekday": deadline["weekday"], "time": time}
        else:
            phrases = " ".join(rule.value for rule in _top(self.rules, "cadence.phrase"))
            phrases += self.data["cadence"]["rrule"]
            same = re.search(r"月底|月末|下旬|BYMONTHDAY=-|BYSETPOS=-", phrases)
            previous = re.search(r"月初|上旬|BYSETPOS=1\b|BYMONTHDAY=[1-9]\b", phrases)
            if bool(same) == bool(previous):
                self.flag("topics.deadline", f"每月{deadline['day']}日前：是会议当月还是上月，请确定",
                          ["day_of_month", "day_of_previous_month"], self._source("topics.deadline"))
                return
            value = {"kind": "day_of_month" if same else "day_of_previous_month", "day": deadline["day"], "time": time}
        self.put("topics", "deadline", value)

    def materials_deadline(self) -> None:
        deadline = self.one("materials.deadline")
        if not deadline:
            return
        day = self.meeting_weekday()
        if deadline["kind"] == "workdays_before":
            self.put("materials", "deadline_workdays", deadline["days"])
        elif deadline["kind"] == "weekday" and day and deadline["weekday"] <= 5:
            weekday = deadline["weekday"]
            self.put("materials", "deadline_workdays", day - weekday if weekday < day else day + 5 - weekday)
        else:
            self.flag("materials.deadline_workdays", "材料截止无法换算为会前工作日，请确定", [deadline],
                      self._source("materials.deadline"))

    def _source(self, field: str) -> str:
        return " / ".join(dict.fromkeys(rule.source for rule in _top(self.rules, field)))

    def build(self) -> dict:
        categories = (c for c, pattern in _CATEGORIES if re.search(pattern, self.type.name))
        self.data["category"] = next(categories, "executive")
        self.cadence()
        self.chair()
        self.single_target("roles.organiser")
        self.department_chair()
        for field in LISTS:
            self.target_list(field)
        self.recorders()
        self.topic_deadline()
        self.materials_deadline()
        for field in ("attendance.leave_approver", "minutes.reviewer"):
            self.single_target(field)
        for field, (section, key) in SCALARS.items():
            # "少数服从多数" when no sentence gives the count: the majority of those present
            value = self.one(field) if field != "decisions.decision_rule" or _top(self.rules, field) \
                else self.one("decisions.majority_principle")
            if value is not None:
                self.put(section, key, value)
        quorum_rules = _distinct(rule.value for rule in _top(self.rules, "decisions.quorum_rules"))
        if quorum_rules:
            self.put("decisions", "quorum_rules", quorum_rules)
        methods = _distinct(rule.value for rule in _top(self.rules, "decisions.voting_methods"))
        if methods:
            self.put("decisions", "voting_methods", methods)
        if self.type.scope:
            self.data["scope"] = [{"text": text, "article": anchor or None} for text, anchor in self.type.scope]
        return self.data


def _article(node: Node) -> dict:
    article = {"anchor": node.anchor}
    if node.heading:
        article["heading"] = node.heading
    if node.text:
        article["text"] = node.text
    if node.children:
        article["clauses"] = [
            {**({"text": clause.text} if clause.text else {}),
             **({"items": [{"text": item.text} for item in clause.children]} if clause.children else {})}
            for clause in node.children
        ]
    return article


def regulation_pack(regulation: Regulation, directory: Directory, fallback_date: date) -> dict:
    data = {"slug": regulation.slug, "title": regulation.title}
    for key in ("document_number", "issuing_body", "adopted_at"):
        if getattr(regulation, key):
            data[key] = getattr(regulation, key)
    data["effective_from"] = (regulation.effective_from or fallback_date).isoformat()
    data["status"] = "draft"
    data["numbering"] = regulation.numbering
    if regulation.chapters:
        data["chapters"] = [
            {"title": chapter.heading or "（无标题）", "articles": [_article(a) for a in chapter.children]}
            for chapter in regulation.chapters
        ]
    else:
        data["articles"] = [_article(article) for article in regulation.articles]
    data["meeting_types"] = []
    for meeting_type in regulation.meeting_types:
        built = _Builder(regulation, meeting_type, directory).build()
        drop_inconsistent(built, meeting_type, regulation.effective_from or fallback_date)
        data["meeting_types"].append(built)
    return data


def assign_slugs(regulations: list[Regulation]) -> None:
    """Slugs unique in the pack: meeting-type slugs too, since a pack defines each meeting type once."""
    taken: set[str] = set()
    type_slugs: set[str] = set()
    for regulation in regulations:
        regulation.slug = unique(ascii_slug(regulation.title, "regulation", 70), taken)
        for meeting_type in regulation.meeting_types:
            meeting_type.slug = unique(ascii_slug(meeting_type.name, "meeting"), type_slugs)


def drop_inconsistent(data: dict, meeting_type: MeetingType, start: date) -> None:
    """Rules the pack validator would reject together (a deadline after the meeting, …) are flagged and left out,
    so that the draft applies and a person settles them."""
    from yishi.content.validation import fill_defaults, meeting_type_errors, schema_errors

    for _ in range(len(data)):
        errors = schema_errors(data, "meeting_type")
        if not errors:
            errors = meeting_type_errors(fill_defaults(data, {"$ref": "#/$defs/meeting_type"}), start=start)
        if not errors:
            return
        error = errors[0]
        section, _, key = error.path.partition(".")
        key = key.split(".")[0].split("[")[0]
        if section == "cadence":
            data["cadence"]["rrule"] = PLACEHOLDER_RRULE
        else:
            (data.get(section) or {}).pop(key, None) if key else data.pop(section, None)
        meeting_type.flags.append(Flag(error.path, f"与其它规则不一致，未写入：{error.message}"))
