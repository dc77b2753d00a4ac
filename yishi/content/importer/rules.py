"""Meeting types a regulation defines, and what its sentences say about each of them."""

import re
from collections import Counter
from dataclasses import dataclass

from ..calendar.phrases import parse_time_phrase
from .model import Flag, MeetingType, Node, Regulation, Rule
from .roles import role_kind, split_roles
from .text import NUMBER, cn_to_int, sentences

_REGULATION_SUFFIX = re.compile(
    r"(?:[与和及]?(?:议事|工作|管理|实施)?(?:规章)?(?:规则|规程|制度|办法|细则|规定|章程)|[（(][^）)]*[）)])+$"
)
_ORGANISATION_TOKEN = re.compile(r"(?:省|市|县|区|中心|管理处|局|厅|公司|集团|学院|大学|学校|院|所)")
_HEADING_NAME = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()“”]{2,16}?(?:会议|会))(?:议事规则|议事规程|工作规则|工作制度|管理制度|管理办法|制度|规则|办法"
    r"|细则|规程)?[:：]?$"
)
_GENERIC = re.compile(
    r"^(?:局|市|县|区|机关|局机关|单位|本单位|中心|公司|全体|各类|各种|有关|相关|其他|其它|上级|下次|本次|此次|每次|该次|历次"
    r"|定期|固定|临时|特别|专题|扩大|重要|重大|这次|上述|以下|下列|所有|任何|各项|部门)*(?:会议|会|大会|例会)$"
)
# Bodies whose names end in 会 but that are not meetings; a meeting of theirs is named "…会议".
_BODY = re.compile(
    r"(?:管委会|村委会|居委会|(?<![职员])工会|学生会|委员会|理事会|董事会|监事会|协会|学会|商会|联合会|研究会|基金会)$"
)
_NAME_PREFIX = re.compile(
    r"^(?:全局|全县|全市|全区|局|市|县|镇|乡|街道|社区|中心|管理处|管理办|机关|本|公司|本公司|集团|学校|本校|医院)(?=[^长务])"
)
# An organisation's name in front of a meeting's name: "县政府办公室主任办公会议" is its "主任办公会议".
_OWN_NAME = re.compile(
    r"^(?:[\u4e00-\u9fff（）()]{0,24}(?:政府|办公室|中心|公司|集团|局|委|处|院|校|学|办)|本单位|本)$"
)
_ORGANISATION_PREFIX = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,24}?(?:政府|中心|办公室|公司|集团|管委会)(?=[\u4e00-\u9fff]{4,}$)"
)
_LIST_HEADING = re.compile(r"类别|种类|类型|分类")
_LIST_SENTENCE = re.compile(
    r"会议(?:分为|包括|主要有|设有|设置)(?P<names>[^。；;]+)|(?:实行|设立|建立)(?P<system>[^。；;]+?)制度"
)
_SCOPE_HEADING = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?(?:议事范围|议事内容|主要内容|研究事项|议题范围|讨论事项|研究内容"
    r"|(?:研究|讨论|审议|决定)(?:下列|以下|如下)(?:事项|内容|问题))[:：]?$"
)
# "晨会", "周会": two characters name a meeting only when the first says when or who
_TWO_CHARACTERS = r"[晨早夕周班]会"
_NAME = rf"(?:[\u4e00-\u9fff（）()]{{2,16}}?(?:会议|例会|会)|{_TWO_CHARACTERS})"
# "村两委会议，一般每月一次", "总经理办公会议由总经理主持": a name that a clause begins with and says something of.
_SUBJECT = re.compile(
    rf"(?P<name>{_NAME})(?=[,，:：、]|一般|原则上|每|由|的|组成|成员|参加|出席|召开|举行|于|在|实行|应|须|必须|均|可|为|是|主要"
    r"|定期|不定期|根据|按|以|(?:召开|举行)?(?:时间|日期|地点)(?:为|是|定于|安排在|[:：]))"
)
# "每周组织召开一次首席代表工作例会", "每周五下午为校行政会议": the meeting a cadence sentence holds.
_HELD = re.compile(
    r"(?:召开|举行|(?<=午)为|(?<=\d)为|(?<=一次)[\u4e00-\u9fff]{2,12}?参加的)(?:一次|两次|二次)?"
    rf"(?P<name>[\u4e00-\u9fff（）()]{{2,30}}(?:会议|例会|会)|{_TWO_CHARACTERS})(?=[^\u4e00-\u9fff]|$)"
)


def _clean_name(name: str) -> str:
    name = re.sub(r"[“”\"'\s]", "", name).strip(" ;；。,，:：")
    return re.sub(r"^[（(][一二三四五六七八九十\d]{1,3}[)）]", "", name)  # "(四)局长办公会议": the list's number


_CADENCE_WORD = re.compile(
    r"期初|期中|期末|学期|学年|(?:每|隔)个?(?:周|星期|月|季|年|半年|半个?月|天|日|两周|二周|双周|工作日|\d+|[一二两三四五六])|月[底末初中]|季[末初]|年[底末初中]|半年"
    r"|(?:周|星期)[一二三四五六日天]|\d{1,2}[:：]\d{2}"
)
_CADENCE_VERB = re.compile(
    r"召开|举行|开会|组织一次|进行一次|举办|为固定会议时间|(?<=[午\d])为|[一二两三四1-4]次|(?:会议)?(?:时间|周期)\s*[:：为]"
)
# "每两周召开一次，一般安排在星期一": how often, and the one weekday the sentence names (not "每周一次"'s 周一).
_FREQUENCY = re.compile(
    r"每(?P<n>两|二|2|半)?个?(?P<unit>周|星期|月|季度|季|年)(?:[^，,。；;]{0,8}?(?:一|1)次|的?(?=上旬|中旬|下旬|月初)"
    r"|(?=\d{1,2}\s*[日号](?:之|以)?前))"  # "每个月10日之前": once a month, the day left open
)
_FREQUENCY_RULES = {"周": "FREQ=WEEKLY", "星期": "FREQ=WEEKLY", "月": "FREQ=MONTHLY", "季度": "FREQ=MONTHLY;INTERVAL=3",
                    "季": "FREQ=MONTHLY;INTERVAL=3", "年": "FREQ=YEARLY"}
# Twice a year or a month: "每年至少召开两次", "每月召开二次", "上半年和下半年各召开一次".
_TWICE = re.compile(
    r"每(?P<unit>年|月)(?:至少|一般|原则上)?[^，,。；;]{0,6}?(?:两|二|2)次|(?P<halves>上半年和下半年|上下半年)各[^，,。；;]{0,4}?一次"
)
# "逢单周星期二", "双周周五", "隔周召开": every other week, the first of them not said.
_ALTERNATE_WEEKS = re.compile(r"(?:每逢|逢|每)?[单双]周|隔周|每隔一周")
_NAMED_WEEKDAY = re.compile(r"(?<!每)(?:星期|周|礼拜)([一二三四五六日天])(?!次)")
HEDGE = re.compile(r"原则上|一般|通常")
ADHOC = re.compile(r"随时|临时|根据(?:工作)?需要|视情况|另行|调整|遇有|不定期")
_TIME = re.compile(
    r"(上午|下午|中午|晚上|早上|早晨|晚|早)?\s*(\d{1,2})\s*(?:[:：]\s*(\d{2})|[点时](?:\s*(\d{1,2})\s*分|(半))?)"
)
DAYPART_TIME = {"上午": "09:00", "中午": "12:00", "下午": "15:00", "晚上": "19:00"}

_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _num(text: str) -> int | None:
    return cn_to_int(text.replace("两", "二")) if text else None


def _minute_of_day(value: str) -> int:
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


def clock(match: re.Match) -> str:
    """'下午3点' → '15:00', '9:30' → '09:30', '12:40' → '12:40'."""
    part, hour = match.group(1), int(match.group(2))
    minute = int(match.group(3) or match.group(4) or (30 if match.group(5) else 0))
    if part in ("下午", "晚上", "晚") and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------- meeting types


def _aliases(name: str) -> tuple[str, ...]:
    forms = {name, name[:-1] if name.endswith("会议") else name + "议"}
    if name.endswith("会会议"):  # "院务会会议" is the 院务会's meeting
        forms.add(name[:-2])
    if re.search(r"代表(?:大会|会议)$", name):  # "村民代表大会" and "村民代表会议": one assembly
        forms |= {re.sub(r"(?:大会|会议)$", "大会", name), re.sub(r"(?:大会|会议)$", "会议", name)}
    stem = re.sub(r"(?:会议|例会)$", "", name)
    if len(stem) >= 2 and stem != name and not stem.endswith(("例", "会")):  # "科务会议" is its "科务例会"
        forms |= {stem + "会议", stem + "例会"}
    for form in list(forms):
        short = _NAME_PREFIX.sub("", form)
        if len(short) >= 3:
            forms.add(short)
    return tuple(sorted(forms, key=len, reverse=True))


# Words no meeting's name contains: "然后根据会议" and "具体会议时间一般应在会议" are pieces of sentences.
_NOT_IN_NAME = re.compile(
    r"的|根据|然后|一般|时间|具体|召开|参加|出席|讨论|研究|通过|决定|提交|如果|应在|应于|应当|按照|经过|对于|关于|以及|其中|需要"
    r"|必须|可以|不能|不得|进行|安排|由于|或者|原则|如有|结合|事前|请假|向|因|宜|须|年底|年初|月底|每|分别|之后|以后|之前"
    r"|[和与或遇由次需]|纪要|制定|制订|简称|负责|列席|传达|听取|学习|超过|应到|到会|赞成|票|^以|^为|[长任记人员]为|规范|是"
    r"|^内容|各类|各种|所有|以上会议$|承办|主持|举行"
)


