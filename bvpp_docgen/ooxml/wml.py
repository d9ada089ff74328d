"""WordprocessingML questions and edits answered once: on/off values, header rows, text,
tracked changes (accept and reject), numbering, settings.

Each rule lives here and nowhere else, so the snippet reader, the contents list, the
accessibility check and the redline engine cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from .ns import NS, R_NS, fromstring, w, xpath

OFF = frozenset(["0", "false", "off"])


def on_off(element: etree._Element | None) -> bool:
    """Return an ST_OnOff property's value: absent is off, present without w:val is on, "0/false/off" is off."""
    return element is not None and element.get(w("val"), "true").lower() not in OFF


def flag(parent: etree._Element | None, tag: str) -> bool:
    """Return the on/off property `tag` (such as "b" or "tblHeader") of a properties element."""
    return parent is not None and on_off(parent.find(w(tag)))


def is_header_row(tr: etree._Element) -> bool:
    """Tell whether a table row repeats as a header row (w:trPr/w:tblHeader, honouring w:val)."""
    return flag(tr.find(w("trPr")), "tblHeader")


def text_of(node: etree._Element, breaks: str | None = None) -> str:
    """Return the text under `node` (w:t, never deleted text); with `breaks`, tabs and breaks become it."""
    if breaks is None:
        return "".join([t.text or "" for t in node.iter(_T)])
    return "".join([(t.text or "") if t.tag == _T else breaks for t in node.iter(_T, *_BREAKS)])


_T, _BREAKS = w("t"), (w("tab"), w("br"), w("cr"))


def clone(element: etree._Element) -> etree._Element:
    """Return a deep copy of `element` that stands alone (its own namespace declarations)."""
    return fromstring(etree.tostring(element))


# --- tracked changes ------------------------------------------------------------------------

REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
             "trPrChange", "tcPrChange", "tblGridChange", "numberingChange")
_MARKS = (w("rPr"), w("trPr"), w("pPr"))  # a w:ins/w:del in these marks a paragraph mark or a row, not content
_MOVE_RANGES = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
_FORMAT_CHANGES = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                   "tblGridChange", "numberingChange")
SETTLED = (*REVISIONS, *_MOVE_RANGES)  # what accepting or rejecting tracked changes acts on: without them, nothing changes


def revision_counts(body: etree._Element) -> dict[str, int]:
    """Return how many of each kind of tracked change `body` holds (kinds with none left out)."""
    counts = {tag: sum(1 for _ in body.iter(w(tag))) for tag in REVISIONS}
    return {tag: n for tag, n in counts.items() if n}


def accept_revisions(body: etree._Element) -> None:
    """Accept every tracked change: the text as if every revision had been accepted in Word.

    Inserted content stays and deleted content goes; a deleted paragraph mark joins its
    paragraph to the next; a row deleted under tracked changes goes (a table left without
    rows goes with it); moves land at their destination; old formatting is dropped.
    """
    _settle(body, keep="ins", drop="del")


def reject_revisions(body: etree._Element) -> None:
    """Reject every tracked change: the text as if every revision had been rejected in Word."""
    _settle(body, keep="del", drop="ins")
    for change in xpath(body, " | ".join(f".//w:{tag}" for tag in _FORMAT_CHANGES)):
        _restore(change)
    for tag, old in (("delText", "t"), ("delInstrText", "instrText")):
        for node in list(body.iter(w(tag))):
            node.tag = w(old)


