"""Numbering of a regulation body: rendered from the structure, never typed.

Three styles occur in real documents:

- ``chapter_article``: 第一章 / 第一条 (articles numbered on through chapters), clauses as plain
  paragraphs (款 are not numbered), items （一）.
- ``cn_nested``: 一、 / （一） / 1. / （1）, by depth; a document without chapters starts at 一、.
- ``decimal``: 1.0 / 1.1 / 1.1.1 …, by depth.

A body is a list of nodes (see ``body_tree``); ``number_tree`` numbers it as a tree (what the API
serves), ``number_body`` as lines in document order, which ``render_text`` and ``render_html`` print.

Anchors: an article keeps its own stored anchor (``a-xxxxxx``); its clauses and items are named by
their position under it (``a-xxxxxx-2``, ``a-xxxxxx-2-1``), so they survive edits elsewhere in the
body; chapters by their position (``chapter-1``).
"""

from dataclasses import dataclass
from html import escape

STYLES = ("chapter_article", "cn_nested", "decimal")
DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五 (1–9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"chinese_numeral: {number} is out of range 1–9999")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    parts: list[str] = []
    pending_zero = False
    for size, unit in units:
        digit, number = divmod(number, size)
        if digit:
            if pending_zero and parts:
                parts.append("零")
            parts.append(DIGITS[digit] + unit)
            pending_zero = False
        else:
            pending_zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text  # 十五, not 一十五


@dataclass(frozen=True)
class Node:
    """One unit of the body: a chapter, article, clause or item, with its children."""

    kind: str  # chapter | article | clause | item
    text: str = ""
    heading: str = ""
    anchor: str = ""
    children: tuple["Node", ...] = ()


@dataclass(frozen=True)
class NumberedLine:
    depth: int
    kind: str
    number: str
    heading: str
    text: str
    anchor: str
    children: tuple["NumberedLine", ...] = ()


def _marker(style: str, depth: int, kind: str, index: int, path: tuple[int, ...], article_number: int) -> str:
    if style == "chapter_article":
        if kind == "chapter":
            return f"第{chinese_numeral(index)}章"
        if kind == "article":
            return f"第{chinese_numeral(article_number)}条"
        if kind == "clause":
            return ""
        return f"（{chinese_numeral(index)}）"
    if style == "cn_nested":
        return [f"{chinese_numeral(index)}、", f"（{chinese_numeral(index)}）", f"{index}.", f"（{index}）"][depth]
    if style == "decimal":
        return f"{index}.0" if depth == 0 else ".".join(str(part) for part in path)
    raise ValueError(f"numbering: unknown style {style!r}; expected one of {', '.join(STYLES)}")


def number_tree(nodes: list[Node] | tuple[Node, ...], style: str) -> list[NumberedLine]:
    """Number every node; a clause without text is transparent (its items take its place)."""
    article_count = 0

    def walk(siblings, depth: int, path: tuple[int, ...], anchor: str) -> list[NumberedLine]:
        nonlocal article_count
        lines: list[NumberedLine] = []
        index = 0
        for position, node in enumerate(siblings, 1):
            own_anchor = node.anchor or (f"{anchor}-{position}" if anchor else "")
            if node.kind == "chapter":
                own_anchor = f"chapter-{position}"
            if node.kind == "clause" and not node.text:
                lines += walk(node.children, depth, path, own_anchor)  # items directly under the article
                continue
            index += 1
            if node.kind == "article":
                article_count += 1
            number = _marker(style, depth, node.kind, index, (*path, index), article_count)
            # Chinese legal style does not number clauses: their items continue at the item level.
            child_depth = depth + 1 if number or node.kind != "clause" else depth
            children = tuple(walk(node.children, child_depth, (*path, index), own_anchor))
            lines.append(NumberedLine(depth, node.kind, number, node.heading, node.text, own_anchor, children))
        return lines

    return walk(nodes, 0, (), "")


def number_body(nodes: list[Node] | tuple[Node, ...], style: str) -> list[NumberedLine]:
    """The numbered units in document order (each followed by its children)."""
    def flatten(lines):
        for line in lines:
            yield line
            yield from flatten(line.children)

    return list(flatten(number_tree(nodes, style)))


def outline(lines: list[NumberedLine]) -> list[dict]:
    """A numbered tree as JSON (what a published version stores): kind, number, heading, text, anchor, children."""
    return [{"kind": line.kind, "number": line.number, "heading": line.heading, "text": line.text,
             "anchor": line.anchor, "children": outline(line.children)} for line in lines]


def _line_text(line: NumberedLine) -> str:
    separator = "" if not line.number or line.number.endswith(("、", "）", ".")) else " "
    lead = line.number + separator
    if line.heading:
        return lead + line.heading + (f"\n{line.text}" if line.text else "")
    return lead + line.text


def render_text(lines: list[NumberedLine]) -> str:
    """The whole body as plain text, one unit per paragraph."""
    return "\n".join(_line_text(line) for line in lines)


def render_html(lines: list[NumberedLine]) -> str:
    """The whole body as HTML: chapters as <h2>, other units as paragraphs; each carries its anchor as id."""
    parts = []
    for line in lines:
        anchor = f' id="{escape(line.anchor)}"' if line.anchor else ""
        if line.kind == "chapter":
            parts.append(f'<h2 class="chapter"{anchor}>{escape(_line_text(line))}</h2>')
            continue
        number = f'<span class="number">{escape(line.number)}</span>' if line.number else ""
        heading = f'<strong class="heading">{escape(line.heading)}</strong>' if line.heading else ""
        text = escape(line.text).replace("\n", "<br>")
        parts.append(f'<p class="{line.kind} depth-{line.depth}"{anchor}>{number}{heading}{text}</p>')
    return "\n".join(parts)
