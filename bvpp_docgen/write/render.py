"""Render a docxtpl template with a context: sandboxed, escaped, strict, byte-stable.

The only module that imports docxtpl and Jinja. Every rendered part is re-parsed
strictly, so text can never be lost silently; a missing value is an error naming the
template and the tag, never an empty gap.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap as docx_nsmap
from docxtpl import DocxTemplate
from lxml import etree

from ..core.narrative import Narrative, Picture
from ..errors import DocgenError, Location, TemplateError
from ..ooxml.marks import add_marks
from ..ooxml.ns import NS, RT_FOOTNOTES, fromstring, w, xpath
from ..ooxml.package import Package, custom_properties_xml
from ..ooxml.styles import Styles
from ..ooxml.wml import (
    CT_FOOTNOTES,
    abstract_num_id,
    add_restarting_numbering,
    declare_footnote_separators,
    footnotes_xml,
    last_note_id,
)
from .charts import add_chart
from .contents import fill_contents
from .narrative import NOTE_STYLES, TABLE_TEXT, NarrativeWriter
from .page_setup import complete_sections
from .rows import SLOT, Paragraphs, hidden_size, read_back, restore, splice
from .tables import WrittenTables
from .template_env import BoundedEnvironment, BoundError

# docxcompose (imported by docxtpl) rebinds python-docx's "cp" prefix to the custom-properties
# namespace, so setting core properties writes duplicates Word rejects (docxcompose #101).
docx_nsmap["cp"] = NS["cp"]

TEXT_WIDTH_EMU = 17 * 360000  # A4 less 2 cm margins
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_XML_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Properties:
    """Core document properties written into every paper."""

    title: str
    subject: str
    author: str
    keywords: str
    created: dt.datetime
    version: int
    document: str


class _Markup:
    """Ready-made WordprocessingML for a `{{p ... }}` tag; Jinja inserts it unescaped."""

    def __init__(self, xml: str) -> None:
        self._xml = xml

    def __html__(self) -> str:
        return self._xml

    def __str__(self) -> str:
        return self._xml


class _StrictTemplate(DocxTemplate):
    """A DocxTemplate that raises TemplateError instead of recovering or leaving gaps."""

    def __init__(self, path: Path, label: str) -> None:
        super().__init__(str(path))
        self.label = label
        self.deferred: list[str] = []  # table rows the body holds as placeholders (rows.py)

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        """Render one part; unlike docxtpl's, never rewrite `{_{` in data; parse the result strictly."""
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        dst_xml = self._render_bounded(src_xml, context, jinja_env, part)
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        if any(char in dst_xml for char in "\n\t\a\f"):  # only values with breaks need it
            dst_xml = self.resolve_listing(dst_xml)
        if part is not self.docx._part:  # headers and footers; the body is parsed in fix_tables
            self._parse_strictly(dst_xml, part)
        return dst_xml

    def _render_bounded(self, src_xml: str, context: dict[str, Any], jinja_env: Any, part: Any) -> str:
        """Render one part's source within the environment's bounds; every failure is an error at its tag."""
        try:
            return str(jinja_env.render_part(jinja_env.compile_part(src_xml), context))
        except jinja2.TemplateSyntaxError as exc:
            raise self._error(f"template syntax error: {exc.message}", src_xml, exc.lineno, part) from None
        except jinja2.UndefinedError as exc:
            raise self._undefined(exc, src_xml, context, part) from None
        except jinja2.exceptions.SecurityError as exc:
            raise self._error(f"refused unsafe template code: {exc}", src_xml, _template_line(exc.__traceback__), part) from None
        except BoundError as exc:
            raise self._error(exc.message, src_xml, exc.lineno or _template_line(exc.__traceback__), part) from None
        except RecursionError as exc:
            msg = "the template calls a macro within itself without end"
            raise self._error(msg, src_xml, _template_line(exc.__traceback__), part) from None
        except MemoryError as exc:
            msg = "rendering the template ran out of memory (look for a value or loop that grows too large)"
            raise self._error(msg, src_xml, _template_line(exc.__traceback__), part) from None
        except DocgenError:
            raise
        except Exception as exc:  # what template code can raise is open-ended: 1/0, int('x'), ...
            msg = f"the template failed here ({type(exc).__name__}: {exc})"
            raise self._error(msg, src_xml, _template_line(exc.__traceback__), part) from None

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """Render the core properties as docxtpl does, within the same bounds (title etc. are set after)."""
        for prop in ("author", "comments", "identifier", "language", "subject", "title"):
            initial = getattr(self.docx.core_properties, prop)
            setattr(self.docx.core_properties, prop, self._render_bounded(initial, context, jinja_env, self.docx._part))

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        """Render the body, noting whether the template loops over table columns."""
        xml = self.get_xml()
        self._column_loops = bool(re.search(r"\{%-?\s*tc\s", _XML_TAG.sub("", xml)))
        return self.render_xml_part(self.patch_xml(xml), self.docx._part, context, jinja_env)

    def fix_tables(self, xml: str) -> Any:
        """Parse the rendered body once, strictly, as part of a whole new document element.

        docxtpl re-parses with a recovering parser (which drops what it cannot read) and
        then moves every node into the document, reconciling namespaces one by one:
        minutes for a large table. One strict parse of the spliced document is linear.
        """
        from docx.oxml.parser import parse_xml

        if self._column_loops:  # `{%tc %}` loops need docxtpl's grid repair, on every row
            xml = restore(xml, self.deferred)
            self._parse_strictly(xml, self.docx._part)
            xml = etree.tostring(super().fix_tables(xml), encoding="unicode")
        old = etree.tostring(self.docx._part._element, encoding="unicode")
        start = old.index("<w:body")
        end = old.index("</w:body>", start) + len("</w:body>") if "</w:body>" in old else old.index("/>", start) + 2
        try:
            self._rendered = parse_xml(old[:start] + xml + old[end:])
        except etree.XMLSyntaxError as exc:
            if SLOT.search(xml):  # the message names a line and column: those of the whole body
                self.deferred, xml = [], restore(xml, self.deferred)
                return self.fix_tables(xml)
            raise TemplateError(f"rendering produced malformed XML in the body: {exc}", location=Location(self.label)) from None
        return self._rendered.body

    def fix_docpr_ids(self, tree: Any) -> None:
        """Renumber drawing ids as docxtpl does (its own call trips on python-docx elements)."""
        for element in xpath(tree, "//wp:docPr"):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: Any) -> None:
        """Make the document parsed in fix_tables the document's element: nothing moves."""
        self.docx._part._element = self._rendered
        self.docx._element = self._rendered
        self.docx._Document__body = None

    def _parse_strictly(self, xml: str, part: Any) -> None:
        try:
            fromstring(xml)
        except etree.XMLSyntaxError as exc:
            msg = f"rendering produced malformed XML in {part.partname}: {exc}"
            raise TemplateError(msg, location=Location(self.label)) from None

    def _undefined(self, exc: jinja2.UndefinedError, src_xml: str, context: Mapping[str, Any], part: Any) -> TemplateError:
        message = str(exc.message)
        top = re.fullmatch(r"'(.+)' is undefined", message)
        attr = re.fullmatch(r"'.+' (?:object )?has no attribute '(.+)'", message)
        found = top or attr
        name = found.group(1) if found else message
        hint = ""
        if top:
            import difflib

            close = difflib.get_close_matches(name, list(context), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        return self._error(f"unknown variable {name!r}{hint}", src_xml, _template_line(exc.__traceback__), part, name)

    def _error(self, message: str, src_xml: str, line: int | None, part: Any, name: str | None = None) -> TemplateError:
        tag = _find_tag(src_xml, line, name)
        where = str(part.partname).rsplit("/", 1)[-1]
        if where != "document.xml":
            message += f" (in {where})"
        return TemplateError(message, location=Location(self.label, tag=tag))


def _template_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _find_tag(src_xml: str, line: int | None, name: str | None) -> str | None:
    """Return the template tag at `line` that mentions `name` (or the first tag there)."""
    lines = src_xml.splitlines()
    if line is None or not 0 < line <= len(lines):
        candidates = [t for t in _TAG.findall(_XML_TAG.sub("", src_xml)) if name and re.search(rf"\b{re.escape(name)}\b", t)]
        return candidates[0] if candidates else None
    text = _XML_TAG.sub("", lines[line - 1])
    tags = _TAG.findall(text)
    for tag in tags:
        if name is None or re.search(rf"\b{re.escape(name)}\b", tag):
            return tag
    return tags[0] if tags else (text.strip()[:60] or None)


def make_environment() -> BoundedEnvironment:
    """Return the Jinja environment every template renders in: sandboxed, bounded, strict, escaping."""
    return BoundedEnvironment()


def render_document(template: Path, label: str, context: Mapping[str, Any], properties: Properties, *,
                    read: list[Paragraphs | None] | None = None, held: list[str] | None = None,
                    tables: WrittenTables | None = None) -> bytes:
    """Render `template` (shown as `label`) with `context`; return the .docx bytes (`read`, `held`: rows.py; `tables`: tables.py)."""
    tpl = _open(template, label)
    document = tpl.docx
    style_ids = _StyleIds({s.name: s.style_id for s in document.styles}, label)
    styles = Styles(document.styles.element)  # rows are held out of the tree unless the contents list may list cells
    plain_cells = styles.style_heading_level(style_ids.get(TABLE_TEXT) or styles.defaults.get("paragraph")) is None
    writer = NarrativeWriter(
        style_ids=style_ids,
        new_numbering=lambda style_id: _restart_numbering(document, style_id),
        link_id=tpl.build_url_id,
        picture_xml=lambda picture: _picture_xml(document, picture),
        first_note_id=last_note_id(_footnotes_blob(document)) + 1,
        chart_xml=lambda chart: add_chart(document, chart), defer_rows=plain_cells, tables=tables,
    )
    tpl.deferred = writer.deferred = writer.deferred if held is None else held
    values = _with_markup(context, writer)
    environment = make_environment()
    environment.hidden_size = lambda text: hidden_size(text, writer.deferred)
    tpl.render(values, jinja_env=environment, autoescape=True)
    _lay_out(tpl.docx, styles)
    if writer.footnotes:
        _add_note_styles(tpl.docx, writer.note_styles_missing)
        declare_footnote_separators(tpl.docx.settings.element)
    _set_properties(tpl.docx, properties)
    _set_custom_properties(tpl.docx, {"BVPP Version": properties.version, "BVPP Document": properties.document})
    out = io.BytesIO()
    tpl.save(out)  # the body without its large tables' inner rows: they are spliced in below, never parsed
    package = Package.read(out.getvalue())
    del out
    if writer.footnotes:  # written after rendering: a note's text is never a template
        _add_footnotes(package, writer.footnotes)
    if writer.marks:  # where each region came from: docs/marks.md
        add_marks(package, writer.marks)
    if read is not None:
        read.append(read_back(package, writer.held_text))
    main = package.main_part()
    return package.write({main: splice(package.parts[main], writer.deferred)} if writer.deferred and held is None else None)


def _footnotes_blob(document: Any) -> bytes | None:
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT_FOOTNOTES), None)
    return part.blob if part is not None else None