def _is_type_name(name: str) -> bool:
    long_enough = 2 < len(name) <= 16 or bool(re.fullmatch(_TWO_CHARACTERS, name))
    return long_enough and not (_GENERIC.match(name) or _NOT_IN_NAME.search(name))


def _abbreviates(short: str, name: str) -> bool:
    """'支委会' of '党支部委员会': a shorter name made of the longer one's characters, in order."""
    characters = iter(name)
    return 3 <= len(short) < len(name) and short[-1] == name[-1] and all(char in characters for char in short)


def _title_parts(regulation: Regulation) -> list[str]:
    """"工作例会及专题会议制度" → the two meetings it names; one name → []."""
    stem = _REGULATION_SUFFIX.sub("", _clean_name(regulation.title))
    parts = re.split(r"及|和|与|、", stem)
    return parts if len(parts) >= 2 and all(re.search(r"[\u4e00-\u9fff]{2,}会议?$", part) for part in parts) else []


def _title_type(regulation: Regulation, body_text: str, stem: str | None = None) -> str | None:
    """处务会议事规则 → 处务会: the longest tail of the title's stem that the body uses, never a generic 会议."""
    stem = stem or _REGULATION_SUFFIX.sub("", _clean_name(regulation.title))
    if not re.search(r"会议?$", stem):
        return None
    tails = []
    for start in range(len(stem) - 2):
        tail = stem[start:]
        if _GENERIC.match(tail):
            break  # a shorter tail of a generic name ("关会议" of "机关会议") is no name either
        tails.append(tail)
    if re.search(r"(?:医院|卫生院|学院|学校|公司|集团|中心|机关|单位|政府|镇|乡|街道|社区|县|市|区|局)会议?$", stem):
        return None  # "卫生院会议制度": the organisation's meetings in general, no meeting of that name
    # "党支部、村委会联席会议" in the body of "村党支部村委会联席会议制度": that tail ends a list of bodies
    # (a tail used only inside a longer one, "委会联席会议" of "村委会联席会议", is no use of its own)
    used = [tail for start, tail in enumerate(tails) if _is_type_name(tail)
            and re.search(rf"(?<![、和与及{re.escape(stem[start - 1]) if start else ''}]){re.escape(tail)}", body_text)]
    # "医院院长办公会议制度" over a body that says "院长办公会": the same name, its short form used
    used = used or [tail for tail in tails if tail.endswith("会议") and _is_type_name(tail) and len(tail) >= 5
                    and re.search(re.escape(tail[:-1]) + "(?!议)", body_text)]
    if used or not tails:
        return used[0] if used else None
    # "月度工作会议管理规定" of a body that says "月度工作例会": the same meeting, the body's word
    regular = [tail[:-2] + "例会" for tail in tails if tail.endswith("工作会议")]
    used = [name for name in regular if name in body_text and _is_type_name(name)]
    if used:
        return used[0]
    # not used in the body: the name after the organisation's own ("某某市某某局" + "局务会")
    cuts = [match.end() for match in _ORGANISATION_TOKEN.finditer(tails[0]) if len(tails[0]) - match.end() >= 3]
    return tails[0][cuts[-1]:] if len(tails[0]) > 8 and cuts else tails[0]


_LEAD_NAME = re.compile(rf"^(?P<name>[\u4e00-\u9fff（）()]{{2,16}}?(?:会议|会)|{_TWO_CHARACTERS})。")


def _node_name(node: Node) -> str | None:
    """The meeting a node is about: its heading, or a first line that is a name alone ("1、院周会:")."""
    for label in (node.heading, node.text.split("\n")[0]):
        match = _HEADING_NAME.match(_clean_name(label)) if label else None
        if match:
            return match.group("name")
    lead = _LEAD_NAME.match(node.text)  # "一、局务会议。每月召开一次，…": the name as a sentence of its own
    return lead.group("name") if lead else None


def _defined_names(sentence: str) -> list[str]:
    """Names a sentence defines: the subject of a clause that states a rule, or the meeting a cadence holds."""
    has_cadence = bool(_CADENCE_WORD.search(sentence))
    held = [match.group("name") for match in _HELD.finditer(sentence)] if has_cadence else []
    plain = re.sub(r"[“”\"']", "", sentence)
    starts = [0] + [match.end() for match in re.finditer(r"[,，;；:：]\s*", plain)]
    subjects = [name for start in starts for name in _subject_list(plain, start)]
    if subjects and not (has_cadence or ADHOC.search(sentence)
                         or any(extractor(sentence) for extractor in EXTRACTORS[1:])):
        subjects = []
    return [_clean_name(name) for name in held + subjects]


def _subject_list(text: str, start: int) -> list[str]:
    """The names a clause begins with: "经理办公会议、工作例会，会议记录由…" is about both."""
    names = []
    while match := re.compile(rf"(?P<name>{_NAME})(?=[、和及与])").match(text, start):
        names.append(match.group("name"))
        start = match.end() + 1
    last = _SUBJECT.match(text, start)
    return names + [last.group("name")] if last else []


# A body that holds meetings of its own: "社区协商议事委员会每年至少召开两次会议", "理事会每年召开两次会议".
_BODY_MEETS = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,6}?[、.．\d]*)?(?P<body>[\u4e00-\u9fff]{0,14}?(?:委员会|理事会|董事会|监事会|管委会))"
    r"[^，,。；;]{0,14}?(?:召开|举行)[^，,。；;]{0,6}?(?:会议|全体会议)"
)


def _listed_names(text: str) -> list[str]:
    """"主席团和各部长会议、全体干部会议": split at 和/及/与 only between two names of meetings."""
    names = []
    for part in re.split(r"[、，,]", text):
        halves = re.split(r"[和及与]", part)
        names += halves if all(re.search(r"会议?$", half.strip()) for half in halves) else [part]
    return names


def find_meeting_types(regulation: Regulation) -> list[MeetingType]:
    """Meeting types named by the title, by headings, by lists of kinds, and by the sentences that define them."""
    types: dict[str, MeetingType] = {}

    def known(name: str) -> MeetingType | None:
        for meeting_type in types.values():
            if name in meeting_type.aliases or name.endswith("会会议") and name[:-2] in meeting_type.aliases:
                return meeting_type  # "院务会会议" is the 院务会's
            for alias in meeting_type.aliases:  # "县政府办公室主任办公会议" is this office's "主任办公会议"
                own = re.sub(r"[（(][^（）()]*[）)]", "", name[: -len(alias)])  # "中学(学校)校务会议"
                if len(alias) >= 3 and name.endswith(alias) and _OWN_NAME.match(own):
                    return meeting_type
            if meeting_type.origin == "title" and _abbreviates(name, meeting_type.name) \
                    and not _both_meetings(meeting_type.name):  # 支委会: 党支部委员会 (党组会议 is no 党组(…)会议)
                return meeting_type
        return None

    def add(name: str, origin: str, section: Node | None = None) -> None:
        name = _clean_name(name)
        name = _NAME_PREFIX.sub("", name) if name.startswith(("公司", "本公司", "本")) else name
        if origin != "title" and not known(name):  # "…人民政府行政服务中心窗口组长例会" → "窗口组长例会"
            short = _ORGANISATION_PREFIX.sub("", name)
            name = name if _GENERIC.match(short) else short
        # a regulation's title names a meeting even when the name is its body's ("党支部委员会议事规则")
        # "(3)部门例会" as a heading: each department's regular meeting, a type of its own
        heading_type = origin == "section" and bool(re.fullmatch(r"(?:部门|科室|班组)例会", name))
        # "项目部会议分为安全生产周例会和专题会议": a kind the text lists is a type, 专题会议 too
        listed_kind = origin == "list" and name == "专题会议"
        # "2.支部委员会制度" above its meetings' rules: the committee's meeting
        heading = (section.heading or section.text.split("\n")[0]) if section is not None else ""
        committee = name.endswith("委员会") and bool(re.search(r"委员会(?:会议)?(?:制度|议事规则|工作规则)[:：]?$",
                                                               heading))
        if not (_is_type_name(name) or heading_type or listed_kind) \
                or origin != "title" and _BODY.search(name) and not committee:
            return
        found = known(name)
        if found:
            found.section = found.section or section
            return
        types[name] = MeetingType(name, aliases=_aliases(name), origin=origin, section=section)

    nodes = [node for article in regulation.all_articles() for node in article.walk()]
    body_text = "\n".join(node.text for node in nodes)
    parts = _title_parts(regulation)
    for part in parts:  # each meeting a title names is listed by it; none is the title's alone
        add(part if part == "专题会议" else _title_type(regulation, body_text, part) or part, "list")
    title_name = None if parts else _title_type(regulation, body_text)
    if title_name:
        add(title_name, "title")
    for chapter in regulation.chapters:
        match = _HEADING_NAME.match(chapter.heading)
        if match:
            add(match.group("name"), "section", chapter)
    for article in regulation.all_articles():
        for node in article.walk():
            name = _node_name(node)
            if name:
                add(name, "section", node)
        if _LIST_HEADING.search(article.heading):
            for node in article.walk():
                if node is not article:
                    for name in re.split(r"[;；。、]", node.text):
                        if re.search(r"会议?$", name.strip(" ;；。")):
                            add(name, "list")
    lines = regulation.preamble + [line for node in nodes for line in node.text.split("\n")]
    systems: list[str] = []  # "实行院部工作例会制度": the meeting, when the text defines no other
    for sentence in (sentence for line in lines for sentence in sentences(line)):
        listed = _LIST_SENTENCE.search(sentence)
        names = _listed_names(listed.group("names") or listed.group("system")) if listed else []
        if listed and not listed.group("names") and len(names) == 1 and re.search(r"(?:例会|会议)$", names[0]):
            systems.append(names[0])
        if listed and (listed.group("names") or len(names) >= 2):
            for name in names:
                if re.search(r"会议?$", name.strip()):
                    add(name, "list")
        for name in _defined_names(sentence):
            add(name, "text")
        body = _BODY_MEETS.search(sentence)
        if body:  # "协商议事委员会每年至少召开两次会议": the body's meeting
            add(body.group("body") + "会议", "text")
    for name in systems if not types else []:
        add(name, "text")
    for meeting_type in types.values():  # "市政协党组会议（以下简称党组会议）": the name the text goes on to use
        short = next((match.group(1) for alias in meeting_type.aliases
                      for match in [re.search(re.escape(alias) + _SHORT_NAME, body_text)] if match), None)
        if short and _is_type_name(short):
            meeting_type.name = short
            meeting_type.aliases = tuple(sorted({*meeting_type.aliases, *_aliases(short)}, key=len, reverse=True))
    title = next((t for t in types.values() if t.origin == "title"), None)
    others = [t for t in types.values() if t is not title]
    same = next((t for t in others if title and _same_meeting(title.name, t.name)), None)
    if title and not same and len(others) == 1 and not any(alias in body_text for alias in title.aliases):
        same = others[0]  # the title's name never used, one meeting defined: "事业单位周例会制度" and its 周工作例会
    if title and not others and not any(alias in body_text for alias in title.aliases) \
            and (name := _body_name(body_text)):
        # "社区两委会议制度" whose articles all say "联席会议": the meeting is the one the text speaks of
        title.name, title.aliases = name, tuple(sorted({*_aliases(name), *title.aliases}, key=len, reverse=True))
    if same:  # the title's wording, the body's name: "人民政府常务会议" / "市政府常务会议"
        same.origin = "title"
    found = [t for t in types.values() if not (same and t is title)]  # by identity: a short name renames a type
    names = {alias for t in found for alias in t.aliases}
    # "党组(局长办公)会议" beside 党组会议 and 局长办公会议: both of them, no third meeting
    return [t for t in found if not (both := _both_meetings(t.name)) or not all(name in names for name in both)]


