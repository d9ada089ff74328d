"""Export .docx papers to tagged PDF inside LibreOffice, with every field and index updated.

Not part of the library's import graph: `libreoffice.py` runs this file with the Python
that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with python3-uno), because
that module cannot be imported into the project's own interpreter. It reads one JSON
request on stdin, connects to the soffice that the caller started, and writes one JSON
line per event on stdout. It never stores a .docx: each paper is loaded hidden, updated
in memory, exported, and closed without saving.

Request: {"connect": "pipe,name=...", "wait": seconds, "jobs": [{"docx", "pdf", "title",
"author", "subject", "language", "date", "contents", "stamp"}], "filter": {name: bool | int}}
("contents": the .docx has a TOC field, so the loaded document must have an index; "stamp", optional:
{"offset": n, "total": m} appends " · Pack page <page + n> of m" to every footer, for `bvpp pack`)
Events: {"event": "connected"}, {"event": "done", "index": i, "pages": n, "contents": [[[text, page], ...], ...]}
(each contents list's entries with the page each heading is on, as laid out for the PDF),
{"event": "error", "index": i | null, "message": "..."}
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.lang import Locale  # type: ignore[import-not-found]
from com.sun.star.util import DateTime  # type: ignore[import-not-found]


def emit(event: dict[str, Any]) -> None:
    """Write one event as a JSON line and flush, so the caller sees progress at once."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def prop(name: str, value: Any) -> Any:
    """Return a PropertyValue."""
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(where: str, wait: float) -> Any:
    """Return the remote component context, retrying until soffice listens or `wait` passes."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            return resolver.resolve(f"uno:{where};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def update_everything(doc: Any) -> None:
    """Bring text fields and every index (the contents list and its page numbers) up to date.

    Each index lists the headings of its own range only (see `Scope`). Twice: a contents list
    that grows by a page moves the headings after it, so the second pass takes the page
    numbers from the settled layout.
    """
    indexes = doc.getDocumentIndexes()
    paragraphs = body_paragraphs(doc)
    scopes = [Scope(doc, indexes.getByIndex(i), paragraphs) for i in range(indexes.getCount())]  # before an update moves a bookmark
    try:
        for _ in range(2):
            doc.getTextFields().refresh()
            for scope in scopes:
                scope.update()
            doc.refresh()
    finally:
        remove_stand_ins(doc)
    correct_page_numbers(doc, scopes)
    doc.getTextFields().refresh()


class Scope:
    """An index and the headings of its range: those inside the bookmark its field names (`\\b`).

    LibreOffice imports a Word contents field's `\\b` switch (the index's TOCBookmark) but lists
    every heading of the document when it updates the index. So while one index is updated, each
    heading outside its range that it would list is made body text (outline level 0) or given a
    stand-in style (a child of its style, so it looks the same, that the index does not name),
    and put back at once: the PDF's outline and the other indexes still see every heading.
    Without a bookmark (or in a LibreOffice that does not keep it) the range is the whole document.
    """

    def __init__(self, doc: Any, index: Any, paragraphs: list[Any]) -> None:
        self.doc, self.index = doc, index
        self.styles = level_styles(doc, index) if index.CreateFromLevelParagraphStyles else set()
        area = bookmark_range(doc, index)
        self.inside: list[Any] = []
        self.outside: list[Any] = []
        for paragraph in paragraphs:
            if paragraph.OutlineLevel > 0 or paragraph.ParaStyleName in self.styles:
                (self.inside if area is None or within(doc, area, paragraph) else self.outside).append(paragraph)

    def update(self) -> None:
        """Update the index with every heading outside its range left out, then put them back."""
        changed: list[tuple[Any, str, Any]] = []
        try:
            for paragraph in self.outside:
                if self.index.CreateFromOutline and 0 < paragraph.OutlineLevel <= self.index.Level:
                    changed.append((paragraph, "OutlineLevel", remember(paragraph, "OutlineLevel")))
                    paragraph.OutlineLevel = 0
                if paragraph.ParaStyleName in self.styles:
                    changed.append((paragraph, "ParaStyleName", paragraph.ParaStyleName))
                    paragraph.ParaStyleName = stand_in(self.doc, paragraph.ParaStyleName)
            self.index.update()
        finally:
            for paragraph, name, value in reversed(changed):
                if value is DEFAULT:
                    paragraph.setPropertyToDefault(name)
                else:
                    paragraph.setPropertyValue(name, value)


DEFAULT = object()  # a property that took its value from the paragraph's style
STAND_IN = "bvpp outside contents: "  # the prefix of a stand-in style's name


def remember(paragraph: Any, name: str) -> Any:
    """Return the paragraph's own value of property `name`, or DEFAULT if its style gives it."""
    direct = paragraph.getPropertyState(name).value == "DIRECT_VALUE"
    return paragraph.getPropertyValue(name) if direct else DEFAULT


