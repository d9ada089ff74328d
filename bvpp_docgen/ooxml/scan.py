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
from collections.abc import Iterable
from operator import itemgetter

from lxml import etree

from .ns import W_NS, fromstring, w
from .styles import Styles
from .toc import FieldTracker, entry_text
from .wml import SETTLED

_S = "[ \t\n]"  # XML's white space (a carriage return is refused before any pattern runs)
_ATTRIBUTES = r"""(?:[ \t\n](?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+)?"""  # a start tag's attributes, quoted values whole
_DECLARATION = re.compile(r"<\?xml[ \t\n][^>]*\?>")
_UTF8 = re.compile(r"""encoding[ \t\n]*=[ \t\n]*["']utf-8["']""", re.IGNORECASE)
_ROOT = re.compile(rf"{_S}*(<w:document{_ATTRIBUTES}>){_S}*<w:body>")
_END = re.compile(rf"</w:body>{_S}*</w:document>{_S}*\Z")
_W_PREFIX = re.compile(r"xmlns:w[ \t\n]*=")
_W_DECLARED = re.compile(rf"""{_S}xmlns:w{_S}*={_S}*(["']){re.escape(W_NS)}\1""")
_BODY_TAG = re.compile(r"</?w:body[ \t\n/>]")
_SETTLED = re.compile(rf"<w:(?:{'|'.join(SETTLED)})[ \t\n/>]")
# a paragraph: 1 its start tag's attributes, 2 its w:pPr when that is its first child, 3 the rest up to its end tag
_PARAGRAPH = re.compile(
    rf"<w:p({_ATTRIBUTES})(?:/>|>(<w:pPr{_ATTRIBUTES}(?:/>|>(?:[^<]++|<(?!/w:pPr>))*+</w:pPr>))?((?:[^<]++|<(?!/w:p>))*+)</w:p>)")
