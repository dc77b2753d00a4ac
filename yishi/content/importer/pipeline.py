"""import_document: a regulation document → a draft pack and a report."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .debris import debris_reason, is_fragment, is_menu_entry, strip_inline
from .layout import repair
from .model import Flag
from .pack import assign_slugs, regulation_pack
from .readers import load_document
from .report import Report
from .roles import Directory
from .rules import extract
from .structure import parse_date, split_document
from .text import in_simplified


@dataclass
class ImportResult:
    pack: dict
    report: Report


def _without_debris(lines: list[str], report: Report, sources: list[str] | None = None, joined: bool = False
                    ) -> list[str]:
    """Lines without page debris; each dropped line, and debris cut off a line, is listed in the report.

    A whole line dropped is listed as the source wrote it (`sources`: the lines before their conversion
    to Simplified characters), with the debris inside it, so that a reviewer finds it in the original.
    `joined`: the lines are repaired (wrapped lines joined), so a word left alone is a fragment.
    """
    readings = []  # (line as the source wrote it, line without inline debris, inline debris, reason)
    for index, line in enumerate(lines):
        source = sources[index] if sources and len(sources) == len(lines) else line
        line, removed = strip_inline(line)
        if line:
            readings.append((source.strip(), line, removed, debris_reason(line)))
        else:
            report.dropped += removed
    readings = _menu_runs(readings)
    kept = []
    for index, (source, line, removed, reason) in enumerate(readings):
        # "首页 工作动态 / 政策法规 / 欢迎光临…": a short bare word between two debris lines is a menu's entry;
        # before the first debris line, the site's name
        if reason is None and index < len(readings) - 1 and (index == 0 or readings[index - 1][3]) \
                and readings[index + 1][3] \
                and is_menu_entry(line):
            reason = "导航"
        if reason is None and joined and is_fragment(line):
            reason = "残片"
        if reason:
            report.dropped.append((source, reason))
            continue
        report.dropped += removed
        kept.append(line)
    return kept


def _menu_runs(readings: list[tuple]) -> list[tuple]:
    """"志愿服务 / 工作计划 / 审计报告 / …" one per line: three or more bare words in a row are a site's menu."""
    menu = [reason is None and is_menu_entry(line, longest=10) for _, line, _, reason in readings]
    marked = list(readings)
    start = 0
    while start < len(menu):
        end = start
        while end < len(menu) and menu[end]:
            end += 1
        if end - start >= 3:
            for index in range(start, end):
                source, line, removed, _ = marked[index]
                marked[index] = (source, line, removed, "导航")
        start = end + 1
    for index in range(1, len(marked) - 1):  # "管理制度" between two runs of a menu is one of its entries
        source, line, removed, reason = marked[index]
        if reason is None and marked[index - 1][3] == marked[index + 1][3] == "导航" \
                and re.fullmatch(r"[\u4e00-\u9fff]{2,10}", line):
            marked[index] = (source, line, removed, "导航")
    return marked


def import_document(path, directory: Directory | None = None, today: date | None = None) -> ImportResult:
    """Read, clean, structure and extract; every regulation comes out as a draft for a person to review.

    `directory` holds the organisation's existing posts and departments (name → slug), reused by name.
    """
    source = load_document(path)
    report = Report(source=Path(path).name, encoding=source.encoding, dropped=list(source.dropped))
    paragraphs, traditional = in_simplified(source.paragraphs)
    # Twice: the lines the layout repair makes (a run-on page cut at its numbers) may be debris of their own.
    lines = _without_debris(repair(_without_debris(paragraphs, report, source.paragraphs)), report, joined=True)
    document = split_document(lines)
    report.cover, report.flags = document.cover, document.flags
    if traditional:
        report.flags.insert(0, Flag("text", "原文为繁体字，已转为简体字读取；请对照原件核对条文", []))
    report.regulations = document.regulations

    for regulation in document.regulations:
        regulation.meeting_types = extract(regulation)
    assign_slugs(document.regulations)
    titles = Counter(regulation.title for regulation in document.regulations)
    page_dates = [
        found for text, reason in report.dropped if reason == "页面信息" for found in [parse_date(text)] if found
    ]
    fallback = today or date.today()
    directory = directory or Directory()
    regulations = []
    for regulation in document.regulations:
        if titles[regulation.title] > 1:
            regulation.flags.append(Flag("title", "与同一文件中另一项制度标题相同，请区分", [regulation.title]))
        if regulation.preamble:
            regulation.flags.append(
                Flag("preamble", "序言没有编号，制度包无序言字段，未写入条文，请在后台补入", regulation.preamble)
            )
        if regulation.effective_from is None:
            fallback_date = page_dates[0] if page_dates else fallback
            origin = "网页发布时间" if page_dates else "导入当天"
            regulation.flags.append(Flag("effective_from", f"原文未写明施行日期，暂填{origin} {fallback_date}",
                                         [found.isoformat() for found in page_dates]))
            regulation.effective_from = fallback_date
        regulations.append(regulation_pack(regulation, directory, fallback))
    pack = {}
    structure = directory.pack()
    if structure["posts"] or structure["departments"]:
        pack["organisation"] = structure
    pack["regulations"] = regulations
    return ImportResult(pack, report)
