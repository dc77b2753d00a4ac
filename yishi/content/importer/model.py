"""What the importer finds: body nodes, flags, extracted rules (plain data, no Django)."""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Flag:
    """Something a person must decide: `candidates` are the readings found, none of them chosen silently."""

    field: str
    message: str
    candidates: list = field(default_factory=list)
    source: str = ""


@dataclass
class Node:
    """A chapter, article, clause or item; `marker` is the number as written, kept for the report only."""

    kind: str
    marker: str = ""
    heading: str = ""
    text: str = ""
    children: list["Node"] = field(default_factory=list)
    anchor: str = ""

    def append_text(self, more: str) -> None:
        self.text = f"{self.text}\n{more}" if self.text else more

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Rule:
    """One value the text states about a meeting type, with the sentence it came from."""

    field: str  # dotted path inside the pack's meeting type, e.g. "cadence.rrule"
    value: object
    source: str
    anchor: str = ""  # article the sentence is in
    note: str = ""
    specificity: int = 0  # 3 the type's own section or title, 2 the sentence names it, 1 a general clause


@dataclass
class MeetingType:
    name: str
    slug: str = ""
    aliases: tuple[str, ...] = ()
    origin: str = ""  # title | section | list | text (a sentence that defines it)
    section: Node | None = None
    rules: list[Rule] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    scope: list[tuple[str, str]] = field(default_factory=list)  # (text, article anchor)


@dataclass
class Regulation:
    title: str
    numbering: str = "cn_nested"
    document_number: str = ""
    issuing_body: str = ""
    adopted_at: str = ""
    issued: date | None = None
    effective_from: date | None = None
    preamble: list[str] = field(default_factory=list)
    chapters: list[Node] = field(default_factory=list)
    articles: list[Node] = field(default_factory=list)
    meeting_types: list[MeetingType] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    slug: str = ""
    source_lines: list[str] = field(default_factory=list)

    def all_articles(self) -> list[Node]:
        return [article for chapter in self.chapters for article in chapter.children] + self.articles