def _add_footnotes(package: Package, notes: list[str]) -> None:
    """Add the snippets' footnotes to the rendered package: to the template's footnotes part, or a new one."""
    main = package.main_part()
    name = package.related(main, RT_FOOTNOTES) or "word/footnotes.xml"
    package.add_part(name, footnotes_xml(package.parts.get(name), notes), CT_FOOTNOTES, main, RT_FOOTNOTES)


def _add_note_styles(document: Any, missing: set[str]) -> None:
    """Give the paper Word's footnote styles when the template has none: small text, superscript mark."""
    styles = document.styles.element
    normal = next((s.style_id for s in document.styles if s.name == "Normal"), None)
    based = f'<w:basedOn w:val="{normal}"/>' if normal else ""
    xml = {
        "footnote text": f'<w:style w:type="paragraph" w:styleId="{NOTE_STYLES["footnote text"]}"><w:name w:val="footnote text"/>'
                         f'{based}<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" '
                         'w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
        "footnote reference": f'<w:style w:type="character" w:styleId="{NOTE_STYLES["footnote reference"]}">'
                              '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                              '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    }
    for name in sorted(missing):
        styles.append(fromstring(xml[name].replace("<w:style ", f'<w:style xmlns:w="{NS["w"]}" ', 1)))


def _lay_out(document: Any, styles: Styles) -> None:
    """Complete the section breaks and fill in the contents list, now that the body is whole."""
    body = document.element.body
    complete_sections(body)
    fill_contents(body, styles, document.styles.element)  # page numbers: at publish
    settings = document.settings.element
    for update in settings.findall(w("updateFields")):  # a template's own: Word would prompt every reader
        settings.remove(update)


