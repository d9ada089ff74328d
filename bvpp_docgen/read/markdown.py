"""Read narrative snippets (Markdown or Word) into Narrative blocks, with `[[fact]]` references filled.

A snippet is data: its text is never evaluated as a template. The only thing replaced
is a fact reference such as `[[meetings.topic-group.date]]` (see core/facts.py), filled
on the parsed model so that a fact's value is never read as Markdown. Write `\\[[` for a
literal `[[`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..core.facts import LITERAL_BRACKET, Fact, fill_facts
from ..core.narrative import Block, Narrative, Paragraph, Picture, Span, Table, blocks_from_json, blocks_to_json
from ..core.safety import image_problem, link_problem
from ..core.text import sanitize_text
from ..errors import InputError, Location, Notice, raise_all
from ..store.cache import Cache
from ..store.confine import Confinement
from .snippet_kinds import check_docx_bytes, other_kind

# A vertical tab or form feed is a line break the author typed; Markdown would fold it
# into a space, so carry it through the parser as a character no author writes.
_LINE_BREAK_MARK = "\ufdd0"
SUFFIXES = (".docx", ".md")


def read_snippet(
    path: Path,
    label: str,
    facts: Mapping[str, Fact],
    accept_changes: bool = False,
    cache: Cache | None = None,
    digest: str | None = None,
    confined: Confinement | None = None,
) -> tuple[Narrative, list[Notice]]:
    """Read the snippet at `path` (shown to users as `label`); return it, facts filled, and any warnings.

    A Word snippet read before (the same SHA-256 `digest`) comes from `cache`: python-docx
    need not open it. A Markdown snippet's images must resolve inside `confined` (default: its folder).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(other_kind(path), location=Location(label))
    if suffix == ".docx":
        check_docx_bytes(path, label)
        # "safe-1": entries cached before links and pictures were checked are read again; "places-1": before
        # each block's place was kept
        key = cache.key(digest, str(accept_changes), "safe-1", "places-1") if cache else None
        cached = cache.get("word", key) if cache else None
        if cached is not None:
            narrative = Narrative(source=label, blocks=blocks_from_json(cached["blocks"]))
            messages, places = list(cached["warnings"]), list(cached["places"])
        else:
            from .word import read_word_snippet

            snippet = read_word_snippet(path, label, accept_changes)
            narrative, messages, places = snippet.narrative, snippet.warnings, list(snippet.places)
            if cache:
                cache.put("word", key, {"blocks": blocks_to_json(narrative.blocks), "warnings": messages, "places": places})
        notices = [Notice(message, Location(label)) for message in messages]
        return fill_facts(narrative, facts, lambda index, _: places[index] if index < len(places) else None), notices
    narrative, line_of = _read_markdown(path, label, confined or Confinement(path.parent))
    return fill_facts(narrative, facts, line_of), []


def _read_markdown(path: Path, label: str, confined: Confinement) -> tuple[Narrative, Callable[[int, str], int | None]]:
    """Read a Markdown snippet; return it (facts not yet filled) and where each block's text is."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read snippet: {exc.strerror}", location=Location(label)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        raise InputError(msg, location=Location(label)) from None
    source = sanitize_text(text.replace("\x0b", _LINE_BREAK_MARK).replace("\x0c", _LINE_BREAK_MARK))
    errors: list[InputError] = []

    def place(text: str) -> Location:
        """Return the snippet and the first line that holds `text`."""
        line = next((n for n, held in enumerate(source.split("\n"), 1) if text in held), None)
        return Location(label, line=line)

    def load_image(src: str, alt: str) -> Picture | None:
        """Read an image the snippet names, relative to the snippet's folder; never fetch one."""
        where = place(src)
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not re.match(r"[a-zA-Z]:[\\/]", src):
            errors.append(InputError(f"image {src!r} is not a local file; remote images are not fetched", location=where))
            return None
        try:
            target = confined.resolve(path.parent / src, where, "image", shown=src)
        except InputError as exc:
            errors.append(exc)
            return None
        if not target.is_file():
            errors.append(InputError(f"image {src!r} not found (looked for {target.name} beside the snippet)", location=where))
            return None
        data = target.read_bytes()
        problem = image_problem(data, f"image {src!r}")
        if problem:
            errors.append(InputError(problem, location=where))
            return None
        return Picture(data, alt, 0, 0)

    def check_link(href: str) -> bool:
        """Return whether a link may go into a paper; note the refusal if not."""
        problem = link_problem(href)
        if problem:
            errors.append(InputError(problem, location=place(href)))
        return problem is None

    parsed = _Blocks(_tokens(source, all_links=True), load_image, escapes=True, check_link=check_link)
    raise_all(errors)
    lines = source.split("\n")

    def line_of(index: int, reference: str) -> int | None:
        """Return the first line of block `index` that holds `reference`, else the block's first line."""
        first, end = parsed.lines[index]
        found = next((n for n in range(first, end) if reference in lines[n]), first)
        return found + 1

    return Narrative(source=label, blocks=tuple(parsed.blocks)), line_of


