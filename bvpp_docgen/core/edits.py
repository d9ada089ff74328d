"""Hand edits of a built paper: each paragraph as built and where it came from, and what an edit changed. Pure.

A paper's paragraphs are compared as text, in order (a paragraph is its heading level and its
text on one line). Where a paragraph came from is decided when the version is built: the snippet
whose paragraph or table cell reads the same, else the template if it holds that text as it
stands, else bvpp made it from `bvpp.toml` or the workbooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from json.encoder import encode_basestring  # what json.dumps writes a string with (ensure_ascii=False)
from typing import Any, Literal

from .narrative import Narrative, Paragraph, Span, Table

Read = Sequence[tuple[int | None, str]]  # a paper's paragraphs: heading level (None: not a heading), text
QUOTE = 60  # characters of a paragraph quoted in a message


@dataclass(frozen=True, slots=True)
class BuiltParagraph:
    """One paragraph of a version as built: its text, the heading it stands under, and its source."""

    text: str
    heading: str  # the nearest heading above it; "" before the first
    level: int | None = None  # its own heading level, if it is a heading
    source: str = ""  # "snippet:<file>", "template:<file>", or "" (made from bvpp.toml or the workbooks)


@dataclass(frozen=True, slots=True)
class Edit:
    """One paragraph changed, added or deleted by hand, with where its text must go to last."""

    kind: Literal["changed", "added", "deleted"]
    heading: str
    text: str  # as it reads now; as built, for a deleted one
    was: str = ""  # as built, for a changed one
    source: str = ""
    is_heading: bool = False

    def describe(self) -> str:
        """Say what changed: `paragraph under 'Our promises' now reads '...' (was '...')`."""
        noun = "heading" if self.is_heading else "paragraph"
        where = f"under {quote(self.heading)}" if self.heading else "before the first heading"
        if self.kind == "changed" and self.is_heading:
            return f"heading {quote(self.was)} now reads {quote(self.text)}"
        if self.kind == "changed":
            return f"{noun} {where} now reads {quote(self.text)} (was {quote(self.was)})"
        if self.kind == "added":
            return f"{noun} added {where}: {quote(self.text)}"
        return f"{noun} {where} deleted: {quote(self.text)}"

    def home(self) -> str:
        """Say where the edit must be made to appear in the next version."""
        kind, _, name = self.source.partition(":")
        if kind == "snippet":
            return f"make this edit in {name}"
        if kind == "template":
            return f"make this edit in the template {name}"
        if self.kind == "added":
            return "to keep it, write it into one of this paper's snippets (or its template)"
        return "bvpp made this text from bvpp.toml or the workbooks: make the change there"


def quote(text: str) -> str:
    """Return `text` in quotes, cut to QUOTE characters with an ellipsis."""
    return "'" + (text if len(text) <= QUOTE else text[: QUOTE - 1].rstrip() + "…") + "'"


def line(spans: Iterable[Span]) -> str:
    """Return spans' text on one line, as a paper's paragraph reads back."""
    return " ".join("".join(s.text for s in spans).split())


def snippet_texts(narratives: Iterable[Narrative]) -> dict[str, str]:
    """Return each paragraph's and table cell's text in the snippets, mapped to its snippet file."""
    found: dict[str, str] = {}
    for narrative in narratives:
        for block in narrative.blocks:
            cells = [block.spans] if isinstance(block, Paragraph) else \
                [cell for row in block.rows for cell in row] if isinstance(block, Table) else []
            for spans in cells:
                text = line(spans)
                if text:
                    found.setdefault(text, narrative.source)
    return found


def under_headings(paragraphs: Read) -> list[str]:
    """Return, for each paragraph, the text of the nearest heading above it ("" before the first)."""
    heading, found = "", []
    for level, text in paragraphs:
        found.append(heading)
        if level is not None:
            heading = text
    return found


def built_paragraphs(
    paragraphs: Read, narratives: Iterable[Narrative], template: str, template_texts: Iterable[str]
) -> tuple[BuiltParagraph, ...]:
    """Return a version's paragraphs as built, each with the snippet or template it came from."""
    sources = _sources(paragraphs, narratives, template, template_texts)
    return tuple(BuiltParagraph(text, heading, level, source) for (level, text), heading, source
                 in zip(paragraphs, under_headings(paragraphs), sources, strict=True))


def built_json(paragraphs: Read, narratives: Iterable[Narrative], template: str, template_texts: Iterable[str]) -> str:
    """Return `to_json(built_paragraphs(...))` as JSON text (`json.dumps`, ensure_ascii=False), written row by row:
    no record and no list for each paragraph (a plan has some 100,000; each list would feed the garbage collector)."""
    sources = _sources(paragraphs, narratives, template, template_texts)
    rows = ", ".join([f"[{'null' if level is None else int(level)}, {encode_basestring(text)}, {encode_basestring(source)}]"
                      for (level, text), source in zip(paragraphs, sources, strict=True)])
    return f'{{"format": 1, "paragraphs": [{rows}]}}'


def _sources(paragraphs: Read, narratives: Iterable[Narrative], template: str, template_texts: Iterable[str]) -> list[str]:
    """Return where each paragraph came from: `snippet:<file>`, `template:<file>`, or "" (bvpp made it)."""
    snippets, fixed = snippet_texts(narratives), set(template_texts)
    return [
        f"snippet:{snippets[text]}" if text in snippets else f"template:{template}" if text in fixed else ""
        for _, text in paragraphs
    ]


def find_edits(built: Sequence[BuiltParagraph], now: Read) -> list[Edit]:
    """Return every paragraph of `now` that differs from the paper as built, in order."""
    headings = under_headings(now)
    matcher = SequenceMatcher(None, [b.text for b in built], [text for _, text in now], autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            old = built[i1 + k] if i1 + k < i2 else None
            new = now[j1 + k] if j1 + k < j2 else None
            if old is not None and new is not None:
                edits.append(Edit("changed", old.heading, new[1], old.text, old.source, old.level is not None))
            elif old is not None:
                edits.append(Edit("deleted", old.heading, old.text, "", old.source, old.level is not None))
            elif new is not None:
                near = built[i1 - 1] if i1 > 0 else built[i1] if i1 < len(built) else None
                edits.append(Edit("added", headings[j1 + k], new[1], "", near.source if near else "", new[0] is not None))
    return edits


def to_json(paragraphs: Sequence[BuiltParagraph]) -> dict[str, Any]:
    """Return a version's paragraphs as built, as JSON data (the headings above them follow from the levels)."""
    return {"format": 1, "paragraphs": [[p.level, p.text, p.source] for p in paragraphs]}


def from_json(data: Any) -> tuple[BuiltParagraph, ...] | None:
    """Return paragraphs written by `to_json`, or None if `data` is not such a record."""
    try:
        if data["format"] != 1:
            return None
        rows = [(None if level is None else int(level), str(text), str(source)) for level, text, source in data["paragraphs"]]
        headings = under_headings([(level, text) for level, text, _ in rows])
        return tuple(BuiltParagraph(text, heading, level, source) for (level, text, source), heading in zip(rows, headings, strict=True))
    except (KeyError, TypeError, ValueError):
        return None