_BRACKETED_PAIR = re.compile(r"([\u4e00-\u9fff]{2,10}?)[（(]([\u4e00-\u9fff]{2,10}?)[)）](会议|会)")


def _both_meetings(name: str) -> tuple[str, str] | None:
    match = _BRACKETED_PAIR.fullmatch(name)
    return (match.group(1) + match.group(3), match.group(2) + match.group(3)) if match else None


def _expand_pairs(sentence: str, types: list[MeetingType]) -> str:
    """"党组(局长办公)会议由…召集" → "党组会议和局长办公会议由…召集", when the text defines both."""
    names = {alias for t in types for alias in t.aliases}

    def expand(match: re.Match) -> str:
        both = _both_meetings(match.group(0))
        return "和".join(both) if both and all(name in names for name in both) else match.group(0)

    return _BRACKETED_PAIR.sub(expand, sentence)


def _body_name(body_text: str) -> str | None:
    """The one meeting a body keeps naming (three times or more, more than any other), or None."""
    counts: Counter[str] = Counter()
    for match in re.finditer("会议", body_text):
        for length in (2, 3, 4):
            before = body_text[max(match.start() - length, 0):match.start()]
            if len(before) == length and re.fullmatch(r"[\u4e00-\u9fff]+", before):
                counts[before + "会议"] += 1
    short = [(count, name) for name, count in counts.items() if len(name) == 4 and _is_type_name(name)
             and not _GENERIC.match(name)]
    ranked = sorted(short, reverse=True)
    if not ranked or ranked[0][0] < 3 or len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None
    count, name = ranked[0]
    while (longer := [other for other, seen in counts.items() if seen == count and other.endswith(name)
                      and len(other) == len(name) + 1 and _is_type_name(other)]):
        name = longer[0]  # "村两委联席会议" in every mention: the whole name
    return name


_SHORT_NAME = r"[（(](?:以下)?简称[“\"]?([\u4e00-\u9fff]{2,12}?(?:会议|会))[”\"]?[）)]"


def _same_meeting(first: str, second: str) -> bool:
    """Two names of one meeting that differ only in the organisation's name in front ("市政府…" / "人民政府…")."""
    common = next(length for length in range(min(len(first), len(second)), -1, -1)
                  if first[len(first) - length:] == second[len(second) - length:])
    prefixes = (first[: len(first) - common], second[: len(second) - common])
    return common >= 4 and all(not prefix or re.search(r"(?:政府|人民|市|县|区|省|局|公司|中心)$", prefix)
                               for prefix in prefixes)


# ---------------------------------------------------------------- sentences in scope


@dataclass
class Unit:
    sentence: str
    anchor: str
    section: MeetingType | None
    subjects: list[MeetingType]  # the types the sentence itself is about: "村两委会议，一般每月一次"


def _subjects(piece: str, types: list[MeetingType]) -> list[MeetingType]:
    """Types a piece of text begins with or holds ("A和B由主任主持", "…召开管理工作会议")."""
    held = [match.group("name") for match in _HELD.finditer(piece)] if _CADENCE_WORD.search(piece) else []
    found = [t for name in held for t in types if any(name.endswith(alias) for alias in t.aliases)]
    rest = _clean_name(piece)
    aliases = sorted(((alias, t) for t in types for alias in t.aliases), key=lambda pair: -len(pair[0]))
    label = re.match(r"^[\u4e00-\u9fff]{2,8}[:：]", rest)  # "会议时间:周工作例会时间为…": the label, then the subject
    if label and any(rest.startswith(alias, label.end()) for alias, _ in aliases):
        rest = rest[label.end():]
    while True:
        own = next((match.end() for match in [_OWN_START.match(rest)] if match), 0)
        own = 0 if any(rest.startswith(alias) for alias, _ in aliases) else own  # "局务会议…": 局 is the name's
        leading = next(((alias, t) for alias, t in aliases if rest.startswith(alias, own)), None)
        if leading is None:
            break
        found.append(leading[1])
        rest = rest[own + len(leading[0]):]
        if not rest[:1] or rest[0] not in "和及与、":
            break
        rest = rest[1:]
    return [t for index, t in enumerate(found) if t not in found[:index]]


_OWN_START = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}(?:政府|办公室)|公司|集团|局|中心|学校|学院|医院|本单位|本)(?=[\u4e00-\u9fff]{3})"
)


def _pieces(sentence: str, types: list[MeetingType]) -> list[str]:
    """A sentence cut before a clause that begins with another meeting type than the one before it
    ("每周五下午为校行政会议,碰头会议可随时进行")."""
    pieces, start = [], 0
    for match in re.finditer(r"[,，]", sentence):
        before = _subjects(sentence[start:match.start()], types)
        after = _subjects(re.split(r"[,，]", sentence[match.end():])[0], types)
        if before and after and not set(map(id, after)) & set(map(id, before)):
            pieces.append(sentence[start:match.end()])
            start = match.end()
    return [*pieces, sentence[start:]]


def _units(regulation: Regulation, types: list[MeetingType]) -> list[Unit]:
    by_section = {id(t.section): t for t in types if t.section is not None}
    title_type = next((t for t in types if t.origin == "title"), None)
    units: list[Unit] = []

    def add(line: str, anchor: str, section: MeetingType | None, label: str = "") -> None:
        carried = ""
        for sentence in (_expand_pairs(sentence, types) for sentence in sentences(line)):
            # a heading's label reads with each sentence under it that is a list, not a sentence of its own
            if label and (not _LABEL.match(sentence) and not _VERB.search(sentence.replace("负责人", ""))
                          and not re.match(r"以上|上述|如|若|遇", sentence)  # "以上时间地点如有调整…": a note
                          or _TOPIC.match(label) and not re.search(r"记录|纪要", sentence)):
                sentence = f"{label}{sentence}"
            # "参加人员：局长、副局长；各科室负责人。": a list after its label goes on over a semicolon
            elif carried and not _VERB.search(sentence.replace("负责人", "")):
                sentence = f"{carried}{sentence}"
            listing = _LIST_LABEL.search(sentence)
            carried = listing.group(0) if listing and sentence.endswith(("；", ";")) else ""
            if _LABEL.match(sentence.rstrip("。")):  # "3、参加人员。总经理、副总经理…": a label closed by a stop
                carried = f"{sentence.rstrip('。:：')}："
                continue
            for piece in _pieces(sentence, types):
                units.append(Unit(piece, anchor, section, _subjects(piece, types)))

    for line in regulation.preamble:
        add(line, "", None)

    def visit(node: Node, anchor: str, section: MeetingType | None, label: str = "") -> None:
        section = by_section.get(id(node), section) or _leading_type(node, types)
        heading = node.heading or node.text
        if _SCOPE_HEADING.match(heading.strip()):
            owner = section or title_type or next((t for t in types if heading.startswith(t.aliases)), None)
            listed = [child for child in node.children if child.kind == "item" or not child.text]
            for item in (item for child in listed for item in child.walk() if item.text):
                (owner.scope if owner else []).append((item.text.rstrip(";；。"), anchor))
            for child in node.children:
                if child not in listed:
                    visit(child, anchor, section)
            return
        # "参加人员" above its list: the label reads with each line under it ("参加人员：公司副总经理、…")
        child_label = f"{node.heading.rstrip(':：')}：" if _LABEL.match(node.heading or "") else label
        for line in node.text.split("\n"):
            add(line, anchor, section, child_label)
        if _TOPIC.match(node.heading or ""):  # "会议纪要" above "1、由办公室整理，报局长签发": what the lines are about
            child_label = f"{node.heading.rstrip(':：')}："
        # "组织工作由办公室负责，主要包括：" above "5.会议记录": each item is a duty of that office
        duties = re.search(r"由([^，,。；;由]{2,16}?)负责[,，]?(?:主要|具体)?(?:包括|有)[:：]?$", node.text.strip())
        if duties:
            child_label = f"{duties.group(1)}负责"
        # "村民代表大会由下列成员组成" above "(1)村党支部和村委会成员": each item names members
        if re.search(r"由(?:下列|以下|如下)(?:成员|人员)组成[:：]?$|(?:组成人员|参加人员|成员)(?:如下|为)[:：]?$",
                     (node.text or node.heading).strip()):
            child_label = "参加人员："
        for child in node.children:
            visit(child, anchor or child.anchor, section, child_label)

    for chapter in regulation.chapters:
        for article in chapter.children:
            visit(article, article.anchor, by_section.get(id(chapter)))
    for article in regulation.articles:
        visit(article, article.anchor, None)
    return units