def _open(template: Path, label: str) -> _StrictTemplate:
    tpl = _StrictTemplate(template, label)
    try:
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise TemplateError(f"not a readable Word .docx template ({exc})", location=Location(label)) from None
    return tpl


class _StyleIds(dict[str, str]):
    """Style name → id; a style the template lacks is the template author's to add."""

    def __init__(self, ids: Mapping[str, str], label: str) -> None:
        super().__init__(ids)
        self._label = label

    def __missing__(self, name: str) -> str:
        raise TemplateError(f"the template has no style {name!r}, which the narrative needs", location=Location(self._label))


def _restart_numbering(document: Any, style_id: str) -> str | None:
    style = document.styles.element.find(f"{w('style')}[@{w('styleId')}='{style_id}']")
    num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}") if style is not None else None
    if num is None:
        return None
    numbering = document.part.numbering_part.element
    abstract = abstract_num_id(numbering, num.get(w("val"), ""))
    return add_restarting_numbering(numbering, abstract) if abstract is not None else None


def _with_markup(value: Any, writer: NarrativeWriter) -> Any:
    """Replace every Narrative in the context with its WordprocessingML."""
    if isinstance(value, Narrative):
        return _Markup(writer.xml(value))
    if isinstance(value, Mapping):
        return {k: _with_markup(v, writer) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_with_markup(v, writer) for v in value]
    return value