def stand_in(doc: Any, name: str) -> str:
    """Return the name of a paragraph style based on `name` and changing nothing; add it if missing."""
    family = doc.getStyleFamilies().getByName("ParagraphStyles")
    clone = STAND_IN + name
    if not family.hasByName(clone):
        style = doc.createInstance("com.sun.star.style.ParagraphStyle")
        family.insertByName(clone, style)
        style.ParentStyle = name
    return clone


def remove_stand_ins(doc: Any) -> None:
    """Remove the stand-in styles (no paragraph has one any longer)."""
    family = doc.getStyleFamilies().getByName("ParagraphStyles")
    for name in family.getElementNames():
        if name.startswith(STAND_IN):
            family.removeByName(name)


def level_styles(doc: Any, index: Any) -> set[str]:
    """Return the names (as paragraphs give them) of the styles a style-based index lists."""
    access = index.LevelParagraphStyles
    named = {name for level in range(access.getCount()) for name in access.getByIndex(level)}
    family = doc.getStyleFamilies().getByName("ParagraphStyles")
    return {name for name in family.getElementNames() if name in named or family.getByName(name).DisplayName in named}


def bookmark_range(doc: Any, index: Any) -> Any:
    """Return the text range of the bookmark the index's field named (`\\b`), or None."""
    try:
        name = index.TOCBookmark
    except AttributeError:  # an older LibreOffice does not keep it
        return None
    bookmarks = doc.getBookmarks()
    if not name or not bookmarks.hasByName(name):
        return None
    area = bookmarks.getByName(name).getAnchor()
    return area if area.getText() == doc.getText() else None


def within(doc: Any, area: Any, paragraph: Any) -> bool:
    """Say whether the paragraph starts inside `area` (both in the document's body text)."""
    text = doc.getText()
    return text.compareRegionStarts(area, paragraph) >= 0 and text.compareRegionStarts(paragraph, area.getEnd()) >= 0


def body_paragraphs(doc: Any) -> list[Any]:
    """Return the paragraphs of the document's body text, in order (not those in tables or frames)."""
    found = []
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.Paragraph"):
            found.append(paragraph)
    return found


def correct_page_numbers(doc: Any, scopes: list[Scope]) -> None:
    """Set each contents entry's page number to the page its heading is on in the final layout.

    LibreOffice 7.4 can take an index's page numbers from a layout that is not the final one
    (seen with a style-based contents list whose heading sits near a page end), so each
    number is checked against the page of the heading of that text in the index's range, as
    the view cursor finds it.
    """
    cursor = doc.getCurrentController().getViewCursor()
    for scope in scopes:
        index = scope.index
        pages: dict[str, list[int]] = {}
        for paragraph in scope.inside:
            cursor.gotoRange(paragraph.getStart(), False)
            pages.setdefault(" ".join(paragraph.getString().split()), []).append(cursor.getPage())
        protected, index.IsProtected = index.IsProtected, False
        anchor = index.getAnchor()
        entries = anchor.getText().createTextCursorByRange(anchor).createEnumeration()
        while entries.hasMoreElements():
            entry = entries.nextElement()
            title, tab, number = entry.getString().rpartition("\t")
            found = pages.get(" ".join(title.split()))
            if tab and number.isdigit() and found:
                page = str(found.pop(0))
                if page != number:
                    end = entry.getText().createTextCursorByRange(entry.getEnd())
                    end.goLeft(len(number), True)
                    end.setString(page)
        index.IsProtected = protected


def contents_pages(doc: Any) -> list[list[list[Any]]]:
    """Return each contents list's entries as `[text, page]`, as laid out: the text before the tab, the number after it."""
    found = []
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if not index.supportsService("com.sun.star.text.ContentIndex"):
            continue
        anchor = index.getAnchor()
        entries = anchor.getText().createTextCursorByRange(anchor).createEnumeration()
        listed = []
        while entries.hasMoreElements():
            title, tab, number = entries.nextElement().getString().rpartition("\t")
            if tab and number.isdigit():
                listed.append([" ".join(title.split()), int(number)])
        found.append(listed)
    return found


def set_properties(doc: Any, job: dict[str, Any]) -> None:
    """Set title, author, subject, language and dates, which the PDF export copies."""
    props = doc.getDocumentProperties()
    props.Title, props.Author, props.Subject = job["title"], job["author"], job["subject"]
    language, _, country = job["language"].partition("-")
    props.Language = Locale(language, country, "")
    stamp = uno_datetime(job["date"])
    props.CreationDate = props.ModificationDate = stamp
    props.ModifiedBy = job["author"]
    defaults = doc.createInstance("com.sun.star.text.Defaults")
    defaults.CharLocale = Locale(language, country, "")  # the PDF's /Lang is the default language


