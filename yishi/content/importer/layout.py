"""Lines as the document meant them: hard-wrapped paragraphs joined, run-on text split at its numbers.

Web copies and PDFs lose the document's line structure in two opposite ways: a paragraph broken
over several lines (hard wrapping, PDF line ends), and a whole document on one line ("第一条 … 第二条
…", "4.1.1每月…", "（一）…（五）"). Document sites also cut a text into numbered page chunks
("1、…开会时" / "2、间、地点…"). This module repairs the lines before the structure is read.
"""

import re

from .text import CN_NUMBER, CN_NUMERALS, TITLE_WORD, cn_to_int

_TERMINAL = "。；;！!？?：:"
_CJK = "\u4e00-\u9fff"
_BULLET = re.compile(r"^[-•·▪●◆■]\s*")
# Numbers inside a line, by kind; `bounded` kinds need a space or punctuation before them.
_INLINE = [
    ("chapter", re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*章"), False),
    ("article", re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*条"), False),
    ("cn1", re.compile(rf"({CN_NUMBER})\s*、"), True),
    ("cn2", re.compile(rf"[（(]\s*({CN_NUMBER})\s*[）)]"), False),
    ("ar1", re.compile(r"(\d{1,2})\s*(?:、|\.(?![\d]))"), True),
    ("ar2", re.compile(r"[（(]\s*(\d{1,2})\s*[）)]"), False),
    ("ar3", re.compile(r"(?<![（(\d])(\d{1,2})\s*[）)]"), True),  # "1)…2)…": a half bracket
    ("circled", re.compile(r"([①-⑳])"), False),
    ("decimal", re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d%])"), True),
]
# "…集团公司会议室3.会议组织:行政管理部": a number before a label and its colon begins an item wherever it stands
_LABELLED = re.compile(r"\s*[\u4e00-\u9fff]{2,8}\s*[:：]")
_BOUNDARY = re.compile(r"[\s。；;：:，,！!？?）)]$")
_MARKER_START = re.compile(
    rf"^(?:第\s*[{CN_NUMERALS}\d]+\s*[章条节]|[{CN_NUMERALS}]+\s*、|[（(]|\d{{1,2}}\s*[、.．]|[①-⑳])"
)


# "某局局务会议制度一、…": a title glued to the first item of its list
_GLUED_TITLE = re.compile(rf"^[{_CJK}（）() ]{{2,40}}{TITLE_WORD}$")


# The kinds a list under a short heading may be numbered in: "一、会议组织1、…", "(1)全员大会1)…"
_DEEPER = {"cn1": "ar1 ar2 ar3", "cn2": "ar1 ar2 ar3", "ar1": "ar2 ar3", "ar2": "ar3"}


def _value(kind: str, number: str) -> int | None:
    if kind == "circled":
        return ord(number) - ord("①") + 1
    if kind == "decimal":
        return None
    return cn_to_int(number)


def split_run_on(line: str, numbered: dict[str, int] | None = None) -> list[str]:
    """'第一条 …。第二条 …' → two lines; numbers that do not run on from the previous one stay in the text.

    `numbered`: the last list numbers of the lines before ("一、会议主持" above "…主持。二、参加人员"), kept up
    to date; only lists go on across lines, an article's "第二条" inside the text of 第一条 is a reference.
    """
    numbered = {} if numbered is None else numbered
    last = dict(numbered)
    if len(line) < 30:
        _number_at_start(line, numbered)
        return [line]
    cuts = []
    decimals = len(_INLINE[-1][1].findall(line)) >= 2
    # At one place the longest reading wins: "4.1.1" is a decimal number, not "4." followed by text.
    found = sorted(((match.start(), match.end(), kind, match.group(1), bounded) for kind, pattern, bounded in _INLINE
                    for match in pattern.finditer(line)), key=lambda item: (item[0], -item[1]))
    taken_until, marker_end, marker_kind = -1, None, None
    for start, end, kind, number, bounded in found:
        if start <= taken_until:
            continue
        if kind == "decimal" and not decimals:
            continue
        value = _value(kind, number)
        if bounded and start > 0 and not _BOUNDARY.search(line[:start]) and not _LABELLED.match(line, end) \
                and not (value == 1 and kind.startswith("ar") and _DEEPER.get(marker_kind or "", "").find(kind) >= 0
                         and _short_heading(line, marker_end, start)) \
                and not (value == 1 and not cuts and _GLUED_TITLE.search(line[:start])):
            continue
        previous = last.get(kind)
        # chapters and articles may skip a few (a copy that lost some); lists restart at 1
        headings = kind in ("chapter", "article")
        runs_on = value is None or (previous or 0) < value <= (previous or 0) + (3 if headings else 1) \
            or (value == 1 and not headings)
        if start > 0 and not runs_on:
            continue
        if value is not None:
            last[kind] = value
            if bounded:
                numbered[kind] = value
        if start > 0:
            cuts.append(start)
        taken_until, marker_end, marker_kind = end - 1, end, kind
    pieces = [line[begin:end].strip() for begin, end in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    return [piece for piece in pieces if piece]


def _number_at_start(line: str, numbered: dict[str, int]) -> None:
    for kind, pattern, bounded in _INLINE:
        if bounded and (match := pattern.match(line)) and (value := _value(kind, match.group(1))) is not None:
            numbered[kind] = value
            return


def _short_heading(line: str, marker_end: int | None, start: int) -> bool:
    """'一、会议组织1、出席…': a list's first number glued to the short heading of the section before it."""
    heading = line[marker_end:start] if marker_end is not None else ""
    return 2 <= len(heading.strip()) <= 10 and not re.search(r"[，,。；;：:、]", heading)


def join_cjk_spaces(line: str) -> str:
    """'由总经 理主持' → '由总经理主持': a space between two Chinese characters is a wrapping artefact, and so is
    one beside Chinese punctuation ('党组书记、 党组成员 组成' from a PDF)."""
    line = re.sub(rf"(?<=[{_CJK}（）()]) (?=[{_CJK}（）()])", "", line)
    return re.sub(rf"(?<=[、，。；：）])\s+(?=[{_CJK}（(])|(?<=[{_CJK}])\s+(?=[、，。；：）])", "", line)


def _chunk(line: str) -> bool:
    """A document site's page chunk: '1、' before text that carries its own 一、二、 numbering."""
    match = re.match(r"^\d{1,2}\s*、", line)
    if match and re.match(rf"^1\s*、\s*\S{{2,40}}?{TITLE_WORD}\S*\s", line) and len(line) > 200:
        return True  # "1、某某议事规则 为…": the first chunk of a page, beginning with the title
    return bool(match) and len(re.findall(rf"[。；;\s]\s*[{CN_NUMERALS}]+\s*、", line[match.end():])) >= 2


def join_chunks(lines: list[str]) -> list[str]:
    joined: list[str] = []
    open_chunk = False  # the previous chunk stopped mid-sentence: this one goes on with it
    for line in lines:
        if not _chunk(line):
            joined.append(line)
            open_chunk = False
            continue
        text = re.sub(r"^\d{1,2}\s*、", "", line)
        if open_chunk:
            joined[-1] += text
        else:
            joined.append(text)
        open_chunk = not text.endswith(tuple(_TERMINAL))
    return joined


def _continues(line: str, following: str) -> bool:
    return (not line.endswith(tuple(_TERMINAL)) and not _MARKER_START.match(following)
            and not _BULLET.match(following) and len(line) >= 8)


def join_wrapped(lines: list[str]) -> list[str]:
    """Join the lines of a hard-wrapped paragraph, when the document is hard-wrapped at all."""
    wrapped = sum(1 for line, following in zip(lines, lines[1:], strict=False)
                  if len(line) >= 15 and _continues(line, following)
                  and re.search(r"[，,、。；;]", line))
    if wrapped < 2:
        return lines
    joined = [lines[0]] if lines else []
    for line in lines[1:]:
        previous = joined[-1]
        if _continues(previous, line) and (re.search(r"[，,、。；;]", previous) or len(previous) >= 15):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return joined


# "公司会议制度 公司会议制度 为提高…": a page's title printed twice at the start of its text
_REPEATED_START = re.compile(r"^(\S{4,40}?)\s+\1(?=\s|$)")
# "基层乡镇党委会议事规则乡镇党委会议事规则 为…": the title run into a shorter copy of itself
_TITLE_TWICE = re.compile(rf"^(\S{{0,10}}?)(\S{{4,40}}?{TITLE_WORD})\2(?=\s|$)")
# "公司会议制度章程 为提高…": a title before a space, the text run on after it (split before the space goes)
_SPACED_TITLE = re.compile(rf"^([{_CJK}（）()]{{2,40}}{TITLE_WORD})\s+(?=\S.{{19}})")


# "一、 会议组成 局党组会议由…": a short heading, a space, its text (a PDF's line, run on)
_SPACED_HEADING = re.compile(
    rf"^([{CN_NUMERALS}]+\s*、\s*[{_CJK}]{{2,10}}(?<![由的在为和及与是将对向把被从]))\s+(?=[{_CJK}])"
)
# "主持人:园长 参加人:全体教职工 时 间:每月初": labels in a row, a space between one's value and the next
_NEXT_LABEL = re.compile(
    r"\s+(?=(?:主持人|参加人员?|参会人员?|出席人员?|列席人员?|时\s*间|地\s*点|内\s*容|记录人员?|组织部门)\s*[:：])"
)


def _labels_apart(line: str) -> str:
    return _NEXT_LABEL.sub("；", line) if len(_NEXT_LABEL.findall(line)) >= 2 else line


def repair(lines: list[str]) -> list[str]:
    """Every repair, in order: chunks, wrapped lines, bullets, repeated titles, run-on lines, spaces inside words."""
    lines = [piece for line in join_wrapped(join_chunks(lines))
             for piece in _SPACED_TITLE.sub("\\1\n", _TITLE_TWICE.sub(r"\1\2", _REPEATED_START.sub(r"\1", line)))
             .split("\n")]
    lines = [_BULLET.sub("", line) for line in lines]
    numbered: dict[str, int] = {}
    return [join_cjk_spaces(_labels_apart(part)) for line in lines for piece in split_run_on(line, numbered)
            for part in _SPACED_HEADING.sub("\\1\n", piece).split("\n") if part]
