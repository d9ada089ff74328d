"""Plain data the pure core works on: narrative as blocks of styled text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

ParagraphKind = Literal["body", "heading", "bullet", "number"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with the author's emphasis; `\\n` inside is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: body text, a heading (level 1 = top of the snippet) or a list item."""

    spans: tuple[Span, ...]
    kind: ParagraphKind = "body"
    level: int = 0  # heading level from 1; list nesting depth from 0
    list_no: int = 0  # which list of the snippet the item belongs to, so numbering restarts


@dataclass(frozen=True, slots=True)
class Table:
    """A table of cells, each a sequence of spans; the first `header_rows` rows are headers."""

    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    header_rows: int = 1
    align: tuple[str | None, ...] = ()  # per column: "left", "center", "right" or None


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Narrative:
    """A snippet's content, placed under a heading of level `heading_base`."""

    source: str
    blocks: tuple[Block, ...]
    heading_base: int = 1
    facts: tuple[str, ...] = ()  # the `[[fact]]` names it uses, in order

    def under(self, heading_base: int) -> Narrative:
        """Return the same narrative placed under a heading of level `heading_base`."""
        return replace(self, heading_base=heading_base)
