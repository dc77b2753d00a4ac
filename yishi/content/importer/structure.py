"""Document structure: split bundles into regulations, read their header, build the numbered body."""

import re
from dataclasses import dataclass, field
from datetime import date

from .model import Flag, Node, Regulation
from .text import CN_NUMBER, NUMBER, TITLE_WORD, cn_to_int, has_sentence_punctuation

_MARKERS = [
    ("chapter", re.compile(rf"^第\s*({NUMBER})\s*(?:章|部分)\s*(.*)$")),
    ("section", re.compile(rf"^第\s*({NUMBER})\s*节\s*(.*)$")),
    ("article", re.compile(rf"^第\s*({NUMBER})\s*条\s*(.*)$")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d%])\s*[、．]?\s*(.*)$")),
    ("cn1", re.compile(rf"^({CN_NUMBER})\s*[、，,．.]\s*(.*)$")),
    ("cn2", re.compile(rf"^[（(]\s*({CN_NUMBER})\s*[）)]\s*[、，,．.]?\s*(.*)$")),
    ("ar1", re.compile(r"^(\d{1,2})\s*(?:[、，,．]|\.(?!\d))\s*(.*)$")),
    ("ar2", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、，,．.]?\s*(.*)$")),
    ("ar3", re.compile(r"^(\d{1,2})\s*[）)]\s*(.*)$")),  # "1)…": a half bracket, below "(1)"
    ("circled", re.compile(r"^([①-⑳])\s*(.*)$")),
]
_DECIMAL_TOP = re.compile(r"^(\d{1,2})\s+(\S.{0,30})$")  # "1 目的" in a decimal document
_ENUMERATION_RANK = {"cn1": 10, "cn2": 11, "ar1": 12, "ar2": 13, "ar3": 14, "circled": 15}
_PART = re.compile(
    rf"^(?P<before>[^。；;，,]*?)\s*[\[【〔(（]?\s*(?:第\s*(?P<n1>{NUMBER})\s*篇|(?:篇|范文)\s*(?P<n2>{NUMBER}))\s*[\]】〕)）]?"
    r"\s*[:：]?\s*(?P<after>[^。；;，,]*)$"
)
_NOTICE = re.compile(r"关于(?:印发|发布|颁布|修订|下发)(.+?)的(?:通知|决定)")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,15})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(?:第\s*)?(\d{1,4})\s*号"
)
_DOC_NUMBER_START = re.compile(r"^([\u4e00-\u9fff]{1,15}?[发字函办文令])\s*[〔\[［【(（]\s*(\d{4})(.*)$")
_DATE_PATTERNS = [
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"),
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
]
_DAMAGED_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
_ISSUER_SUFFIX = re.compile(
    r"(人民政府|政府|委员会|办公室|管理处|管理办|中心|局|厅|处|委|办|部|院|所|站|公司|集团|党组|党委|支部|学校|大学|协会)$"
)
_ADOPTED = re.compile(
    rf"(\d{{4}}\s*年\s*第\s*{NUMBER}\s*次\s*[\u4e00-\u9fff]{{1,12}}?(?:会议|会))\s*(?:审议|讨论|研究)?通过"
)
_EFFECTIVE = re.compile(r"(?:自|从)(.{1,30}?)(?:起|开始)\s*(?:施行|执行|实施|生效)")
_REGULATION_WORDS = re.compile(r"(规则|制度|办法|规定|细则|规程|章程|守则|须知|意见|方案|流程|要求)$")


@dataclass
class ParsedDocument:
    regulations: list[Regulation]
    cover: list[str] = field(default_factory=list)  # a covering notice's own text, not imported as a regulation
    flags: list[Flag] = field(default_factory=list)


def classify(line: str) -> tuple[str, str, str] | None:
    """(kind, number as written, rest) if `line` starts with a structural number."""
    for kind, pattern in _MARKERS:
        match = pattern.match(line)
        if match and (match.group(2).strip() or kind in ("chapter", "section", "article")):
            return kind, match.group(1), match.group(2).strip()
    return None


def _number_value(kind: str, number: str) -> int | None:
    if kind == "decimal":
        parts = [int(part) for part in number.split(".")]
        return parts[0] if parts[1:] == [0] else parts[-1]
    if kind == "circled":
        return ord(number) - ord("①") + 1
    return cn_to_int(number)


