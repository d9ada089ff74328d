"""A paper's paragraphs read from its main part's bytes, without building the part's tree.

`scan_paragraphs` answers what `read/paper.py` answers from the parsed body (each paragraph's
heading level and its text on one line, a contents entry's text without its page number), for
the WordprocessingML bvpp writes itself: one `w:` prefix, no comments, CDATA or tracked changes,
no paragraph inside another, each paragraph's `w:pPr` its first child. On anything else it says
None and the caller parses the part. A 4,999-indicator plan holds some 116,000 paragraphs (each
table cell is one): their tree takes longer to build than this scan takes to read them all.

What it reads, it reads as the parser would: a `w:t`'s text is what follows its start tag up to
the next tag, with XML's five entities and character references; tabs and breaks read as a
space. Each distinct `w:pPr` is parsed once (with the part's namespace declarations) and its
heading level asked of `Styles`, so the heading rule stays the one in `ooxml/styles.py`; the
paragraphs of a contents list's result are parsed one by one and read by `ooxml/toc.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from operator import itemgetter

from lxml import etree

from .ns import W_NS, fromstring, w
from .styles import Styles
from .toc import FieldTracker, entry_text
from .wml import SETTLED

_S = b"[ \t\n]"  # XML's white space (a carriage return is refused before any pattern runs)
_ATTRIBUTES = rb"""(?:[ \t\n](?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+)?"""  # a start tag's attributes, quoted values whole
_DECLARATION = re.compile(rb"<\?xml[ \t\n][^>]*\?>")
_UTF8 = re.compile(rb"""encoding[ \t\n]*=[ \t\n]*["']utf-8["']""", re.IGNORECASE)
_ROOT = re.compile(_S + rb"*(<w:document" + _ATTRIBUTES + rb">)" + _S + rb"*<w:body>")
_END = re.compile(rb"</w:body>" + _S + rb"*</w:document>" + _S + rb"*\Z")
_W_PREFIX = re.compile(rb"xmlns:w[ \t\n]*=")
_W_DECLARED = re.compile(_S + rb"xmlns:w" + _S + rb"*=" + _S + rb"""*(["'])""" + re.escape(W_NS.encode()) + rb"\1")
_BODY_TAG = re.compile(rb"</?w:body[ \t\n/>]")
_SETTLED = re.compile(rb"<w:(?:" + "|".join(SETTLED).encode() + rb")[ \t\n/>]")
# a paragraph: 1 its start tag's attributes, 2 its w:pPr when that is its first child, 3 the rest up to its end tag
_PARAGRAPH = re.compile(
    rb"<w:p(" + _ATTRIBUTES + rb")(?:/>|>(<w:pPr" + _ATTRIBUTES + rb"(?:/>|>(?:[^<]++|<(?!/w:pPr>))*+</w:pPr>))?"
    rb"((?:[^<]++|<(?!/w:p>))*+)</w:p>)")
_TEXT = re.compile(rb"<w:t" + _ATTRIBUTES + rb">([^<]*+)")  # a w:t's text (not an empty w:t's)
_SPECIAL = re.compile(rb"<w:(?:tab|br|cr|p|pPr|fldChar|instrText)[ \t\n/>]")  # a paragraph whose text is not only its w:t's
_TOKEN = re.compile(rb"<w:(t|tab|br|cr|fldChar|instrText|p|pPr)(" + _ATTRIBUTES + rb")(/?)>([^<]*+)")
_ATTRIBUTE = re.compile(rb"""([^ \t\n=]+)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# what a w:pPr may not hold for its paragraph to be read here: text, fields, or another paragraph's marks
_NOT_IN_PPR = tuple(w(t) for t in ("p", "pPr", "t", "br", "cr", "fldChar", "instrText"))
_WINDOW = 1 << 20  # bytes of the part read at a time (to a paragraph's end), so that memory stays small
_END_TAG = b"</w:p>"


Held = tuple[int, int, Sequence[str]]  # a held stretch of a part: start, end, its paragraphs' texts


class _Declined(Exception):
    """The bytes are outside what the scan reads exactly: parse the part instead."""


def scan_paragraphs(data: bytes, styles: Styles, held: Sequence[Held] = ()) -> list[tuple[int | None, str]] | None:
    """Return a main part's paragraphs as `read/paper.py` reads them from its tree, or None to parse it.

    `held`: stretches of `data` (start, end, in order, each between paragraphs) that stand for
    paragraphs known without reading them: their texts on one line, none of them a heading.
    """
    try:
        return _scan(data, styles, held)
    except (_Declined, UnicodeDecodeError, etree.XMLSyntaxError, ValueError):
        return None


def _scan(data: bytes, styles: Styles, held: Sequence[Held]) -> list[tuple[int | None, str]]:
    at = 0
    declaration = _DECLARATION.match(data)
    if declaration:
        if b"encoding" in declaration.group() and not _UTF8.search(declaration.group()):
            raise _Declined
        at = declaration.end()
    root = _ROOT.match(data, at)
    end = _END.search(data)
    if (root is None or end is None or b"<!" in data or data.find(b"<?", at) >= 0 or b"\r" in data
            or data.count(W_NS.encode()) != 1 or len(_W_PREFIX.findall(data)) != 1 or not _W_DECLARED.search(root.group(1))):
        raise _Declined
    start, stop = root.end(), end.start()
    if _BODY_TAG.search(data, start, stop) or _SETTLED.search(data, start, stop):
        raise _Declined
    return _Reader(root.group(1), styles).read(data, start, stop, held)


class _Reader:
    """The paragraphs of a body, a window at a time: their heading levels, their text, their fields."""

    def __init__(self, root_tag: bytes, styles: Styles) -> None:
        self.root_tag = root_tag  # the part's start tag, with its namespace declarations
        self.styles = styles
        self.known: dict[bytes, int | None] = {}  # a paragraph's leading w:pPr as written -> its heading level
        self.levels: list[int | None] = []  # each paragraph's heading level
        self.lines: list[str] = []  # each paragraph's text on one line
        self.fields = FieldTracker()
        self.told = 0  # the paragraphs before this one have been shown to the field tracker
        self.counts = {b"fldChar": 0, b"instrText": 0}
        self.markup: dict[int, bytes] = {}  # the paragraphs that may be in a contents list's result
        self.known_lines = 0  # paragraphs taken from held stretches, not read

    def read(self, data: bytes, start: int, stop: int, held: Sequence[Held] = ()) -> list[tuple[int | None, str]]:
        """Return the paragraphs of the body `data[start:stop]`, each held stretch's in its place."""
        at = start
        for begin, end, lines in held:
            self._windows(data, at, begin)
            self._held(lines)
            at = end
        self._windows(data, at, stop)
        if held and sum(map(data.count, (b"<w:p>", b"<w:p ", b"<w:p/"))) != len(self.lines) - self.known_lines:
            raise _Declined  # a paragraph the windows did not read: one cut by a held stretch
        if (data.count(b"<w:fldChar", start, stop) != self.counts[b"fldChar"]
                or data.count(b"<w:instrText", start, stop) != self.counts[b"instrText"]):
            raise _Declined  # a field's mark outside the paragraphs read
        lines = self.lines
        for number in {number for listed in self.fields.found for number in listed}:  # contents entries
            paragraph = self._parse(self.markup[number])
            if paragraph.find(w("hyperlink")) is not None:
                lines[number] = entry_text(paragraph)
        return [(level, line) for level, line in zip(self.levels, lines, strict=True) if line]

    def _windows(self, data: bytes, start: int, stop: int) -> None:
        """Read the paragraphs of `data[start:stop]`, a window at a time."""
        at = start
        while at < stop:
            end = data.find(_END_TAG, min(at + _WINDOW, stop), stop)
            end = stop if end < 0 else end + len(_END_TAG)
            self._window(_PARAGRAPH.findall(data, at, end))
            at = end

    def _held(self, lines: Sequence[str]) -> None:
        """Take paragraphs known without reading them (not headings) in their place."""
        if self.fields.collecting:
            raise _Declined  # a contents list's result around them: not as bvpp writes it
        self.levels += [None] * len(lines)
        self.lines += lines
        self.known_lines += len(lines)
        self.told = len(self.lines)

    def _window(self, paragraphs: list[tuple[bytes, bytes, bytes]]) -> None:
        """Read a window's paragraphs, each `(start tag's attributes, leading w:pPr, the rest)`."""
        first, lines, known = len(self.lines), self.lines, self.known
        properties = list(map(itemgetter(1), paragraphs))
        for ppr in set(properties).difference(known):
            known[ppr] = self._level(ppr)
        self.levels += map(known.__getitem__, properties)
        contents = list(map(itemgetter(2), paragraphs))
        lines += map(_line, map(b"".join, map(_TEXT.findall, contents)))
        for at in [at for at, found in enumerate(map(_SPECIAL.search, contents)) if found]:  # tabs, breaks, fields
            self._tell(paragraphs, first, at + 1)
            self.markup[first + at] = b"<w:p%s>%s%s</w:p>" % paragraphs[at]
            lines[first + at] = _joined(self._tokens(contents[at], first + at))
        self._tell(paragraphs, first, len(paragraphs))

    def _tell(self, paragraphs: list[tuple[bytes, bytes, bytes]], first: int, until: int) -> None:
        """Show the field tracker the window's paragraphs not yet shown, up to `until` (they start in this order)."""
        if self.fields.collecting:
            for at in range(self.told - first, until):
                self.fields.paragraph(first + at)
                self.markup[first + at] = b"<w:p%s>%s%s</w:p>" % paragraphs[at]
        self.told = first + until

    def _tokens(self, content: bytes, number: int) -> list[str]:
        """Return the text parts of paragraph `number`, token by token (its fields go to the tracker)."""
        parts = []
        for name, attributes, empty, following in _TOKEN.findall(content):
            if name == b"t":
                parts.append("" if empty else _text(following))
            elif name == b"fldChar":
                self.counts[name] += 1
                kinds = [a or b for key, a, b in _ATTRIBUTE.findall(attributes) if key == b"w:fldCharType"]
                self.fields.fld_char(_text(kinds[0]) if kinds else None, number)
            elif name == b"instrText":
                self.counts[name] += 1
                self.fields.instruction("" if empty else _text(following))
            elif name in (b"p", b"pPr"):
                raise _Declined  # a paragraph inside another, or properties not first
            else:
                parts.append(" ")
        return parts

    def _level(self, ppr: bytes) -> int | None:
        """Return the heading level of a paragraph whose first child is this w:pPr (none: b"")."""
        paragraph = self._parse(b"<w:p>%s</w:p>" % ppr)
        if ppr and next(paragraph[0].iterdescendants(*_NOT_IN_PPR), None) is not None:
            raise _Declined
        return self.styles.heading_level(paragraph)

    def _parse(self, paragraph: bytes) -> etree._Element:
        """Parse one paragraph's markup in the part's namespaces; return the w:p."""
        return fromstring(b"%s<w:body>%s</w:body></w:document>" % (self.root_tag, paragraph))[0][0]


def _line(raw: bytes) -> str:
    """Return a paragraph's text (its w:t's character data run together) on one line."""
    return " ".join(_text(raw).split())


def _joined(parts: Iterable[str]) -> str:
    """Return text parts on one line, as `read/paper.py` reads a paragraph."""
    return " ".join("".join(parts).split())


def _text(raw: bytes) -> str:
    """Return character data as the parser gives it: XML's references replaced (a '&' starting none is not XML)."""
    text = raw.decode()
    if "&" not in text:
        return text
    if "&" in _REFERENCE.sub("", text):
        raise _Declined
    return _REFERENCE.sub(_character, text)


def _character(match: re.Match[str]) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _ENTITIES[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        raise _Declined
    return chr(code)