PACK_FOOTERS = ("FooterText", "FooterTextLeft", "FooterTextFirst")


def stamp_footers(doc: Any, offset: int, total: int) -> None:
    """Append " · Pack page N of M" to the end of every footer of every page style that shows one.

    N is a page number field offset by the pages before this paper in the pack, on the footer's
    last line, so the layout does not move; a style without a footer is given one that holds the stamp.
    """
    numbers_from(doc, 1)
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        if not style.isInUse():
            continue
        if not style.FooterIsOn:
            style.FooterIsOn = True
        seen: list[Any] = []
        for part in PACK_FOOTERS:
            text = getattr(style, part, None)
            if text is None or any(text == other for other in seen):
                continue
            seen.append(text)
            cursor = text.createTextCursor()
            cursor.gotoEnd(False)
            spacer = " \u00b7 " if text.getString().strip() else ""
            text.insertString(cursor, f"{spacer}Pack page ", False)
            field = doc.createInstance("com.sun.star.text.TextField.PageNumber")
            field.NumberingType = 4  # com.sun.star.style.NumberingType.ARABIC
            field.SubType = uno.Enum("com.sun.star.text.PageNumberType", "CURRENT")
            field.Offset = offset
            text.insertTextContent(cursor, field, False)
            text.insertString(cursor, f" of {total}", False)
    doc.getTextFields().refresh()
    doc.refresh()


def numbers_from(doc: Any, start: int) -> None:
    """Say explicitly that page numbers start at `start` on the first page (a no-op for the layout).

    LibreOffice leaves a page number field with an offset blank when the page it names lies past
    the document's last page, unless the document numbers its pages itself ("virtual" numbers).
    """
    first = doc.getText().createEnumeration().nextElement()
    if not first.PageDescName:
        cursor = doc.getText().createTextCursor()
        cursor.gotoStart(False)
        first.PageDescName = cursor.PageStyleName
    if not first.PageNumberOffset:
        first.PageNumberOffset = start


def uno_datetime(iso: str) -> Any:
    """Return a com.sun.star.util.DateTime from 'YYYY-MM-DDTHH:MM:SS'."""
    day, _, clock = iso.partition("T")
    year, month, date = (int(x) for x in day.split("-"))
    hour, minute, second = (int(x) for x in (clock or "00:00:00")[:8].split(":"))
    return DateTime(0, second, minute, hour, date, month, year, True)


def filter_data(options: dict[str, Any]) -> Any:
    """Return the writer_pdf_Export FilterData sequence."""
    values = tuple(prop(name, value) for name, value in sorted(options.items()))
    return uno.Any("[]com.sun.star.beans.PropertyValue", values)


def export(desktop: Any, job: dict[str, Any], options: dict[str, Any]) -> tuple[int, list[list[list[Any]]]]:
    """Load one paper hidden, update it, export it to PDF, close it unsaved; return its pages and contents lists."""
    source = uno.systemPathToFileUrl(job["docx"])
    doc = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise RuntimeError("it cannot open the file (is it a Word document?)")
    try:
        set_properties(doc, job)
        if job["contents"] and doc.getDocumentIndexes().getCount() == 0:
            raise RuntimeError(
                "its contents list (TOC field) did not survive LibreOffice's import: "
                "give the field a placeholder result, such as 'Right-click to update the contents'"
            )
        update_everything(doc)
        if job.get("stamp"):
            stamp_footers(doc, int(job["stamp"]["offset"]), int(job["stamp"]["total"]))
        pages = doc.getCurrentController().PageCount
        target = uno.systemPathToFileUrl(job["pdf"])
        doc.storeToURL(target, (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data(options))))
        return int(pages), contents_pages(doc)
    finally:
        doc.close(True)


def main() -> int:
    """Serve the request read from stdin; return the exit status."""
    request = json.load(sys.stdin)
    try:
        ctx = connect(request["connect"], float(request["wait"]))
    except Exception as exc:  # noqa: BLE001 - reported to the caller, which raises DocgenError
        emit({"event": "error", "index": None, "message": f"cannot connect to LibreOffice: {exc}"})
        return 1
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    emit({"event": "connected"})
    status = 0
    for index, job in enumerate(request["jobs"]):
        try:
            pages, contents = export(desktop, job, request["filter"])
            emit({"event": "done", "index": index, "pages": pages, "contents": contents})
        except Exception as exc:  # noqa: BLE001 - UNO raises many types; the caller locates it
            emit({"event": "error", "index": index, "message": str(exc).splitlines()[0] if str(exc) else type(exc).__name__})
            status = 1
            break
    if not request.get("keep"):  # a session (bvpp watch --publish) keeps LibreOffice for its next export
        with contextlib.suppress(Exception):  # the bridge drops as soffice exits
            desktop.terminate()
    return status


if __name__ == "__main__":
    sys.exit(main())