def _leading_type(node: Node, types: list[MeetingType]) -> MeetingType | None:
    """"2、教职工大会每月一次；主持人：园长；参加人：全体教职工": an item that begins with one meeting is about it."""
    if node.kind == "chapter" or not node.text:
        return None
    subjects = _subjects(sentences(node.text)[0], types)
    return subjects[0] if len(subjects) == 1 else None


_LIST_LABEL = re.compile(
    r"(?:参会人员|参加人员|出席人员|列席人员|组成人员|参加会议人员|出席会议人员|参会对象|出席对象)\s*[:：]"
)
_TOPIC = re.compile(r"^(?:会议)?(?:记录|纪要)(?:[和与及、](?:会议)?(?:记录|纪要))?(?:管理|工作|要求)?[:：]?$")
_VERB = re.compile(r"由|为|主持|参加|出席|列席|负责|组成|召开|举行|应|须|可|必须")
_LABEL = re.compile(
    r"^(?:会议|例会)?(?:参加人员|参会人员|出席人员|列席人员|参加会议人员|出席会议人员|参会对象|出席对象|参加对象|主持人|会议主持"
    r"|地点|时间|记录人员?|组织部门)[:：]?$"
)


def _mentions(sentence: str, types: list[MeetingType]) -> list[MeetingType]:
    found, taken = [], [False] * len(sentence)
    pairs = sorted(((alias, t) for t in types for alias in t.aliases), key=lambda pair: -len(pair[0]))
    for alias, meeting_type in pairs:
        for match in re.finditer(re.escape(alias), sentence):
            if not any(taken[match.start():match.end()]):
                taken[match.start():match.end()] = [True] * len(alias)
                if meeting_type not in found:
                    found.append(meeting_type)
    return found


def _targets(unit: Unit, types: list[MeetingType]) -> list[tuple[MeetingType, int]]:
    """The sentence's own subject, else the section it is in, else the types it names, else the title's, else all."""
    if unit.subjects:
        return [(t, 3) for t in unit.subjects]
    every = re.search(r"([\u4e00-\u9fff]{0,4}?)(?:的)?(?:各类|各种|以上|上述|所有)(?:会议|会)", unit.sentence)
    if every and not unit.section:  # "党委各类会议均由书记主持": each of the 党委's meetings that says nothing else
        owner = re.sub(r"^.*[由经对在]", "", every.group(1))
        return [(t, 1) for t in types if t.name.startswith(owner)]
    if unit.section:
        return [(unit.section, 3)]
    # "一律须向主席团请假（各部门工作会议除外）": every meeting but the ones excepted
    excepted = [t for part in re.findall(r"[（(]([^（）()]+)除外[）)]", unit.sentence) for t in _mentions(part, types)]
    if excepted:
        return [(t, 1) for t in types if t not in excepted]
    mentioned = _mentions(unit.sentence, types)
    if mentioned:
        return [(t, 2) for t in mentioned]
    title_type = next((t for t in types if t.origin == "title"), None)
    if title_type:
        return [(title_type, 3)]
    return [(t, 1) for t in types]


# ---------------------------------------------------------------- extractors: sentence → [(field, value, note)]


def _cadence(sentence: str) -> list[tuple]:
    if not _CADENCE_WORD.search(sentence) and re.search(r"(?:随时|不定期)(?:召开|举行|进行)", sentence):
        # "碰头会随时进行": a meeting held as needed; its cadence is the text's to give (pack.py flags it)
        return [("cadence.phrase", sentence, ""), ("cadence.ad_hoc_allowed", True, "")]
    if not (_CADENCE_WORD.search(sentence) and _CADENCE_VERB.search(sentence)):
        return []
    if re.search(r"(?:每[周月][^，,。；;]{0,8}?|\d+\s*[日号]|会议?|召开)(?:以|之)?前"
                 r"[^，,。；;（(]{0,6}(?:报送|提交|报|送|通知)",
                 sentence):  # a deadline that mentions the meeting
        return []
    found = [("cadence.phrase", sentence, "")]
    clocks = list(_TIME.finditer(sentence))
    ends = []  # the end of a range ("下午3:30—5:00", "10点至11点30分") is not a second start time
    for start, end in zip(clocks, clocks[1:], strict=False):
        if re.fullmatch(r"\s*分?\s*[—\-–~至到]+\s*", sentence[start.end():end.start()]):  # "2:10分—5:30分"
            minutes = _minute_of_day(clock(end)) - _minute_of_day(clock(start))
            minutes += 12 * 60 if minutes < 0 and not end.group(1) else 0  # the end keeps the start's 下午
            found.append(("cadence.duration_minutes", minutes, f"由「{sentence[start.start():end.end()]}」算出"))
            ends.append(end)
    times = [clock(match) for match in clocks if match not in ends]
    damaged = re.search(r"(上午|下午|早上|晚上)\s*(\d{1,2})(\d{2})(?![\d:：])", sentence)
    if damaged and not times:  # "上午900": the colon lost
        hour = int(damaged.group(2))
        hour += 12 if damaged.group(1) in ("下午", "晚上") and hour < 12 else 0
        note = f"原文「{damaged.group(0)}」缺少冒号，按时刻读取"
        found.append(("cadence.time", f"{hour:02d}:{damaged.group(3)}", note))
    if not times and not damaged:  # "上午九点半": Chinese numerals, read only after the part of the day
        start, _minutes, matched = parse_time_phrase(sentence)
        before = sentence[: sentence.find(matched)] if matched else ""
        said = re.match(r"上午|下午|中午|晚上", matched or "") or re.search(r"(?:早上|早晨)$", before)
        times = [f"{start:%H:%M}"] if start and said else []
    times = list(dict.fromkeys(times))
    found += [("cadence.time", value, "") for value in times]
    if not times:
        part = re.search(r"上午|下午|中午|晚上", sentence)
        if part:
            found.append(("cadence.daypart", part.group(0), "未写明具体时刻"))
    if ADHOC.search(sentence):
        found.append(("cadence.ad_hoc_allowed", True, ""))
    return found


def frequency_reading(sentence: str) -> tuple[str, str] | None:
    """(RRULE, what it was read from) for "原则上每周召开一次" and the like, which say how often but not which day.

    The calendar engine's parser leaves these unread, rightly: the day is a person's choice. The importer
    writes the frequency (counted from the regulation's effective date) and flags it.
    """
    # "原则上两周召开一次", "一月举行一次": the 每 left out
    sentence = re.sub(r"(?<![每第隔\d一二两三四五六七八九十])([两二一])(周|个月|月|季度|年)(?=(?:召开|举行|开)?一次)",
                      r"每\1\2", sentence)
    sentence = sentence.replace("每一", "每")
    match = _FREQUENCY.search(sentence)
    twice = None if match else _TWICE.search(sentence)
    alternate = None if match or twice else _ALTERNATE_WEEKS.search(sentence)
    if twice:  # "每年至少召开二次", "上半年和下半年各开一次": every six months, the nearest a calendar rule comes
        yearly = twice.group("unit") != "月"
        return ("FREQ=MONTHLY;INTERVAL=6" if yearly else "FREQ=WEEKLY;INTERVAL=2"), twice.group(0)
    if alternate:  # 单周/双周: every other week; which week is first the text does not say
        rrule: str | None = "FREQ=WEEKLY;INTERVAL=2"
        match = alternate
    elif not match:
        return None
    else:
        rrule = _FREQUENCY_RULES[match.group("unit")]
        if match.group("n") == "半":  # 每半月一次: every other week, the nearest a calendar rule comes
            rrule = {"FREQ=MONTHLY": "FREQ=WEEKLY;INTERVAL=2"}.get(rrule)
        elif match.group("n"):
            rrule = {"FREQ=WEEKLY": "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY": "FREQ=MONTHLY;INTERVAL=2"}.get(rrule)
    days = set(_NAMED_WEEKDAY.findall(sentence))
    if rrule and rrule.startswith("FREQ=WEEKLY") and len(days) == 1:
        rrule += f";BYDAY={RRULE_DAYS[_WEEKDAYS[days.pop()] - 1]}"
    return (rrule, match.group(0)) if rrule else None


def _duration(sentence: str) -> list[tuple]:
    match = re.search(
        rf"(?:会期|会议时间|会议时长|时长|时间|每次会议|会议)[^。；;，,]{{0,6}}?(?:不超过|不得超过|控制在|不宜超过|为)\s*({NUMBER})"
        r"\s*个?(半)?\s*(小时|分钟|天)",
        sentence,
    )
    if match:
        amount = _num(match.group(1)) or 0
        unit = {"小时": 60, "分钟": 1, "天": 480}[match.group(3)]
        return [("cadence.duration_minutes", amount * unit + (30 if match.group(2) else 0), "会期上限")]
    if re.search(r"(?:会期|会议)[^。；;]{0,6}?半天", sentence):
        return [("cadence.duration_minutes", 240, "半天，按4小时")]
    return []