def _settle(body: etree._Element, keep: str, drop: str) -> None:
    """Settle every revision: content marked `keep` stays, content marked `drop` goes."""
    move_drop, move_keep = ("moveFrom", "moveTo") if drop == "del" else ("moveTo", "moveFrom")
    if next(body.iter(*(w(tag) for tag in SETTLED)), None) is None:  # nothing to settle: skip the searches
        return
    for mark in xpath(body, f".//w:pPr/w:rPr/w:{drop} | .//w:pPr/w:rPr/w:{move_drop}"):
        paragraph = mark.getparent().getparent().getparent()
        mark.getparent().remove(mark)
        _join_next(paragraph)
    for row in xpath(body, f".//w:tr[w:trPr/w:{drop}]"):
        table = row.getparent()
        table.remove(row)
        if table.tag == w("tbl") and table.find(w("tr")) is None and table.getparent() is not None:
            table.getparent().remove(table)
    gone = [drop, move_drop, *_MOVE_RANGES] + (list(_FORMAT_CHANGES) if drop == "del" else [])
    for node in xpath(body, " | ".join(f".//w:{tag}" for tag in gone)):
        if node.getparent() is not None:
            node.getparent().remove(node)
    for kept in xpath(body, f".//w:{keep} | .//w:{move_keep}"):
        parent = kept.getparent()
        if parent is None:
            continue
        if parent.tag in _MARKS:
            parent.remove(kept)
            continue
        at = parent.index(kept)
        for child in reversed(list(kept)):
            parent.insert(at, child)
        parent.remove(kept)


def _join_next(paragraph: etree._Element) -> None:
    """Join a paragraph whose mark is gone to the paragraph after it (which keeps its own properties)."""
    following = paragraph.getnext()
    if following is None or following.tag != w("p") or paragraph.getparent() is None:
        return
    at = 1 if following.find(w("pPr")) is not None else 0
    for child in reversed([c for c in paragraph if c.tag != w("pPr")]):
        following.insert(at, child)
    paragraph.getparent().remove(paragraph)


def _restore(change: etree._Element) -> None:
    """Put back the properties a w:*PrChange recorded, in place of the current ones."""
    parent = change.getparent()
    if parent is None:
        return
    old = change[0] if len(change) else None
    parent.remove(change)
    if etree.QName(change).localname == "numberingChange" or old is None:
        return
    keep = (w("rPr"), w("sectPr")) if parent.tag == w("pPr") else ()
    for child in [c for c in parent if c.tag not in keep]:
        parent.remove(child)
    for at, child in enumerate(list(old)):
        parent.insert(at, child)


# --- numbering ------------------------------------------------------------------------------


def abstract_num_id(numbering: etree._Element, num_id: str) -> str | None:
    """Return the abstract numbering a list instance (w:num) uses, or None."""
    found = xpath(numbering, f"string(w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val)")
    return found or None


def number_format(numbering: etree._Element | None, num_id: str, ilvl: int) -> str:
    """Return the w:numFmt of a list level ("bullet", "decimal", ...); "decimal" when unknown."""
    if numbering is None:
        return "decimal"
    abstract = abstract_num_id(numbering, num_id)
    fmt = xpath(numbering, f"string(w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='{ilvl}']/w:numFmt/@w:val)")
    return fmt or "decimal"


# CT_Settings is a sequence: `updateFields` (never set: papers open without a prompt) follows exactly these, in this order (ECMA-376 17.15.1.78).
_SETTINGS_BEFORE_UPDATE_FIELDS = frozenset(["writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace"])


def add_restarting_numbering(numbering: etree._Element, abstract_num_id: str) -> str:
    """Add a `w:num` that restarts `abstract_num_id` at 1; return its new id."""
    used = [int(n.get(w("numId"))) for n in numbering.iterchildren(w("num"))]
    num_id = str(max(used, default=0) + 1)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), num_id)
    etree.SubElement(num, w("abstractNumId")).set(w("val"), abstract_num_id)
    override = etree.SubElement(num, w("lvlOverride"))
    override.set(w("ilvl"), "0")
    etree.SubElement(override, w("startOverride")).set(w("val"), "1")
    return num_id


def has_field(body: etree._Element, name: str) -> bool:
    """Whether the part holds a field named `name` (complex `w:instrText` or simple `w:fldSimple`)."""
    instructions = [t.text or "" for t in body.iter(w("instrText"))]
    instructions += [f.get(w("instr"), "") for f in body.iter(w("fldSimple"))]
    return any(instruction.split()[:1] == [name] for instruction in instructions)


