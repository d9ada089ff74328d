"""WordprocessingML for narrative blocks: the narrative model written as `w:p` and `w:tbl` strings."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from ..core.narrative import Chart, Contents, Narrative, Note, Paragraph, Picture, SectionBreak, Span, Table
from ..ooxml.marks import W15_NS, bookmark_name
from ..ooxml.ns import R_NS, W_NS
from .rows import slot
from .tables import DECLARE as _DECLARE
from .tables import Held, WrittenTables, covered, plain_text, table_key, table_pieces
from .tables import attr as _attr
from .tables import text as _text

TABLE_STYLE = "Council Table"
TABLE_TEXT = "Table Text"  # optional: table cells fall back to Normal
TOC_STYLE = "toc {level}"  # Word's built-in names for the contents list's entries
NOTE_STYLES = {"footnote text": "FootnoteText", "footnote reference": "FootnoteReference"}  # Word's names and ids


def style_for(paragraph: Paragraph, heading_base: int) -> str:
    """Return the house style name a narrative paragraph takes."""
    if paragraph.kind == "heading":
        return f"Heading {min(heading_base + paragraph.level, 9)}"
    if paragraph.kind == "note":
        return "Table Note"
    if paragraph.kind == "caption":
        return "Caption"
    if paragraph.kind in ("bullet", "number"):
        name = "List Bullet" if paragraph.kind == "bullet" else "List Number"
        return name if paragraph.level == 0 else f"{name} {min(paragraph.level + 1, 3)}"
    return "Normal"


class NarrativeWriter:
    """Write narrative blocks as paragraphs and tables of one document.

    `style_ids` maps style names to the document's style ids; `new_numbering(style_id)`
    returns a fresh list instance for a numbered style, so every list restarts at 1;
    `link_id(url)` returns a relationship id for a hyperlink; `picture_xml(picture)` adds
    an image to the document and returns its `w:drawing`; `chart_xml(chart)` likewise for a chart.
    With `defer_rows`, the inner rows of a large table (all but its first and last) are kept in
    `deferred` and written as a placeholder row, for the renderer to splice back (rows.py).
    `tables` keeps large tables as written, for the other papers of the same load (tables.py).
    """

    def __init__(
        self,
        style_ids: Mapping[str, str],
        new_numbering: Callable[[str], str | None],
        link_id: Callable[[str], str],
        picture_xml: Callable[[Picture], str] = lambda picture: "",
        first_note_id: int = 1,
        chart_xml: Callable[[Chart], str] = lambda chart: "",
        defer_rows: bool = False,
        tables: WrittenTables | None = None,
    ) -> None:
        self._chart_xml = chart_xml
        self._defer_rows = defer_rows
        self.deferred: list[str] = []  # rows held out of the written XML, each in place of a `slot(n)` placeholder
        self._held: list[tuple[Table, int, int, int]] = []  # each one's table, first row, row after, columns
        self._style_ids = style_ids
        self._new_numbering = new_numbering
        self._link_id = link_id
        self._picture_xml = picture_xml
        self._next_note = first_note_id
        self.footnotes: list[str] = []  # the `w:footnote` elements the written text refers to, in order
        self.note_styles_missing: set[str] = set()  # footnote styles the document must be given
        self.marks: list[tuple[str, str]] = []  # (bookmark, tag) of every marked region, in the order written
        self._in_note = False
        self._heads: dict[tuple[str | None, str | None], str] = {}  # a cell paragraph's start, by style and alignment
        self._tables = tables
        self._cells: dict[tuple[int, str | None, str | None], tuple[tuple[Span, ...], str]] = {}  # by the spans' identity
        self._lines: dict[int, tuple[tuple[Span, ...], str]] = {}  # each held cell's text on one line, likewise
        self._effects = 0  # spans written that numbered or registered something: a table holding one is not kept

    def _note_style(self, name: str) -> str:
        """Return the id of a footnote style: the template's own, else Word's id (noted, to be added)."""
        found = self._style_ids.get(name) or self._style_ids.get(name.title())
        if found:
            return found
        self.note_styles_missing.add(name)
        return NOTE_STYLES[name]

    def xml(self, narrative: Narrative) -> str:
        """Return the blocks of `narrative` as a string of `w:p`/`w:tbl` elements.

        Each run of blocks of one origin (a snippet, or generated content) is wrapped in a
        hidden content control tagged with it, holding a bookmark over the same blocks.
        """
        numbering: dict[int, str | None] = {}
        parts: list[str] = []
        run: list[str] = []  # the blocks of the region being gathered
        origin = ""

        def close() -> None:
            if run:
                parts.append(self._region(origin, run) if origin else "".join(run))
                run.clear()

        for block in narrative.blocks:
            if isinstance(block, Contents | SectionBreak):  # never inside a region: the TOC and page set-up find them
                close()
                origin = ""
                parts.append(self._contents(narrative.heading_base, block.depth) if isinstance(block, Contents)
                             else section_break_marker(block.landscape))
                continue
            if block.origin != origin:
                close()
                origin = block.origin
            if isinstance(block, Table):
                run.append(self._table(block))
                continue
            style = self._style_ids[style_for(block, narrative.heading_base)]
            num_id = None
            if block.kind == "number":
                if block.list_no not in numbering:
                    numbering[block.list_no] = self._new_numbering(style)
                num_id = numbering[block.list_no]
            indent = block.level if block.kind in ("bullet", "number") and block.level else 0
            keep = any(span.chart is not None for span in block.spans)  # a chart stays with its caption
            run.append(self._paragraph(block.spans, style, num_id, declare=True, indent=indent, keep=keep))
        close()
        return "".join(parts)

    def _mark(self, kind: str, value: str) -> tuple[str, str, str]:
        """Register a new marked region; return its bookmark start, end and content control properties."""
        number = sum(1 for _, tag in self.marks if tag.startswith(f"bvpp:{kind}:")) + 1
        name = bookmark_name(kind, number)
        tag = f"bvpp:{kind}:{value}"
        self.marks.append((name, tag))
        bookmark_id = MARK_BOOKMARK_IDS + len(self.marks)
        lock = '<w:lock w:val="sdtContentLocked"/>' if kind == "generated" else ""
        # the tag again as a gallery name: LibreOffice keeps a block content control of that type, and its gallery
        props = (f'<w:sdtPr><w:alias w:val="{_attr(_ALIASES[kind] + value)}"/><w:tag w:val="{_attr(tag)}"/>{lock}'
                 f'<w:docPartObj><w:docPartGallery w:val="{_attr(tag)}"/></w:docPartObj>'
                 '<w15:appearance w15:val="hidden"/></w:sdtPr>')
        return (f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>',
                f'<w:bookmarkEnd w:id="{bookmark_id}"/>', props)

    def _region(self, origin: str, blocks: list[str]) -> str:
        """Return `blocks` in a content control tagged `bvpp:<origin>`, a bookmark inside from first to last paragraph."""
        kind, _, value = origin.partition(":")
        start, end, props = self._mark(kind, value)
        first = blocks[0]
        opening = _PARAGRAPH_START.search(first)
        assert opening is not None  # every block holds a paragraph: a table's cells each hold one
        at = opening.end()
        if first.startswith("<w:pPr>", at):
            at = first.index("</w:pPr>", at) + len("</w:pPr>")
        blocks = [first[:at] + start + first[at:], *blocks[1:]]
        closing = blocks[-1].rindex("</w:p>")
        blocks[-1] = blocks[-1][:closing] + end + blocks[-1][closing:]
        return f"<w:sdt {_DECLARE_MARKS}>{props}<w:sdtContent>{''.join(blocks)}</w:sdtContent></w:sdt>"

    def _contents(self, first: int, depth: int) -> str:
        """Return an empty TOC field over heading levels `first`.. ; the renderer fills it in.

        Below the top level it names the heading styles (`\\t`) rather than outline levels:
        LibreOffice ignores the lower bound of `\\o "2-3"`, and would list a covering report's
        own Heading 1 sections in its appendix's contents list.
        """
        style = self._style_ids.get(TOC_STYLE.format(level=1))
        ppr = f'<w:pPr><w:pStyle w:val="{_attr(style)}"/></w:pPr>' if style else ""
        if first == 1:
            switches = f'TOC \\o "1-{depth}" \\h \\z \\u'
        else:
            styles = ",".join(f"Heading {first + n},{n + 1}" for n in range(depth))
            switches = f'TOC \\h \\z \\t "{styles}"'
        return (
            f'<w:p {_DECLARE}>{ppr}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {switches} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )

    # Text is built as strings, not lxml elements: a 5,000-row table is a million nodes,
    # and the renderer parses the result strictly anyway.
    def _paragraph(
        self, spans: tuple[Span, ...], style_id: str | None, num_id: str | None = None,
        align: str | None = None, declare: bool = False, indent: int = 0, keep: bool = False,
    ) -> str:
        props = []
        if style_id:
            props.append(f'<w:pStyle w:val="{_attr(style_id)}"/>')
        if keep:
            props.append("<w:keepNext/>")
        if num_id:
            props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{_attr(num_id)}"/></w:numPr>')
        if indent:  # nested list items: the list styles' own indents may not step in
            props.append(f'<w:ind w:left="{360 + 360 * (indent + 1)}" w:hanging="360"/>')
        if align:
            props.append(f'<w:jc w:val="{align}"/>')
        head = f"<w:p {_DECLARE}>" if declare else "<w:p>"
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        return f"{head}{ppr}{''.join(self._run(span) for span in spans)}</w:p>"

    def _run(self, span: Span) -> str:
        if span.href or span.note is not None or span.chart is not None or span.picture is not None or span.fact:
            self._effects += 1
        props = []
        if span.href and "Hyperlink" in self._style_ids:
            props.append(f'<w:rStyle w:val="{_attr(self._style_ids["Hyperlink"])}"/>')
        if span.bold:
            props.append("<w:b/>")
        if span.italic:
            props.append("<w:i/>")
        if span.highlight:
            props.append(f'<w:highlight w:val="{_attr(span.highlight)}"/>')
        if span.underline:
            props.append('<w:u w:val="single"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        if span.note is not None:
            return self._footnote(span.note)
        if span.chart is not None:
            content = self._chart_xml(span.chart)
        elif span.picture is not None:
            content = self._picture_xml(span.picture)
        else:
            lines = [f'<w:t xml:space="preserve">{_text(line)}</w:t>' if line else "" for line in span.text.split("\n")]
            content = "<w:br/>".join(lines)
        xml = f"<w:r>{rpr}{content}</w:r>"
        if span.href:
            xml = f'<w:hyperlink r:id="{_attr(self._link_id(span.href))}">{xml}</w:hyperlink>'
        if span.fact and not self._in_note:  # a bookmark only: python-docx's paragraph.text skips inline content controls
            start, end, _ = self._mark("fact", span.fact)
            return f"{start}{xml}{end}"
        return xml

    def _footnote(self, note: Note) -> str:
        """Return the reference mark of a footnote, and keep the note's text for the footnotes part.

        Word numbers the marks in the order they stand; the ids need only be unique in the paper.
        A link in a note shows its address in brackets (a note's links would need a part of their own).
        """
        note_id = self._next_note
        self._next_note += 1
        mark = f'<w:rPr><w:rStyle w:val="{_attr(self._note_style("footnote reference"))}"/></w:rPr>'
        text_style = self._note_style("footnote text")
        paragraphs = []
        for index, spans in enumerate(note.paragraphs or ((),)):
            shown = tuple(_link_as_text(s) for s in spans)
            self._in_note = True
            body = self._paragraph(shown, text_style)
            self._in_note = False
            if index == 0:  # the note's own number, then a space, as Word writes it
                at = body.index("</w:pPr>") + len("</w:pPr>")
                body = f'{body[:at]}<w:r>{mark}<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{body[at:]}'
            paragraphs.append(body)
        self.footnotes.append(f'<w:footnote w:id="{note_id}">{"".join(paragraphs)}</w:footnote>')
        return f'<w:r>{mark}<w:footnoteReference w:id="{note_id}"/></w:r>'

    def _cell(self, spans: tuple[Span, ...], style_id: str | None, align: str | None) -> str:
        """Return a table cell's paragraph: `_paragraph`'s, with plain text written the short way (a plan has 100,000)."""
        key = (id(spans), style_id, align)
        known = self._cells.get(key)
        if known is not None and known[0] is spans:
            return known[1]
        effects = self._effects
        xml = self._cell_xml(spans, style_id, align)
        if self._effects == effects:  # nothing numbered or registered: the same cell is written the same way again
            self._cells[key] = (spans, xml)
        return xml

    def _cell_xml(self, spans: tuple[Span, ...], style_id: str | None, align: str | None) -> str:
        head = self._heads.get((style_id, align))
        if head is None:
            head = self._heads[style_id, align] = self._paragraph((), style_id, align=align)[:-len("</w:p>")]
        runs = []
        for span in spans:
            if plain_text(span):
                runs.append(f'<w:r><w:t xml:space="preserve">{_text(span.text)}</w:t></w:r>')
            else:
                runs.append(self._run(span))
        return f"{head}{''.join(runs)}</w:p>"

    def _table(self, table: Table) -> str:
        style, text_style = self._style_ids.get(TABLE_STYLE), self._style_ids.get(TABLE_TEXT)
        describe = self._tables is not None and self._tables.describe
        key = table_key(table, style, text_style, self._defer_rows, describe)
        pieces = self._tables.get(key, table.rows) if key is not None and self._tables is not None else None
        if pieces is None:
            effects = self._effects
            pieces = table_pieces(table, style, text_style, self._cell, self._defer_rows, describe)
            if key is not None and self._tables is not None and self._effects == effects:
                self._tables.keep(key, table.rows, pieces)
        return "".join(piece if isinstance(piece, str) else self._hold(table, piece) for piece in pieces)

    def _hold(self, table: Table, held: Held) -> str:
        """Keep a run of a table's rows in `deferred`; return the placeholder row written in their place."""
        rows, first, after, columns, plain = held
        if plain is not None and self._tables is not None:
            self._tables.plain[rows] = plain
        self.deferred.append(rows)
        self._held.append((table, first, after, columns))
        return slot(len(self.deferred) - 1)

    def held_text(self, number: int) -> list[str]:
        """Return each cell's text in the `number`th deferred rows on one line, as the paper reads back (read/paper.py)."""
        table, first, after, columns = self._held[number]
        beside = covered(table)
        return [self._line(row[column] if column < len(row) else ())
                for index, row in enumerate(table.rows[first:after], first)
                for column in range(columns) if (index, column) not in beside]

    def _line(self, spans: tuple[Span, ...]) -> str:
        known = self._lines.get(id(spans))
        if known is None or known[0] is not spans:
            known = self._lines[id(spans)] = (spans, _cell_line(spans))
        return known[1]



_DECLARE_MARKS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w15="{W15_NS}"'
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")
_ALIASES = {"snippet": "", "fact": "Fact: ", "generated": "Generated: "}
MARK_BOOKMARK_IDS = 900000  # marks' bookmark ids start above any a template holds; the contents list's follow



def _cell_line(spans: tuple[Span, ...]) -> str:
    """Return a cell's text on one line as it reads back: a note's mark, a chart or a picture is no text; a break is a space."""
    return " ".join("".join([s.text for s in spans if s.note is None and s.chart is None and s.picture is None]).split())



def _link_as_text(span: Span) -> Span:
    if span.href is None:
        return span
    shown = span.text if span.href in span.text else f"{span.text} ({span.href})"
    return replace(span, text=shown, href=None)


def section_break_marker(landscape: bool) -> str:
    """Return a paragraph ending a section; the renderer completes it from the template's page setup."""
    orient = "landscape" if landscape else "portrait"
    return f'<w:p {_DECLARE}><w:pPr><w:sectPr><w:pgSz w:orient="{orient}"/></w:sectPr></w:pPr></w:p>'