def _set_properties(document: Any, props: Properties) -> None:
    core = document.core_properties
    core.title = props.title[:255]
    core.subject = props.subject[:255]
    core.author = props.author[:255]
    core.keywords = props.keywords[:255]
    core.last_modified_by = "bvpp-docgen"
    core.comments = ""
    core.revision = props.version
    core.version = str(props.version)
    core.language = "en-GB"
    core.created = props.created
    core.modified = props.created


def _set_custom_properties(document: Any, values: Mapping[str, str | int]) -> None:
    """Set custom document properties, which a template can show with a DOCPROPERTY field."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    existing = next((r.target_part for r in package.rels.values() if r.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES), None)
    blob = custom_properties_xml(existing.blob if existing is not None else None, values)
    if existing is not None:
        existing._blob = blob
    else:
        part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def _picture_xml(document: Any, picture: Picture) -> str:
    """Add a snippet's image to the document; return its `w:drawing` with the alt text kept."""
    inline = document.part.new_pic_inline(io.BytesIO(picture.data), width=picture.width or None,
                                         height=picture.height or None)
    inline.docPr.set("descr", picture.alt)
    if inline.extent.cx > TEXT_WIDTH_EMU:  # a picture at its own size may be wider than the page
        scale = TEXT_WIDTH_EMU / inline.extent.cx
        cx, cy = TEXT_WIDTH_EMU, int(inline.extent.cy * scale)
        inline.extent.cx, inline.extent.cy = cx, cy
        for ext in xpath(inline, ".//a:ext"):
            ext.set("cx", str(cx))
            ext.set("cy", str(cy))
    drawing = etree.Element(w("drawing"))
    drawing.append(inline)
    return etree.tostring(drawing, encoding="unicode")