def _decimal_rank(number: str) -> int:
    parts = number.split(".")
    return 0 if parts[1:] == ["0"] else len(parts) - 1


# ---------------------------------------------------------------- header metadata


def parse_date(text: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            year, month, day = (cn_to_int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except (TypeError, ValueError):
                return None
    return None


def damaged_date_candidates(line: str) -> list[date]:
    """'2017321' (年月日 lost) → every valid reading: [2017-03-21]."""
    match = _DAMAGED_DATE.match(line.replace(" ", ""))
    if not match:
        return []
    year, rest = int(match.group(1)), match.group(2)
    readings = []
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2 or month.startswith("0") and len(month) == 1:
            continue
        try:
            readings.append(date(year, int(month), int(day)))
        except ValueError:
            continue
    return readings


def _is_date_line(line: str) -> bool:
    return len(line) <= 20 and (parse_date(line) is not None or bool(damaged_date_candidates(line)))


def _is_issuer(line: str) -> bool:
    return 4 <= len(line) <= 40 and not has_sentence_punctuation(line) and bool(_ISSUER_SUFFIX.search(line))


def _doc_number(line: str, flags: list[Flag]) -> str | None:
    """The document number on this header line; damaged numbers are flagged with the reading, not guessed."""
    match = _DOC_NUMBER.search(line)
    if match and len(line) <= 40:
        return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
    start = _DOC_NUMBER_START.match(line.replace(" ", ""))
    if not start or len(line) > 30:
        return None
    prefix, year, rest = start.groups()
    digits = re.sub(r"\D", "", rest)
    candidates = [f"{prefix}〔{year}〕{digits}号"] if digits else []
    flags.append(Flag("document_number", f"文号残缺：「{line}」，未写入，请核对", candidates, line))
    return ""


def _dates_in(lines: list[str], flags: list[Flag]) -> date | None:
    for line in lines:
        if len(line) > 30:
            continue
        found = parse_date(line)
        if found:
            return found
        readings = damaged_date_candidates(line)
        if readings:
            flags.append(
                Flag("issued", f"日期残缺：「{line}」（年月日缺失）", [day.isoformat() for day in readings], line)
            )
            return readings[0] if len(readings) == 1 else None
    return None


def read_header(regulation: Regulation, lines: list[str]) -> list[str]:
    """Take the metadata out of the lines above (or below) the body; return what is left."""
    rest = []
    for line in lines:
        number = None if regulation.document_number else _doc_number(line, regulation.flags)
        if number is not None:
            regulation.document_number = number
        elif _is_date_line(line):
            regulation.issued = regulation.issued or _dates_in([line], regulation.flags)
        elif _is_issuer(line) and not regulation.issuing_body and line != regulation.title:
            regulation.issuing_body = line
        elif re.fullmatch(r"[（(].*(通过|施行|印发|发布|研究)[）)]", line):  # （2017年3月21日第3次局务会审议通过）
            regulation.issued = regulation.issued or parse_date(line)
            adopted = _ADOPTED.search(line)
            regulation.adopted_at = regulation.adopted_at or (adopted.group(0) if adopted else line.strip("（）()"))
        else:
            rest.append(line)
    return rest


# ---------------------------------------------------------------- body


def detect_numbering(lines: list[str]) -> str:
    kinds = [found[0] for found in map(classify, lines) if found]
    if "article" in kinds:
        return "chapter_article"
    if kinds.count("decimal") >= 2:
        return "decimal"
    return "cn_nested"


def _level_key(kind: str, number: str, style: str) -> int | None:
    """Rank of a marker among the enumeration levels (smaller = higher); None for chapter/article."""
    if kind in ("chapter", "section", "article"):
        return None
    if kind == "decimal":
        return _decimal_rank(number) if style == "decimal" else None
    return _ENUMERATION_RANK[kind]


def _classify_in(line: str, style: str) -> tuple[str, str, str] | None:
    found = classify(line)
    if found and found[0] == "decimal" and style != "decimal":
        return None
    if not found and style == "decimal":
        top = _DECIMAL_TOP.match(line)
        if top and not has_sentence_punctuation(top.group(2)):
            return "decimal", f"{top.group(1)}.0", top.group(2)
    return found


def _heading_or_text(node: Node, rest: str) -> None:
    if rest and len(rest) <= 20 and not has_sentence_punctuation(rest):
        node.heading = rest
    else:
        node.text = rest


class _BodyBuilder:
    """Builds chapters → articles → clauses → items from numbered lines, keeping unnumbered text in place."""

    def __init__(self, regulation: Regulation, style: str, levels: list[int]):
        self.regulation = regulation
        self.style = style
        self.levels = levels  # enumeration ranks in use, highest first
        self.chapter: Node | None = None
        self.stack: list[Node] = []  # the article, clause and item currently open
        self.expected: dict[tuple, int] = {}

    def check_sequence(self, scope: tuple, kind: str, number: str, line: str) -> None:
        value = _number_value(kind, number)
        expected = self.expected.get(scope, 1)
        if value is not None and value != expected:
            self.regulation.flags.append(Flag("numbering", f"编号不连续：此处应为第 {expected} 项", [], line))
        self.expected[scope] = (value or expected) + 1

    def chapter_line(self, number: str, rest: str, line: str) -> None:
        self.check_sequence(("chapter",), "chapter", number, line)
        self.chapter = Node("chapter", f"第{number}章", heading=rest)
        self.regulation.chapters.append(self.chapter)
        self.stack = []

    def article_line(self, marker: str, rest: str, heading_allowed: bool) -> None:
        article = Node("article", marker)
        if heading_allowed:
            _heading_or_text(article, rest)
        else:
            article.text = rest
        (self.chapter.children if self.chapter else self.regulation.articles).append(article)
        self.stack = [article]

    def enumerated(self, kind: str, number: str, rest: str, line: str) -> None:
        level = self.levels.index(_level_key(kind, number, self.style))
        if self.style == "chapter_article":
            level += 2  # items sit under the article's clause (款)
        if not self.stack and level > 0:
            if self.style == "chapter_article":
                self.regulation.preamble.append(line)
                return
            self.regulation.flags.append(Flag("numbering", "条目前没有上级条文，已单列为一条", [], line))
            self.article_line("", "", heading_allowed=False)
        if level >= 3:  # deeper than the pack's items: kept with its number as written
            self._text_holder().append_text(line)
            return
        marker = line[: len(line) - len(rest)].strip()
        if level == 0:
            self.check_sequence(("articles", id(self.chapter)), kind, number, line)
            self.article_line(marker, rest, heading_allowed=True)
            return
        while len(self.stack) < level:  # a skipped level: a clause without text is transparent
            filler = Node("clause")
            self.stack[-1].children.append(filler)
            self.stack.append(filler)
        del self.stack[level:]
        self.check_sequence(("children", id(self.stack[-1])), kind, number, line)
        node = Node("clause" if level == 1 else "item", marker, text=rest)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def _text_holder(self) -> Node:
        return next(node for node in reversed(self.stack) if node.kind == "article" or node.marker or node.text)

    def plain(self, line: str) -> None:
        if not self.stack:
            if self.chapter is not None and not self.chapter.heading and not has_sentence_punctuation(line):
                self.chapter.heading = line  # 第一章 on its own line, its title below
            else:
                self.regulation.preamble.append(line)
            return
        if self.style != "chapter_article":
            self._text_holder().append_text(line)
            return
        article = self.stack[0]
        if not article.text and not article.children:
            article.text = line
        else:  # a further 款: unnumbered in Chinese legal style
            clause = Node("clause", text=line)
            article.children.append(clause)
            self.stack = [article, clause]


def build_body(regulation: Regulation, lines: list[str]) -> None:
    style = detect_numbering(lines)
    regulation.numbering = style
    classified = [_classify_in(line, style) for line in lines]
    levels = sorted({key for found in classified if found
                     for key in [_level_key(found[0], found[1], style)] if key is not None})
    builder = _BodyBuilder(regulation, style, levels)
    for line, found in zip(lines, classified, strict=True):
        if not found:
            builder.plain(line)
            continue
        kind, number, rest = found
        if kind in ("chapter", "section"):
            if kind == "section":
                regulation.flags.append(Flag("numbering", "「节」一级在制度包中没有对应层级，已作为一章", [], line))
            builder.chapter_line(number, rest, line)
        elif kind == "article":
            builder.check_sequence(("article",), kind, number, line)
            builder.article_line(f"第{number}条", rest, heading_allowed=False)
        else:
            builder.enumerated(kind, number, rest, line)
    if not regulation.all_articles() and regulation.preamble:
        regulation.flags.append(Flag("numbering", "未识别出编号，按段落逐条导入", [], regulation.preamble[0]))
        regulation.articles = [Node("article", text=line) for line in regulation.preamble]
        regulation.preamble = []
    if regulation.chapters and regulation.articles:  # articles before the first chapter
        regulation.chapters.insert(0, Node("chapter", heading="（未分章）", children=regulation.articles))
        regulation.articles = []
    for index, article in enumerate(regulation.all_articles(), 1):
        article.anchor = f"art-{index}"


# ---------------------------------------------------------------- splitting a document into regulations


def _part_header(line: str) -> tuple[int, str] | None:
    if len(line) > 50:
        return None
    match = _PART.match(line)
    if not match:
        return None
    number = cn_to_int(match.group("n1") or match.group("n2"))
    title = (match.group("before") or match.group("after")).strip()
    return (number, title) if number else None


def _notice_titles(line: str) -> list[str]:
    match = _NOTICE.search(line)
    if not match:
        return []
    inside = re.findall(r"《([^》]+)》", match.group(1))
    return inside or [match.group(1).strip()]


def _effective(regulation: Regulation) -> None:
    """自印发之日起施行 → the issue date; 自2017年4月1日起施行 → that date; nothing said → the issue date."""
    regulation.effective_from = regulation.issued
    for match in _EFFECTIVE.finditer("\n".join(regulation.source_lines)):
        phrase = match.group(1)
        stated = None if re.search(r"印发|发布|公布|下发|发文", phrase) else parse_date(phrase)
        regulation.effective_from = stated or regulation.issued


def _regulation(title: str, lines: list[str]) -> Regulation:
    regulation = Regulation(title=title)
    first_body = next((i for i, line in enumerate(lines) if classify(line)), len(lines))
    header = read_header(regulation, lines[:first_body])
    body = lines[first_body:]
    tail = len(body)  # signature and date under the last article
    while tail > 0 and (_is_date_line(body[tail - 1]) or _is_issuer(body[tail - 1])):
        tail -= 1
    read_header(regulation, body[tail:])
    build_body(regulation, header + body[:tail])
    adopted = _ADOPTED.search("\n".join(lines))
    regulation.adopted_at = adopted.group(0) if adopted else ""
    regulation.source_lines = lines
    return regulation


UNTITLED = "（未识别标题）"
# A title inside a run-on line: never a preamble sentence ("为…制度，"), may join two ("…制度与议事规则").
_TITLE_SEGMENT = re.compile(
    rf"(?!为|根据|按照|依据|本|经|各|以上)[^，,。；;:：\s【】《》]{{1,40}}?{TITLE_WORD}"
    rf"(?:[与和及][^，,。；;:：\s]{{1,20}}?{TITLE_WORD})?"
)
# What document sites add to a title: the file name's extension, "参考模板范本", "（通用12篇）", a page number.
_TITLE_NOISE = re.compile(
    r"\.(?:docx?|wps|pdf|txt)$|参考模板范本$|模板范本$|范本$|模板$|范文$|[（(]?(?:通用|精选)?[一二三四五六七八九十\d]+篇[）)]?$"
    r"|集锦$|\d+$|[（(](?:完整版|最新版|精华版|精选版?|推荐|可编辑|[Ww]ord版)[)）]$", re.I,
)
_PART_LABEL = re.compile(
    r"^(?:设计|范本|范例|模板|样本|示例|案例|附件|篇|第)[一二三四五六七八九十\d]+[篇章节]?[、.．:：\s]*"
)
_ENACTED = re.compile(rf"(?:制定|制订|订立)(?:本|此|如下|以下)?《?([^，,。；;《》]{{0,24}}{TITLE_WORD})")
_NAMED_MEETING = re.compile(r"([\u4e00-\u9fff]+?(?:会议|会))(?=的|质量|效率|制度|规则|[，,。；;])")
# What stands before a meeting's name in an enacting sentence: "为了进一步规范和提升本单位" + "主任办公会议".
_NOT_A_NAME = re.compile(
    r"^.*(?:为了|为|提高|提升|规范|加强|完善|和|及|本单位|本局|本|我单位|我|制定|制订|以下|如下|下列)"
)


def clean_title(title: str) -> str:
    """'局长办公会议制度参考模板范本.doc' → '局长办公会议制度'; two titles run together → the second."""
    title = title.strip(" 【】《》“”\"'_")
    while _TITLE_NOISE.search(title):
        title = _TITLE_NOISE.sub("", title).strip()
    segments = _TITLE_SEGMENT.findall(title)
    if len(segments) > 1 and "".join(segments) == title:
        # "医院管理制度之院长办公会议事规则" → its own title; "行政管理制度设计二会议制度": a compilation's part label
        return _PART_LABEL.sub("", segments[-1].removeprefix("之"))
    return title


def _run_on_title(line: str) -> tuple[str, str] | None:
    """A title the text runs on from: '【周例会管理规章制度】为规范…', '总经理办公会议管理制度 1 目的 …'."""
    bracketed = re.match(rf"^[【《]([^】》]{{2,40}}{TITLE_WORD})[】》]\s*(.*)$", line)
    if bracketed:
        return bracketed.group(1), bracketed.group(2)
    end, title = 0, ""
    while match := _TITLE_SEGMENT.match(line, end):
        end, title = match.end(), match.group(0)
    if title and (end == len(line) or line[end] == " " or not has_sentence_punctuation(line[:end])):
        return (title, line[end:].strip()) if end < len(line) else None
    return None


def _meeting_named(sentence: str) -> str | None:
    for name in _NAMED_MEETING.findall(sentence):
        name = _NOT_A_NAME.sub("", name)
        if len(name) >= 3 and not re.fullmatch(r"(?:各类|各种|有关)?(?:会议|会)", name):
            return name
    return None


def derived_title(lines: list[str]) -> tuple[str, str] | None:
    """Without a title line: '为提高局务会议质量，…特制定本制度' → ('局务会议制度', that sentence)."""
    for line in lines:
        for sentence in re.findall(r"[^。；;！!]+[。；;！!]?", line):
            enacted = _ENACTED.search(sentence)
            if not enacted:
                continue
            named, meeting = enacted.group(1), _meeting_named(sentence)
            if meeting and meeting.removesuffix("议") not in named:
                named = meeting + named.removeprefix("会议")
            if meeting or len(named) > 4:  # "本制度" alone names nothing
                return named, sentence
    return None


def _numbered_title(lines: list[str]) -> str | None:
    """'一、校长办公会议制度' or '（一）某某会议制度' on the first line: a regulation numbered as the first of a
    collection, when the body numbers anew (its own '一、' again, or 第一条) rather than going on to '二、'."""
    found = classify(lines[0]) if lines else None
    if not found or found[0] not in _ENUMERATION_RANK or _number_value(found[0], found[1]) != 1:
        return None
    title = clean_title(found[2])
    if not re.search(rf"{TITLE_WORD}$", title) or has_sentence_punctuation(found[2]) or len(title) > 40:
        return None
    following = [marker for line in lines[1:] for marker in [classify(line)] if marker]
    same = next((marker for marker in following if marker[0] == found[0]), None)
    restarts = same is not None and _number_value(same[0], same[1]) == 1
    return title if restarts or any(marker[0] == "article" for marker in following) else None


def _single_title(lines: list[str]) -> tuple[str, list[str], Flag | None]:
    """The title of a document that is one regulation, the lines without it, and a flag when it was made up.

    A header line naming a regulation, else a title the first line runs on from, else the first plain
    header line; a text without any gets one made from the sentence that enacts it (flagged).
    """
    numbered = _numbered_title(lines)
    if numbered:
        return numbered, lines[1:], None
    first_body = next((i for i, line in enumerate(lines) if classify(line)), len(lines))
    header = lines[:first_body]
    chosen = None
    for index, line in enumerate(header):
        cleaned = clean_title(line)
        if re.search(rf"{TITLE_WORD}$", cleaned) and not has_sentence_punctuation(line) and len(line) <= 60:
            chosen = index, cleaned
            break
    if chosen is None and header and (run_on := _run_on_title(header[0])):
        return clean_title(run_on[0]), [run_on[1], *lines[1:]] if run_on[1] else lines[1:], None
    if chosen is None:
        chosen = next(((index, line) for index, line in enumerate(header) if not has_sentence_punctuation(line)
                       and not _is_date_line(line) and not _DOC_NUMBER.search(line)), None)
    if chosen is not None:
        index, title = chosen
        # the title repeated further down the header (a page heading, the document's own) is not preamble
        rest = [line for i, line in enumerate(lines) if i != index and (i >= first_body or clean_title(line) != title)]
        return title, rest, None
    derived = derived_title(header)
    if derived:
        return derived[0], lines, Flag("title", "原文没有标题行，标题据正文拟定，请核对", [derived[0]], derived[1])
    return UNTITLED, lines, None


def split_document(lines: list[str]) -> ParsedDocument:
    document = ParsedDocument([])
    parts = [(index, found) for index, line in enumerate(lines) for found in [_part_header(line)] if found]
    # "篇2:…" after a text of its own: a compilation whose first part the site left unlabelled
    unlabelled_first = len(parts) == 1 and parts[0][1][0] == 2 and parts[0][0] >= 2
    if unlabelled_first:
        document.regulations.append(_single_regulation(lines[: parts[0][0]]))
    if len(parts) >= 2 or unlabelled_first:
        document.cover = [] if unlabelled_first else lines[: parts[0][0]]
        bounds = [index for index, _ in parts] + [len(lines)]
        for (start, (_, title)), end in zip(parts, bounds[1:], strict=True):
            segment = lines[start + 1 : end]
            if not title and segment and not has_sentence_punctuation(segment[0]) and len(segment[0]) <= 40:
                title, segment = segment[0], segment[1:]
            document.regulations.append(_regulation(clean_title(title or lines[start]), segment))
        return _finish(document)

    for notice_index, line in enumerate(lines):
        titles = _notice_titles(line)
        starts = []
        for title in titles:
            wanted = title.replace(" ", "")
            found = next((i for i in range(notice_index + 1, len(lines))
                          if lines[i].replace(" ", "") == wanted and i not in starts), None)
            if found is not None:
                starts.append(found)
        if titles and starts:
            return _split_notice(lines, notice_index, titles, sorted(starts), document)

    document.regulations.append(_single_regulation(lines))
    return _finish(document)


def _single_regulation(lines: list[str]) -> Regulation:
    title, rest, flag = _single_title(lines)
    regulation = _regulation(title, rest)
    regulation.flags += [flag] if flag else []
    return regulation


def _finish(document: ParsedDocument) -> ParsedDocument:
    for regulation in document.regulations:
        _effective(regulation)
    return document


def _split_notice(lines, notice_index, titles, starts, document: ParsedDocument) -> ParsedDocument:
    """A notice that issues regulations: its header (number, issuer, date) applies to each of them."""
    cover_meta = Regulation(title=lines[notice_index])
    document.cover = read_header(cover_meta, lines[: starts[0]])
    notice_line = lines[notice_index]
    issuer = notice_line.split("关于")[0].strip()
    cover_meta.issuing_body = cover_meta.issuing_body or issuer
    cover_text = "\n".join(lines[: starts[0]])
    adopted = _ADOPTED.search(cover_text)
    if len(starts) < len(titles):
        document.flags.append(
            Flag("regulations", f"通知印发 {len(titles)} 项制度，正文中只找到 {len(starts)} 项的标题",
                 titles, notice_line)
        )
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        regulation = _regulation(lines[start], lines[start + 1 : end])
        regulation.document_number = regulation.document_number or cover_meta.document_number
        regulation.issuing_body = regulation.issuing_body or cover_meta.issuing_body
        regulation.issued = regulation.issued or cover_meta.issued
        regulation.adopted_at = regulation.adopted_at or (adopted.group(0) if adopted else "")
        regulation.flags[:0] = cover_meta.flags
        document.regulations.append(regulation)
    return _finish(document)