_TEXT = re.compile(rf"<w:t{_ATTRIBUTES}>([^<]*+)")  # a w:t's text (not an empty w:t's)
_SPECIAL = re.compile(r"<w:(?:tab|br|cr|p|pPr|fldChar|instrText)[ \t\n/>]")  # what a paragraph's text is not only w:t's
_TOKEN = re.compile(rf"<w:(t|tab|br|cr|fldChar|instrText|p|pPr)({_ATTRIBUTES})(/?)>([^<]*)")
_ATTRIBUTE = re.compile(r"""([^ \t\n=]+)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# what a w:pPr may not hold for its paragraph to be read here: text, fields, or another paragraph's marks
_NOT_IN_PPR = tuple(w(t) for t in ("p", "pPr", "t", "br", "cr", "fldChar", "instrText"))


class _Declined(Exception):
    """The bytes are outside what the scan reads exactly: parse the part instead."""


def scan_paragraphs(data: bytes, styles: Styles) -> list[tuple[int | None, str]] | None:
    """Return a main part's paragraphs as `read/paper.py` reads them from its tree, or None to parse it."""
    try:
        return _scan(data, styles)
    except (_Declined, UnicodeDecodeError, etree.XMLSyntaxError, ValueError):
        return None


def _scan(data: bytes, styles: Styles) -> list[tuple[int | None, str]]:
    text = data.decode("utf-8")
    at = 0
    declaration = _DECLARATION.match(text)
    if declaration:
        if "encoding" in declaration.group() and not _UTF8.search(declaration.group()):
            raise _Declined
        at = declaration.end()
    root = _ROOT.match(text, at)
    end = _END.search(text)
    if (root is None or end is None or "<!" in text or text.find("<?", at) >= 0 or "\r" in text or text.count(W_NS) != 1
            or len(_W_PREFIX.findall(text)) != 1 or not _W_DECLARED.search(root.group(1))):
        raise _Declined
    body = text[root.end() : end.start()]
    if _BODY_TAG.search(body) or _SETTLED.search(body):
        raise _Declined
    return _Reader(root.group(1), styles).read(body)


class _Reader:
    """The paragraphs of a body: their heading levels, their text, their fields."""

    def __init__(self, root_tag: str, styles: Styles) -> None:
        self.root_tag = root_tag  # the part's start tag, with its namespace declarations
        self.styles = styles
        self.fields = FieldTracker()
        self.counts = {"fldChar": 0, "instrText": 0}

    def read(self, body: str) -> list[tuple[int | None, str]]:
        paragraphs = _PARAGRAPH.findall(body)  # (start tag's attributes, leading w:pPr, the rest)
        properties = list(map(itemgetter(1), paragraphs))
        levels = {ppr: self._level(ppr) for ppr in set(properties)}
        contents = list(map(itemgetter(2), paragraphs))
        lines = list(map(_line, map(_TEXT.findall, contents)))
        for number in [n for n, line in enumerate(lines) if "&" in line]:
            lines[number] = _line(map(_decode, _TEXT.findall(contents[number])))
        self._fields(contents, lines)  # the paragraphs with tabs, breaks or fields: read again, token by token
        if body.count("<w:fldChar") != self.counts["fldChar"] or body.count("<w:instrText") != self.counts["instrText"]:
            raise _Declined  # a field's mark outside the paragraphs read
        for number in {number for listed in self.fields.found for number in listed}:  # contents entries
            paragraph = self._parse("<w:p{}>{}{}</w:p>".format(*paragraphs[number]))
            if paragraph.find(w("hyperlink")) is not None:
                lines[number] = entry_text(paragraph)
        return [(level, line) for level, line in zip(map(levels.__getitem__, properties), lines, strict=True) if line]

    def _fields(self, contents: list[str], lines: list[str]) -> None:
        """Read the paragraphs holding tabs, breaks or fields token by token; follow the fields through them all."""
        fields, done = self.fields, 0
        for number in [n for n, found in enumerate(map(_SPECIAL.search, contents)) if found]:
            if fields.collecting:  # the paragraphs since the last one read here started in a field's result
                for started in range(done, number + 1):
                    fields.paragraph(started)
            lines[number] = _line(self._tokens(contents[number], number))
            done = number + 1
        if fields.collecting:
            for started in range(done, len(contents)):
                fields.paragraph(started)

    def _tokens(self, content: str, number: int) -> list[str]:
        """Return the text parts of paragraph `number` (its fields go to the tracker)."""
        parts = []
        for name, attributes, empty, following in _TOKEN.findall(content):
            if name == "t":
                parts.append("" if empty else _decode(following))
            elif name == "fldChar":
                self.counts[name] += 1
                found = [(a, b or c) for a, b, c in _ATTRIBUTE.findall(attributes) if a == "w:fldCharType"]
                self.fields.fld_char(_decode(found[0][1]) if found else None, number)
            elif name == "instrText":
                self.counts[name] += 1
                self.fields.instruction("" if empty else _decode(following))
            elif name in ("p", "pPr"):
                raise _Declined  # a paragraph inside another, or properties not first
            else:
                parts.append(" ")
        return parts

    def _level(self, ppr: str) -> int | None:
        """Return the heading level of a paragraph whose first child is this w:pPr (none: "")."""
        paragraph = self._parse(f"<w:p>{ppr}</w:p>")
        if ppr and next(paragraph[0].iterdescendants(*_NOT_IN_PPR), None) is not None:
            raise _Declined
        return self.styles.heading_level(paragraph)

    def _parse(self, paragraph: str) -> etree._Element:
        """Parse one paragraph's markup in the part's namespaces; return the w:p."""
        return fromstring(f"{self.root_tag}<w:body>{paragraph}</w:body></w:document>")[0][0]


def _line(parts: Iterable[str]) -> str:
    """Return text parts as one line, as `read/paper.py` reads a paragraph."""
    return " ".join("".join(parts).split())


def _decode(text: str) -> str:
    """Return text with XML's references replaced (a '&' that starts none is not XML: declined)."""
    decoded = _REFERENCE.sub(_character, text)
    if "&" in _REFERENCE.sub("", text):
        raise _Declined
    return decoded


def _character(match: re.Match[str]) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _ENTITIES[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        raise _Declined
    return chr(code)