# "会议召开地点三楼会议室": a heading glued to its text, read only when the text is a room
_GLUED_PLACE = r"^(?:会议)?(?:召开)?地点\s*([^，,。；;]{2,20}?(?:会议室|会场|礼堂|报告厅|会议厅))[。；;]?$"


def _location(sentence: str) -> list[tuple]:
    sentence = re.sub(r"[“”\"]", "", sentence)
    match = re.search(
        r"(?:在|于)([\u4e00-\u9fffA-Za-z0-9]{2,20}?(?:会议室|会场|报告厅|礼堂|大厅|教室))(?:定期)?(?:召开|举行|进行|[。；;]|$)",
        sentence,
    ) \
        or re.search(r"(?:会议)?(?:地点|地址|会场)(?:一般|原则上)?(?:为|在|设在|[:：])\s*([^，,。；;]{2,20})",
                     sentence) \
        or re.search(_GLUED_PLACE, sentence)
    # "于每周五下午在三楼会议室举行": the place is what follows the last 在
    return [("cadence.location", re.split(r"在", match.group(1))[-1], "")] if match else []


_WHO = r"[\u4e00-\u9fff（）()、/]{1,60}?"
_W = _WHO
_CHAIRS = r"(?:亲自)?(?:(?:召集|召开)(?:并|和|、)?主持|主持召开|主持)"
_ROLE_PATTERNS = {
    "roles.chair": (
        rf"由({_W})(?:负责)?{_CHAIRS}(?!人)",
        rf"^({_W}){_CHAIRS}(?:[\u4e00-\u9fff]{{0,12}}?会议?)?$",  # "局长主持召开局务会议"
        rf"^({_W})(?:为|是)(?:会议的?|本会议的?)?主持人$",
        rf"主持人(?:一般|原则上)?(?:为|是|由)({_W})(?:担任)?$",
        rf"(?:主持人|会议主持)\s*[:：]\s*({_W})$",
        rf"^({_W})负责[^，,。]{{0,12}}?的?主持$",
    ),
    "roles.members": (
        rf"由({_W}[^，,]*?)(?:组成|构成)(?!员)",  # not the 组成 of "党组成员"
        r"^(?:[\u4e00-\u9fff]{0,12}?(?:会议|会)的?)?(?:主要)?(?:参会人员|参加人员|出席人员|参会对象|出席对象|组成人员|参加会议人员"
        r"|出席会议成员|参加会议成员|参会成员|出席会议人员|参加人|参会人)(?:目前|一般|原则上|通常)?(?:为|是|包括|有)?"
        r"\s*[:：]?\s*(.+)$",
        # "委员会成员：…", "成员为…": a word this plain is a label only with its 为/是/包括 or colon
        r"^(?:[\u4e00-\u9fff]{0,12}?(?:会议|会)的?)?(?:主要)?(?:成员|出席者|参加者|参会者|与会者)(?:目前|一般|原则上|通常)?"
        r"(?:(?:为|是|包括)\s*[:：]?|[:：])\s*(.+)$",
        # "参加本会的正式成员目前包括…": who attends a named meeting, as a phrase before its list
        r"^(?:出席|参加)[\u4e00-\u9fff]{0,16}?(?:会议|会)的(?:正式|主要)?(?:成员|人员)(?:目前|一般|原则上|通常)?"
        r"(?:(?:包括|为|是|有)\s*[:：]?|[:：])\s*(.+)$",
        # "与会人员为…", "参加范围：…", "出席会议的有…": a label that needs its 为/有/colon to be one
        r"^(?:[\u4e00-\u9fff]{0,12}?(?:会议|会)的?)?(?:主要)?(?:参加会议的人员|出席会议的人员|与会人员|参加对象|参会范围"
        r"|出席范围|参加范围|出席会议的|参加会议的)(?:(?:为|是|包括|有)\s*[:：]?|[:：])\s*(.+)$",
        r"^(?:会议)?(?:组成|参加|出席|参会)\s*[:：]\s*(.+)$",
        rf"^({_W})(?:均|都)?(?:须|必须|应|需|要)?(?:按时|准时)?(?:参加会议|参加|参会|出席会议|出席)$",
        rf"由({_W})参加$",
        rf"^({_W})为[\u4e00-\u9fff]{{0,10}}?(?:会议|会)的?(?:成员|组成人员|参加人员)$",  # "各科科长为处务会议成员"
        rf"^({_W})在[^，,]{{1,20}}?(?:定期)?(?:举行|召开)",
    ),
    # "由总经理召集": who convenes; the pack's chair when the text names none (pack.py flags it)
    "roles.convener": (
        rf"由({_W})(?:负责)?召集(?:会议)?$",
        rf"^({_W})召集(?:而召开的?(?:会议)?)?$",  # "经会长同意并由会长主持，秘书处召集而召开的会议"
        rf"^({_W})(?:为|是)[\u4e00-\u9fff]{{0,10}}?(?:会议|会)?的?(?:主要)?召集人$",  # "处长为处务会议主要召集人"
        rf"召集人(?:为|是|\s*[:：])\s*({_W})$",
    ),
    "roles.observers": (
        r"^(.+?)(?:可|应当?|须|要|均)?列席(?:会议|参加)?(?:的(?:相关)?(?:时段|部分|环节|议题))?(?:并(?:负责)?(?:做|作)?好?(?:会议)?记录)?"
        r"(?:(?:和|并)参与[^，,。]{0,12}?(?:讨论|研究))?$",  # "…列席和参与有关议题的讨论"
        r"列席(?:会议)?(?:的)?人员(?:一般)?(?:为|是|包括)?\s*[:：]?\s*(.+)$",
        r"列席(?:会议|参加)?\s*[:：]\s*(.+)$",  # "下列人员可列席：…"
    ),
    "roles.organiser": (
        rf"由({_W})(?:负责)?(?:会议的?)?(?:组织安排|组织实施|牵头组织|负责组织|组织|负责安排)(?:和实施)?",
        rf"^({_W})(?:负责|牵头)(?:会议的?)?(?:具体)?(?:组织|筹备|会务)",
        rf"^({_W})(?:负责)?组织(?:实施|安排)$",  # "…主持召开，办公室组织实施"
        # "系办公室应于会议当天上午10时前…通知": the office that sends the notice
        rf"^({_W}(?:办公室|办公厅|办|科|室|处|部|中心|股))(?:通常)?应?(?:于|在)[^，,。]{{0,24}}?通知",
        rf"(?:组织工作|会务工作|会务|筹备|组织|召集)(?:(?:和|及|、)(?:筹备|组织|记录|通知))?(?:工作)?由({_W})(?:具体)?"
        r"(?:负责|牵头|承担)",
        rf"由({_W})负责(?:会议的?)?(?:通知|筹备|组织)",
        rf"^({_W})(?:是|为)(?:会议的?)?(?:具体)?(?:组织|承办)(?:部门|单位)$",
        rf"会议组织(?:部门)?\s*[:：]\s*({_W})$",
        rf"由({_W})负责会务",
        rf"由({_W})(?:负责)?承办$",
        rf"^({_W})(?:负责)?承办(?:会议)?$",
        rf"由({_W})负责[^，,。]{{0,12}}?(?:签到|会场布置|筹备)",
        rf"^({_W})负责[^，,。]{{0,20}}?通知",
        rf"^({_W})(?:将|应|须|要|提前)[^，,。]{{0,16}}?(?:发出|下发|印发)(?:会议)?通知",
        rf"(?:会议)?通知[^，,。]{{0,12}}?由({_W})负责",
        rf"^({_W})(?:每[^，,。]{{0,4}}?)?(?:组织)?召开(?![并和、]?主持)",  # "由局长召开并主持" is the chair
        rf"^({_W})为[^，,。]{{0,12}}归口管理部门",
        r"^([\u4e00-\u9fff]{2,12}?(?:会议|小组)办公室)(?:设在|设于)",  # the meeting's own office runs it
    ),
    "roles.recorders": (
        rf"(?:记录由|由)?({_W})(?:根据[^，,。]{{1,10}}?)?(?:列席(?:会议)?)?(?:安排)?并?负责(?:做好)?(?:会议)?记录",
        rf"(?:由)?({_W})(?:派员|派人|指定专人|安排专人|指定人员|安排人员|专人)(?:负责)?(?:做好?|作好?)?(?:会议)?记录",
        rf"^({_W})列席(?:会议)?并(?:负责)?(?:做|作)好?(?:会议)?记录",
        # not "会议记录等资料由办公室负责整理归档": who files the record need not keep it
        rf"(?:会议)?记录(?:工作)?[^，,。]{{0,12}}?由({_W})(?:(?:指定|安排)(?:专人|人员))?(?:负责|承担)"
        r"(?![^，,。]{0,12}?(?:归档|存档|保管|立卷))",
        rf"^({_W})(?:作|做)好?(?:会议)?记录",
        rf"^({_W})(?:负责)?进行(?:会议)?记录",
        rf"记录(?:人员?|员)?\s*[:：]\s*({_W})$",
        rf"记录(?:人员?|员)(?:一般)?(?:由|为|是)({_W})(?:担任)?$",
        # "由办公室负责通知、安排议题、做好会议记录": the record among the duties one subject is given
        rf"由({_W})负责[^，,。]{{0,40}}?、(?:做好?|作好?)(?:会议)?记录",
        rf"由({_W})(?:负责)?(?:做好?|作好?)?记录$",
        rf"^由?({_W})负责[^，,。]{{0,8}}记录",
        rf"^({_W})负责[^，,。]{{0,20}}?包括[^，,。]{{0,20}}?记录",  # "办公室负责会务，包括通知、记录等"
        rf"^({_W})记录会议",
    ),
}
# A clause about who stands in ("如局长因故不能出席，则由其指定一名副局长主持") names no chair; one about who
# may be asked ("必要时可邀请董事长参加") names no member.
_STAND_IN = re.compile(r"^(?:如|若|遇|则|或)|^受[^，,。]{0,8}委托|因故|不在|外出|不能|缺席|可委托|可由|特殊情况|必要时")
_ROLE_VERB = re.compile(r"由|为|是|主持|召集|参加|出席|列席|负责(?!人)|组成|召开|举行|担任|记录|应|须|可|请")
_ABSENT = re.compile(r"^(?:如|若)|因事|因故|不在|外出|不能|缺席|未(?:列席|出席|参加|到会)")
_STANDS_IN_AFTER_ABSENCE = ("roles.chair", "roles.convener", "roles.recorders")
_OPTIONAL = re.compile(r"可邀请|邀请|必要时|根据|可请|如有需要|视情况|确定")