def _tokens(source: str, all_links: bool = False) -> list[Any]:
    from markdown_it import MarkdownIt  # deferred: only builds that read Markdown pay for it

    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable("text_join")
    if all_links:  # markdown-it keeps a javascript: link as plain text; let it through so it is refused, named
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser.parse(source)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation


def parse_markdown(source: str, load_image: Callable[[str, str], Picture | None] | None = None) -> tuple[Block, ...]:
    """Parse CommonMark (with tables, without raw HTML) into blocks; images via `load_image`."""
    return tuple(_Blocks(_tokens(source), load_image).blocks)


class _Blocks:
    """Walk markdown-it's token stream and collect blocks."""

    def __init__(
        self, tokens: list[Any], load_image: Callable[[str, str], Picture | None] | None, escapes: bool = False,
        check_link: Callable[[str], bool] | None = None,
    ) -> None:
        self.load_image = load_image
        self.check_link = check_link
        self.escapes = escapes  # keep an escaped `[` as LITERAL_BRACKET, for fact filling
        self.blocks: list[Block] = []
        self.lines: list[tuple[int, int]] = []  # each block's source lines, 0-based [first, end)
        self._map: tuple[int, int] = (0, 0)
        self._lists: list[tuple[str, int]] = []  # (kind, list number) per open list
        self._list_count = 0
        self._heading = 0
        self._rows: list[tuple[tuple[Span, ...], ...]] | None = None
        self._row: list[tuple[Span, ...]] = []
        self._header_rows = 0
        self._align: list[str | None] = []
        for token in tokens:
            self._take(token)

    def _take(self, token: Any) -> None:
        kind = token.type
        if token.map and (self._rows is None or kind == "table_open"):
            self._map = (token.map[0], token.map[1])
        if kind in ("bullet_list_open", "ordered_list_open"):
            self._list_count += 1
            self._lists.append(("bullet" if kind == "bullet_list_open" else "number", self._list_count))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self._lists.pop()
        elif kind == "heading_open":
            self._heading = int(token.tag[1:])
        elif kind == "heading_close":
            self._heading = 0
        elif kind == "table_open":
            self._rows, self._header_rows, self._align = [], 0, []
        elif kind == "th_open":
            style = str(token.attrs.get("style", ""))
            self._align.append(style.removeprefix("text-align:") or None)
        elif kind == "tr_close" and self._rows is not None:
            self._rows.append(tuple(self._row))
            self._row = []
        elif kind == "thead_close" and self._rows is not None:
            self._header_rows = len(self._rows)
        elif kind == "table_close" and self._rows is not None:
            self._add(Table(tuple(self._rows), self._header_rows, tuple(self._align)))
            self._rows = None
        elif kind == "inline":
            self._inline(_spans(token.children or [], self.load_image, self.escapes, self.check_link))
        elif kind in ("fence", "code_block"):
            self._inline((Span(token.content.rstrip("\n")),))

    def _inline(self, spans: tuple[Span, ...]) -> None:
        if self._rows is not None:
            self._row.append(spans)
        elif self._heading:
            self._add(Paragraph(spans, kind="heading", level=self._heading))
        elif self._lists:
            list_kind, number = self._lists[-1]
            self._add(Paragraph(spans, kind=list_kind, level=len(self._lists) - 1, list_no=number))  # type: ignore[arg-type]
        else:
            self._add(Paragraph(spans))

    def _add(self, block: Block) -> None:
        self.blocks.append(block)
        self.lines.append(self._map)


def _spans(
    children: list[Any], load_image: Callable[[str, str], Picture | None] | None = None, escapes: bool = False,
    check_link: Callable[[str], bool] | None = None,
) -> tuple[Span, ...]:
    """Turn inline tokens into spans, merging neighbours that look the same."""
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    for child in children:
        kind = child.type
        text = ""
        if kind in ("text", "code_inline"):
            text = child.content
        elif kind == "text_special":  # a backslash escape or an entity
            text = LITERAL_BRACKET if escapes and child.markup == "\\[" else child.content
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        elif kind == "image":
            alt = _ESCAPED.sub(r"\1", child.content)  # the alt text as written, its backslash escapes resolved
            picture = load_image(str(child.attrs.get("src", "")), alt) if load_image else None
            if picture is not None:
                spans.append(Span("", picture=picture))
                continue
            text = child.content
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            href = href if check_link is None or check_link(href) else None
        elif kind == "link_close":
            href = None
        if text:
            span = Span(text.replace(_LINE_BREAK_MARK, "\n"), bold=bold > 0, italic=italic > 0, href=href)
            if spans and spans[-1].picture is None and (spans[-1].bold, spans[-1].italic, spans[-1].href) == (span.bold, span.italic, span.href):
                spans[-1] = Span(spans[-1].text + span.text, span.bold, span.italic, span.href)
            else:
                spans.append(span)
    return tuple(spans)
