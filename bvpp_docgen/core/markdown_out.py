"""Narrative blocks written back as CommonMark, as `read/markdown.py` reads it. Pure.

Headings, paragraphs, bullet and numbered lists (nested), bold, italic, links, line breaks and
tables (with their header row and column alignment), pictures as `![alt text](file)` (the file's
name given by the caller, who writes it). A fact is written as its reference `[[name]]`, never as
its text. Every character Markdown would read as markup is escaped; a `[`
is written `\\[`, so no text can open a fact reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .narrative import Block, Paragraph, Picture, Span, Table

PictureName = Callable[[Picture], str]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|!])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def to_markdown(blocks: tuple[Block, ...], picture_name: PictureName | None = None) -> str:
    """Return `blocks` as a Markdown snippet (ending in one newline); `picture_name` names each picture's file
    (without it, pictures are left out)."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, Table):
            text = _table(block)
        elif isinstance(block, Paragraph):
            text = _paragraph(block, picture_name)
        else:
            continue
        together = (isinstance(previous, Paragraph) and isinstance(block, Paragraph)
                    and previous.kind in ("bullet", "number") and block.kind in ("bullet", "number")
                    and (block.level > 0 or previous.kind == block.kind))
        if out:
            out.append("\n" if together else "\n\n")
        out.append(text)
        previous = block
    return "".join(out) + "\n" if out else ""


def _paragraph(block: Paragraph, picture_name: PictureName | None) -> str:
    text = inline(block.spans, picture_name)
    if block.kind == "heading":
        return f"{'#' * max(1, min(block.level, 6))} {text.replace(chr(10), ' ')}"
    if block.kind in ("bullet", "number"):
        marker = "-" if block.kind == "bullet" else "1."
        indent = "    " * block.level
        return f"{indent}{marker} " + text.replace("\n", "\n" + indent + " " * (len(marker) + 1))
    return text


def _table(table: Table) -> str:
    width = max((len(row) for row in table.rows), default=0)
    rows = [[inline(tuple(Span(s.text.replace("\n", " "), False if n < table.header_rows else s.bold, s.italic, s.href, fact=s.fact)
                          for s in cell)) for cell in row] + [""] * (width - len(row))
            for n, row in enumerate(table.rows)]
    if not rows:
        return ""
    align = list(table.align) + [None] * width
    rule = ["---:" if align[c] == "right" else ":---:" if align[c] == "center" else "---" for c in range(width)]
    lines = [rows[0], rule, *rows[1:]]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def inline(spans: tuple[Span, ...], picture_name: PictureName | None = None) -> str:
    """Return spans as Markdown inline text: emphasis, links, facts as `[[name]]`, hard line breaks, pictures."""
    out: list[str] = []
    index = 0
    while index < len(spans):
        href = spans[index].href
        group = []
        while index < len(spans) and spans[index].href == href:
            group.append(spans[index])
            index += 1
        body = "".join(_picture(s.picture, picture_name) if s.picture else _emphasised(s) for s in group)
        out.append(f"[{body}](<{href}>)" if href else body)
    text = "".join(out)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                           else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text, count=1)


def _picture(picture: Picture, picture_name: PictureName | None) -> str:
    if picture_name is None:
        return ""
    alt = _SPECIAL.sub(r"\\\1", " ".join(picture.alt.split()))
    return f"![{alt}](<{picture_name(picture)}>)"


def _emphasised(span: Span) -> str:
    if span.fact:
        core = f"[[{span.fact}]]"
    else:
        core = _SPECIAL.sub(r"\\\1", span.text).replace("\n", "\\\n").replace("\t", " ")
    if not (span.bold or span.italic) or not core.strip():
        return core
    stripped = core.strip(" ")
    lead, trail = core[: len(core) - len(core.lstrip(" "))], core[len(core.rstrip(" ")):]
    mark = "***" if span.bold and span.italic else "**" if span.bold else "*"
    return f"{lead}{mark}{stripped}{mark}{trail}"