def _roles(sentence: str) -> list[tuple]:
    """Each role phrase that names somebody: a post or department, or a choice between such ("A或B"), not
    "可提前、推迟或增加"."""
    found = []
    for field, raw, note in _role_phrases(sentence):
        who = re.sub(r"(?:参加|出席|列席)(?:会议)?$", "", raw.split("由")[-1])  # "会议由支部全体党员参加"
        names, _, alternatives = split_roles(who)
        if names or any(role_kind(option) for options in alternatives for option in options):
            found.append((field, who, note))
    return found


def _list_over_commas(text: str) -> str:
    """A label's list over its commas, up to a clause that says something ("…，参加会议的人数须过半数")."""
    clauses = re.split(r"[,，]", text)
    ends = next((index for index, clause in enumerate(clauses[1:], 1)
                 if re.search(r"须|应|要|必须|人数|超过|不得|方可", clause)), len(clauses))
    return "、".join(clauses[:ends]) + "".join(f"，{clause}" for clause in clauses[ends:])


def _names_before_their_verb(clauses: list[str]) -> list[str]:
    """"局长、副局长、调研员，各科室负责人出席": a clause of names alone is the start of the next one's list."""
    joined: list[str] = []
    for clause in clauses:
        before = joined[-1] if joined else ""
        names, unknown, _ = split_roles(before) if before and not _ROLE_VERB.search(before) else ([], [""], [])
        if names and not unknown and re.search(r"(?:出席|参加|列席)(?:会议)?$", clause):
            joined[-1] = f"{before}、{clause.strip()}"
        else:
            joined.append(clause)
    return joined


def _role_phrases(sentence: str) -> list[tuple]:
    found = []
    sentence = re.sub(r"[“”\"]", "", sentence)
    # "参加人员：校长、副校长、下列人员可列席：…": a second label and its colon end the list before it
    sentence = re.sub(r"、(?=[^、，,。；;:：]{1,20}?[:：])", "；", sentence)
    # "参加人员：中心主任、副主任，各科室负责人": a list after its label goes on over commas
    sentence = re.sub(r"(?:参会人员|参加人员|出席人员|参加会议人员|出席会议人员|参会对象|出席对象)\s*[:：][^。；;]*",
                      lambda match: _list_over_commas(match.group(0)), sentence)
    # "各主任,各股室、窗口负责人在会议室定期举行": the list goes on over the comma
    sentence = re.sub(r"(?<=[长任人])[,，](?=[^,，。；;]{1,40}?在[^,，。；;]{1,20}?(?:定期)?(?:举行|召开))", "、",
                      sentence)
    # "办公室负责会务工作，包括通知、记录": the list is of what the subject does
    sentence = re.sub(r"(负责[^，,。；;]{0,20}?)[,，](?=包括)", r"\1", sentence)
    # "档案员列席，负责记录": the second clause's subject is the first one's
    sentence = re.sub(r"列席(?:会议)?[,，](?=(?:并|同时)?(?:负责)?(?:做好|作好)?(?:会议)?记录)", "列席并", sentence)
    previous, listed = "", None
    for clause in _names_before_their_verb(re.split(r"[，,；;。]", sentence)):
        # "全体职工会：全体职工参加": the meeting's name as a label in front of what is said of it
        clause, condition = re.sub(r"^[\u4e00-\u9fff]{2,16}?(?:会议|会)\s*[:：]", "", clause.strip()), previous
        previous = clause
        if not clause or "分管科室" in clause:
            continue
        # "组成人员为主任、副主任，各科室负责人": a clause of names alone goes on with the list before it
        if listed and not _ROLE_VERB.search(clause) and (names := split_roles(clause))[0] and not names[1]:
            found.append((listed, clause, ""))
            continue
        listed = None
        for field, patterns in _ROLE_PATTERNS.items():
            if field in ("roles.chair", "roles.convener") and _STAND_IN.search(clause) or field == "roles.members" and (
                    _STAND_IN.search(clause) or _OPTIONAL.search(clause) or "列席" in clause):
                continue
            if field in _STANDS_IN_AFTER_ABSENCE and _ABSENT.search(condition):
                continue  # "秘书未列席的，由办公室主任记录": who stands in, not who the rule names
            # the first reading that ends on a name ("由办公室或负责会务的部门…" is cut inside a list) and,
            # for who organises, begins with one ("会议由办公室负责筹备" is the 办公室's)
            match = next((match for pattern in patterns for match in [re.search(pattern, clause)]
                          if match and not re.search(r"[或和及与、]$", match.group(1))
                          and not (field == "roles.organiser" and match.group(1).startswith("会议"))), None)
            if match is None:
                continue
            who = match.group(1).replace("或由", "或")
            if field in ("roles.chair", "roles.convener") and re.search(r"参加|出席|列席", who):
                continue  # "与会人员与会议主持：会议由全体成员参加": the label's other half
            # "党委、行政方面有关科室负责人": the heads of the offices on either side
            who = re.sub(r"^.*方面的?", "", who) if "方面" in who[:-2] else who
            if field == "roles.recorders":  # "会议记录及纪要编写行政秘书负责…": a heading glued in front
                who = re.sub(r"^.*(?:记录|纪要)[^、，,]{0,4}?(?:编写|整理|管理|要求)", "", who)
                if re.fullmatch(r"(?:会议)?记录(?:人员?|员)", who):
                    continue  # "会议记录人员负责记录违纪情况": the recorder, whoever the text names
            if field == "roles.organiser":  # "由办公室负责通知组织": who is before what they do
                who = re.sub(r"负责(?!人).*$", "", who)
                if re.search(r"(?:委员会|理事会|董事会|监事会)$", who):
                    continue  # "协商议事委员会每年召开两次会议": the body holds its own meeting
            if field == "roles.observers" and re.search(r"指定[^，,。]{0,4}代表", who):
                continue  # "因故不能出席的，指定代表列席": who stands in for an absent member
            if field == "roles.observers":  # "必要时可根据议题需要邀请相关科室负责人列席" → 相关科室负责人
                who = re.sub(r"^.*(?:邀请|安排|吸收|需要|必要时|通知|指定|召集)", "", who)
            if field == "roles.members":  # "参加人员：联席会议成员为…": the label's list is a sentence of its own
                who = re.sub(r"^[\u4e00-\u9fff]{0,12}?(?:会议|会)?(?:成员|组成人员)(?:为|是|包括)", "", who)
            if field == "roles.members" and re.match(r"(?:全体)?(?:与会|参会|出席|列席)人员", who):
                continue  # "与会人员应按时参加会议" is a duty, not a list
            found.append((field, who, ""))
            listed = field if field in ("roles.members", "roles.observers") else listed
    return found


def _deadline(sentence: str) -> dict | None:
    weekday = re.search(r"(?:每周|周|星期)([一二三四五六日天1-7])\s*[^，,。；;]{0,10}?(?:前|以前|之前)", sentence)
    monthday = re.search(rf"每月\s*({NUMBER})\s*[日号][^，,。；;]{{0,8}}?(?:前|以前|之前)", sentence)
    before = re.search(rf"(?:会议召开|召开会议|开会|会议|会)前\s*({NUMBER})\s*个?\s*(工作日|天|日)", sentence) \
        or re.search(rf"提前\s*({NUMBER})\s*个?\s*(工作日|天|日)", sentence)
    if weekday or monthday:
        time = _TIME.search((weekday or monthday).group(0)[1:])  # [1:]: not the 周/月 digit itself
        at = clock(time) if time else None
        if weekday:
            day = weekday.group(1)
            return {"kind": "weekday", "weekday": int(day) if day.isdigit() else _WEEKDAYS[day], "time": at}
        return {"kind": "month_day", "day": _num(monthday.group(1)), "time": at}
    if before:
        return {"kind": "workdays_before", "days": _num(before.group(1)), "time": None, "unit": before.group(2)}
    return None


def _topics_and_materials(sentence: str) -> list[tuple]:
    found = []
    if not re.search(r"报送|提交|送交|报|交|送|提供", sentence):
        return found
    deadline = _deadline(sentence)
    if re.search(rf"(?:会前|提前)\s*{NUMBER}\s*个?\s*(?:工作日|天|日)\s*(?:发出|下发)?通知", sentence):
        deadline = None  # "会前5天通知各部门准备材料": when the notice goes out, not when material is due
    # "需在会议上通报、研定的事项，须提前2个工作日提交": what goes before the meeting is a topic
    if deadline and re.search(r"议题|(?:会议上|会上|上会)[^。；;]{0,16}?事项", sentence):
        found.append(("topics.deadline", deadline, ""))
    if deadline and re.search(r"材料|资料|报表", sentence):
        found.append(("materials.deadline", deadline, ""))
    distribution = re.search(
        rf"(?:提前|会前)\s*({NUMBER})\s*个?\s*(?:工作日|天|日)[^。；;]{{0,10}}?(?:分发|送达|发送|印发)", sentence
    )
    if distribution and re.search(r"材料|资料", sentence):
        found.append(("materials.distribution_workdays", _num(distribution.group(1)), ""))
    pages = re.search(rf"(?:材料|汇报)[^。；;]{{0,12}}?不(?:得)?超过\s*({NUMBER})\s*页", sentence)
    if pages:
        found.append(("materials.page_limit", _num(pages.group(1)), ""))
    return found