# --- tables ---------------------------------------------------------------------------------


def grid_span(tc: etree._Element) -> int:
    """Return how many grid columns a cell spans (w:tcPr/w:gridSpan; 1 when absent or unreadable)."""
    value = xpath(tc, "string(w:tcPr/w:gridSpan/@w:val)")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def vertical_merge(tc: etree._Element) -> str | None:
    """Return "restart" for a cell that starts a vertical merge, "continue" for one merged into the cell above, else None."""
    merge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    if merge is None:
        return None
    return "restart" if merge.get(w("val")) == "restart" else "continue"  # no w:val means continue


def grid_before(tr: etree._Element) -> int:
    """Return how many grid columns a row leaves out before its first cell (w:trPr/w:gridBefore)."""
    value = xpath(tr, "string(w:trPr/w:gridBefore/@w:val)")
    return int(value) if value.isdigit() else 0


# --- footnotes ------------------------------------------------------------------------------

CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
               'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
               'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')


def last_note_id(footnotes: bytes | None) -> int:
    """Return the highest footnote id a footnotes part uses (0 for none: ids -1 and 0 are the separators)."""
    if not footnotes:
        return 0
    ids = [n.get(w("id"), "0") for n in fromstring(footnotes).iterchildren(w("footnote"))]
    return max((int(i) for i in ids if i.lstrip("-").isdigit()), default=0)


def footnotes_xml(existing: bytes | None, notes: list[str]) -> bytes:
    """Return a footnotes part: `existing` (else one with Word's two separators) with `notes` (w:footnote strings) added."""
    from .ns import W_NS, tostring

    root = fromstring(existing) if existing else fromstring(f'<w:footnotes xmlns:w="{W_NS}">{_SEPARATORS}</w:footnotes>')
    if notes:
        declared = f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{NS["r"]}">{"".join(notes)}</w:footnotes>'
        for note in fromstring(declared):
            root.append(note)
    return tostring(root)


def declare_footnote_separators(settings: etree._Element) -> None:
    """Name the separator footnotes (ids -1 and 0) in `word/settings.xml`, as Word does."""
    if settings.find(w("footnotePr")) is not None:
        return
    note_pr = fromstring(f'<w:footnotePr xmlns:w="{NS["w"]}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    before = _SETTINGS_BEFORE_UPDATE_FIELDS | {"updateFields", "hdrShapeDefaults"}
    earlier = [c for c in settings if isinstance(c.tag, str) and etree.QName(c).localname in before]
    if earlier:
        earlier[-1].addnext(note_pr)
    else:
        settings.insert(0, note_pr)


_MARGIN_TYPES = {"default": "", "first": "first-page ", "even": "even-page "}


def margin_parts(document: etree._Element, target_of: Callable[[str], str | None]) -> dict[str, str]:
    """Return the header and footer parts a document's sections use, by place, in document order.

    A place reads as users say it: `header`, `footer`, `first-page header`, `even-page footer`;
    a second distinct part of the same place (another section's) is `footer 2`, and so on.
    `target_of` turns a relationship id of the main part into a part name (None: none).
    """
    places: dict[str, str] = {}
    for section in document.iter(w("sectPr")):
        for ref in section.iterchildren(w("headerReference"), w("footerReference")):
            kind = "header" if ref.tag == w("headerReference") else "footer"
            part = target_of(ref.get(f"{{{R_NS}}}id", ""))
            if part is None or part in places.values():
                continue
            place = f"{_MARGIN_TYPES.get(ref.get(w('type'), 'default'), '')}{kind}"
            number = sum(1 for p in places if p == place or p.startswith(f"{place} "))
            places[f"{place} {number + 1}" if number else place] = part
    return places


def margin_text(root: etree._Element) -> str:
    """Return a header's or footer's text: its paragraphs' text (tabs and breaks as spaces), non-empty ones joined by ` / `."""
    texts = (" ".join(text_of(p, " ").split()) for p in root.iter(w("p")))
    return " / ".join(t for t in texts if t)