def _notice(sentence: str) -> list[tuple]:
    if "通知" not in sentence or "请假" in sentence:
        return []
    match = re.search(rf"({NUMBER})\s*个?\s*(工作日|天|日)\s*(?:前|以前)[^。；;，,]{{0,6}}?"
                      r"(?:发出|下发|印发)?(?:会议)?通知", sentence) \
        or re.search(rf"提前\s*({NUMBER})\s*个?\s*(工作日|天|日)\s*(?:发出|下发|印发|发布)?(?:会议)?通知", sentence)
    if not match:
        return []
    note = "" if match.group(2) == "工作日" else f"原文为「{match.group(2)}」，按工作日计"
    found = [("notice.lead_workdays", _num(match.group(1)), note)]
    adhoc = re.search(rf"临时[^。；;]{{0,10}}?提前\s*({NUMBER})\s*个?\s*(小时|天)", sentence)
    if adhoc:
        hours = _num(adhoc.group(1)) * (24 if adhoc.group(2) == "天" else 1)
        found = [("cadence.ad_hoc_notice_hours", hours, "")]
    return found


_LEAVE = re.compile(
    r"请假|因故不能(?:参加|出席|与会|到会)|不能(?:按时)?(?:参加|出席|与会|到会)|缺席|不在|无法参加|无法出席"
)
_DELEGATE = re.compile(r"(?:委托|派人|指派|委派)[^。；;]{0,8}(?:参会|参加|出席|与会)|替会|代会")


def _attendance(sentence: str) -> list[tuple]:
    found = []
    early = re.search(rf"提前\s*({NUMBER})\s*分钟\s*(?:到达|到场|入场|进入|签到|到会)", sentence)
    if early:
        found.append(("attendance.arrive_early_minutes", _num(early.group(1)), ""))
    if _LEAVE.search(sentence):
        found += _leave(sentence)
    if _LEAVE.search(sentence) or _DELEGATE.search(sentence):
        found += _delegation(sentence)
    return found


def _leave(sentence: str) -> list[tuple]:
    found = []
    lead = re.search(rf"(?:提前|会前|会议召开前|开会前)\s*({NUMBER})\s*个?\s*(小时|个工作日|工作日|天|日)", sentence)
    if lead:
        hours = _num(lead.group(1)) * (1 if lead.group(2) == "小时" else 24)
        note = "" if lead.group(2) == "小时" else f"原文为「{lead.group(0)}」，按每天24小时计"
        found.append(("attendance.leave_lead_hours", hours, note + ("；须书面请假" if "书面" in sentence else "")))
    plain = re.sub(r"[“”\"]", "", sentence)
    approvers = (r"(?:须经|需经|报经|应经|经)({w})(?:批准|同意)(?!后由)", r"向({w})(?:书面|口头)?(?:请假|报告|说明)",
                 r"(?:报告|报)({w})(?:批准|同意)")
    for pattern in approvers:
        for match in re.finditer(pattern.format(w=r"[\u4e00-\u9fff]{1,16}?"), plain):
            found.append(("attendance.leave_approver", match.group(1), ""))
    return found


def _delegation(sentence: str) -> list[tuple]:
    if re.search(r"委托[^。；;，,]{0,10}(?:主持|召集)", sentence):  # "如书记不能参加可委托副书记主持": who chairs
        return []
    if re.search(r"(?:不得|不能|不允许|严禁)(?:委托|委派|指派|代会|替会|代替)(?![^。；;，,]{0,8}(?:投票|表决))",
                 sentence):  # "不得委托他人代为投票" bans proxy votes, not a stand-in
        return [("attendance.delegation", "forbidden", "")]
    if re.search(r"(?:须|必须|应当?|并)(?:另外|另行)?(?:书面)?(?:委托|指派|委派|派人|安排他人|安排人员)"
                 r"|由其指定(?:人员|他人)参加"
                 r"|(?:须|必须|并)指定[^。；;，,]{0,10}?(?:人员|同志|他人|代表)(?:代为)?(?:参加|列席|出席)", sentence):
        return [("attendance.delegation", "required", "")]
    if re.search(r"(?:可|可以)(?:安排|委托|指派|委派)[^。；;，,]{0,12}(?:参加|替会|代会|出席)"
                 r"|(?:可|可以)(?:委托|指派|委派)"
                 r"|改派他人|替会", sentence):
        return [("attendance.delegation", "allowed", "")]
    return []


_FRACTIONS = {"半数": "1/2", "过半数": "1/2", "一半": "1/2", "二分之一": "1/2", "1/2": "1/2", "三分之二": "2/3",
              "2/3": "2/3", "四分之三": "3/4", "3/4": "3/4", "五分之四": "4/5", "三分之一": "1/3", "1/3": "1/3"}
_FRACTION = "|".join(sorted(_FRACTIONS, key=len, reverse=True))
_MATTERS = [("personnel", r"人事|任免|干部"), ("finance", r"财务|资金|预算|经费"), ("major", r"重大")]


_QUORUM = (
    re.compile(rf"({_FRACTION})(?:以上)?[^。；;]{{0,12}}?(?:到会|出席|参加|到场)[^。；;]{{0,8}}?(?:方可|方能|才能|才可|始得)"),
    re.compile(rf"(?:到会|出席|参加|参会)[^。；;]{{0,20}}?(?:达到|超过)?[^。；;]{{0,12}}?({_FRACTION})(?:以上)?"
               r"[^。；;]{0,4}?(?:方可|方能|才能|才可|始得|才有效)"),
    re.compile(rf"(?:须|必须|应当|应)有?({_FRACTION})(?:以上)?的?[^。；;，,]{{0,8}}?(?:到会|出席)"),
    # "出席人员不得少于应出席人员的三分之一", "到会人数须达到应到人数的三分之二", "实到不足半数的，不得召开"
    re.compile(rf"(?:到会|出席|参加|参会|实到)[^。；;，,]{{0,12}}?不(?:得)?(?:少于|低于)[^。；;，,]{{0,12}}?({_FRACTION})"),
    re.compile(rf"(?:到会|出席|参加|参会|实到)[^。；;，,]{{0,12}}?(?:须|必须|应当?)(?:达到|超过)[^。；;，,]{{0,12}}?({_FRACTION})"),
    re.compile(rf"(?:到会|出席|参加|参会|实到)[^。；;，,]{{0,8}}?(?:不足|少于|未达到?|未超过)({_FRACTION})"
               r"[^。；;]{0,12}?(?:不得|不能|不予)(?:召开|举行|开会)"),
)


def _quorums(sentence: str) -> list[tuple]:
    """Each quorum a sentence states, with the matter it is for: the one named between it and the one before
    ("半数以上到会方可召开，讨论人事事项须三分之二以上到会" is a quorum and a stricter one for personnel)."""
    matches = sorted((match for pattern in _QUORUM for match in pattern.finditer(sentence)), key=lambda m: m.start())
    found, start = [], 0
    for match in matches:
        if match.start() < start:
            continue  # the same statement read by a second pattern
        if re.search(r"(?:赞成|同意)[^。；;，,]{0,8}$", sentence[:match.start()]) \
                or re.match(r"(?:以上)?[^。；;，,]{0,4}?(?:通过|同意|赞成)", sentence[match.end(1):]):
            continue  # "赞成人数超过应到会人数的一半" / "须有到会人员半数以上通过": the votes a decision needs
        fraction = _FRACTIONS[match.group(1)]
        matter = next((key for key, pattern in _MATTERS if re.search(pattern, sentence[start:match.end()])), None)
        if matter:
            found.append(("decisions.quorum_rules", {"matter": matter, "fraction": fraction}, ""))
        else:
            found.append(("decisions.quorum", fraction, ""))
        start = match.end()
    return found


def _decisions(sentence: str) -> list[tuple]:
    found = _quorums(sentence)
    if re.search(r"末位表态|最后表态|最后一个表态|最后发表(?:意见|看法)|最后发言|主持人最后", sentence):
        found.append(("decisions.chair_speaks_last", True, ""))
    majority = re.search(r"(?:根据|按照|依据|经)[^。；;]{0,14}?(?:大多数|多数|过半数|半数以上)[^。；;]{0,8}?"
                         r"(?:意见|同意|通过)", sentence)
    if majority:
        of_members = re.search(r"组成人员|应到|全体成员|全体人员", majority.group(0))
        found.append(("decisions.decision_rule", "majority_of_members" if of_members else "majority_of_present", ""))
    elif re.search(rf"(?:超过|过)应到[^。；;]{{0,10}}?(?:{_FRACTION})(?:以上)?[^。；;]{{0,4}}?同意", sentence) \
            or re.search(rf"(?:同意|赞成)票?[^。；;]{{0,6}}?(?:超过|过)应到(?:会)?[^。；;]{{0,6}}?(?:{_FRACTION})",
                         sentence):
        found.append(("decisions.decision_rule", "majority_of_members", ""))
    elif re.search(r"(?:过半数|半数以上|二分之一以上)(?:以上)?的?(?:组成人员|成员|委员|理事|董事|代表)[^。；;，,]{0,4}?"
                   r"(?:赞成|同意|通过)"
                   r"|全体[\u4e00-\u9fff]{0,6}?的?(?:过半数|半数以上|二分之一以上)(?:同意|通过|赞成)", sentence):
        found.append(("decisions.decision_rule", "majority_of_members", ""))  # "过半数以上成员赞成方为通过"
    elif re.search(r"(?:到会|出席|与会|实到)[^。；;，,]{0,6}?(?:半数以上|过半数|二分之一以上|1/2以上)[^。；;，,]{0,4}?"
                   r"(?:通过|同意|赞成)", sentence):  # "议题表决须有到会人员半数以上通过"
        found.append(("decisions.decision_rule", "majority_of_present", ""))
    elif re.search(r"少数服从多数|以多数原则|多数原则为基础", sentence):
        # a principle: the count a sentence of its own gives ("赞成超过应到人数的一半") comes before it
        found.append(("decisions.majority_principle", "majority_of_present", ""))
    elif re.search(r"同意[^。；;]{0,4}占多数", sentence) \
            or re.search(r"(?:同意|赞成)票?[^。；;，,]{0,6}?(?:超过|过|达到)(?:与会|到会|出席|实到|参会)[^。；;]{0,8}?"
                         r"(?:半数|二分之一|1/2)", sentence):  # "赞成票须超过到会人数的半数": of those present
        found.append(("decisions.decision_rule", "majority_of_present", ""))
    for pattern, method in ((r"举手(?:表决|方式)", "show_of_hands"), (r"无记名投票|无记名表决|票决", "secret_ballot"),
                            (r"口头表决|逐一表态|逐个表态|依次表态", "roll_call"), (r"无异议", "no_objection")):
        if re.search(pattern, sentence):
            found.append(("decisions.voting_methods", method, ""))
    return found


# Who signs the minutes: the last and strongest of the people a sentence sends them to
# ("纪要由办公室主任审核后送会议主持人签发" → the chair).
_REVIEW_VERBS = {"签发": 3, "审签": 3, "签批": 3, "核签": 3, "签字": 3, "审定": 2, "审批": 2, "批准": 2, "核准": 2,
                 "审核": 1, "审阅": 1}
_REVIEW_VERB = "|".join(_REVIEW_VERBS)
_REVIEWER = re.compile(f"({_REVIEW_VERB})")
_SENT_TO = re.compile(r"^.*(?:由|经(?!理)|报|送|呈请|交|给予)|^(?:会议)")  # not the 经 of 总经理


def _reviewers(sentence: str) -> list[tuple[int, str]]:
    """(strength, who) for each '…由X审核' / '送X签发' / '，X审签': the text before the verb back to the clause."""
    found = []
    for match in _REVIEWER.finditer(sentence):
        clauses = re.split(rf"[,，;；。]|(?:{_REVIEW_VERB})后?、", sentence[: match.start()])
        clause = clauses[-1].removesuffix("审阅")
        # "局长外出时，由其委托的副局长签发": who signs in the signer's stead ("局长或其委托的副局长": the 局长)
        if _STAND_IN.search(clause) or "委托" in clause and "或" not in clause \
                or len(clauses) > 1 and _ABSENT.search(clauses[-2]):
            continue
        who = _SENT_TO.sub("", clause)
        named = split_roles(who)[0] + split_roles(who)[1] if who else []
        if named and not re.search(r"下发|印发|书面|拟稿|形成|整理|后$", who):
            found.append((_REVIEW_VERBS[match.group(1)], who))
    return found


# "会后", "会议结束后", "在会议召开后", "散会后": counted from the meeting.
_AFTER = r"(?:在|于)?(?:会后|会议结束后|会议结束|会议召开后|会议闭会后|散会后)的?"


def _minutes(sentence: str) -> list[tuple]:
    found = []
    span = rf"({NUMBER})\s*个?\s*(工作日|天|日|小时|周|星期)(?:之|以)?内"
    deadline = re.search(rf"{_AFTER}\s*{span}[^。；;]{{0,12}}?纪要", sentence) \
        or re.search(rf"(?:在|于)\s*{span}[^。；;]{{0,12}}?纪要", sentence) \
        or re.search(rf"纪要[^。；;]{{0,16}}?(?:{_AFTER}|在|于)\s*{span}", sentence)
    following = re.search(rf"纪要[^。；;]{{0,12}}?(?:{_AFTER})?(次日|第二天|第二个工作日)", sentence) \
        or re.search(rf"{_AFTER}?(次日|第二天|第二个工作日)[^。；;]{{0,12}}?纪要", sentence)
    if deadline:
        days, unit = _num(deadline.group(1)) or 0, deadline.group(2)
        days = -(-days // 24) if unit == "小时" else days * 5 if unit in ("周", "星期") else days
        note = "" if unit == "工作日" else f"原文为「{deadline.group(0)}」，按工作日计"
        found.append(("minutes.deadline_workdays", days, note))
    elif following:  # "会后次日": the next day; "第二个工作日": the second
        days = 2 if following.group(1) == "第二个工作日" else 1
        note = "" if days == 2 else f"原文为「{following.group(1)}」，按工作日计"
        found.append(("minutes.deadline_workdays", days, note))
    elif re.search(r"当天[^。；;]{0,20}纪要|纪要[^。；;]{0,20}当天", sentence):
        found.append(("minutes.deadline_workdays", 0, "会议当天"))
    reviewers = _reviewers(sentence)
    if reviewers:  # the strongest, the last of equals: "…审核后送会议主持人签发" → the chair
        strongest = max(strength for strength, _ in reviewers)
        found.append(("minutes.reviewer", [who for strength, who in reviewers if strength == strongest][-1], ""))
    return found


def _holidays(sentence: str) -> list[tuple]:
    """What a stated rule does on a holiday; nothing said, nothing extracted (the pack leaves it unset)."""
    for pattern, policy in ((r"节假日除外|遇(?:法定)?节假日[^。；;，,]{0,4}(?:取消|不召开|停开)", "skip"),
                            (r"遇(?:法定)?节假日[^。；;]{0,12}顺延|顺延至[^。；;]{0,6}工作日", "next_workday"),
                            (r"遇(?:法定)?节假日[^。；;]{0,8}提前", "previous_workday"),
                            (r"遇(?:法定)?节假日[^。；;]{0,6}照常", "keep")):
        if re.search(pattern, sentence):
            return [("cadence.holiday_policy", policy, "")]
    return []


def _minutes_and_follow_up(sentence: str) -> list[tuple]:
    found = []
    if re.search(r"(?:形成|整理|印发|编写|起草)(?:会议)?纪要", sentence):
        optional = re.search(r"(?:可|可以)(?:根据需要|视情况)?[^。；;]{0,8}?(?:形成|整理|印发|编写|起草)(?:会议)?纪要",
                             sentence)
        found.append(("minutes.required", not optional, "可根据需要编写" if optional else ""))
    if "纪要" in sentence:
        found += _minutes(sentence)
    if re.search(r"明确(?:了)?(?:各项工作的)?责任(?:科室|部门|单位|人)", sentence):
        found.append(("follow_up.require_owner", True, ""))
    interval = re.search(rf"每\s*({NUMBER})\s*个?工作日[^。；;]{{0,8}}?(?:反馈|报告|通报)", sentence)
    if interval:
        found.append(("follow_up.progress_interval_workdays", _num(interval.group(1)), ""))
    if re.search(r"保密纪律|严格保密|高度保密|(?:不得|不允许|严禁)(?:向外|对外)?(?:透露|泄露|透漏|泄漏|外传)",
                 sentence):
        found.append(("confidentiality", "confidential", ""))
    return found


EXTRACTORS = (_cadence, _holidays, _duration, _location, _roles, _topics_and_materials, _notice, _attendance,
              _decisions, _minutes_and_follow_up)


def _kinds_of_umbrellas(regulation: Regulation, types: list[MeetingType]) -> list[MeetingType]:
    """"项目部会议分为安全生产周例会和专题会议" in a regulation titled "工程会议制度": what the text says of the
    umbrella (its chair, members, minutes) holds for each kind, unless the kind's own text says otherwise."""
    kinds = [t for t in types if t.origin == "list"]
    if len(kinds) < 2:
        return types
    text = "\n".join(node.text for article in regulation.all_articles() for node in article.walk())
    umbrellas = [t for t in types if t not in kinds and t.section is None and (
        t.origin == "title" or any(re.search(re.escape(alias) + r"(?:分为|包括)", text) for alias in t.aliases))]
    for umbrella in umbrellas:
        for kind in kinds:
            kind.rules += [Rule(rule.field, rule.value, rule.source, rule.anchor, rule.note, 1)
                           for rule in umbrella.rules]
    return [t for t in types if t not in umbrellas]


def extract(regulation: Regulation) -> list[MeetingType]:
    """Find the regulation's meeting types and attach every rule its sentences state, with the sentence."""
    types = find_meeting_types(regulation)
    for unit in _units(regulation, types):
        found = [item for extractor in EXTRACTORS for item in extractor(unit.sentence)]
        if not found:
            continue
        for meeting_type, specificity in _targets(unit, types):
            for field, value, note in found:
                meeting_type.rules.append(Rule(field, value, unit.sentence, unit.anchor, note, specificity))
    # "护理会议制度" over sections of 护士大会, 早会, …: the title's name is the umbrella, nothing is said of it
    umbrella = [t for t in types if t.origin == "title" and not t.rules and t.section is None]
    if umbrella and sum(1 for t in types if t.origin == "section" or t.rules) >= 2:
        types = [t for t in types if t not in umbrella]
    types = _kinds_of_umbrellas(regulation, types)
    if not types and regulation.all_articles():
        regulation.flags.append(Flag("meeting_types", "未找到会议类型（名称以「会」「会议」结尾的标题或定义）", []))
    return types
