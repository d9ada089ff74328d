"""A Word snippet rewritten from its region of a paper sent back, in the snippet's own conventions.

The region's blocks (`w:p`, `w:tbl`) are copied from the paper as the reader left them, tracked
changes and comments included (or accepted and dropped), and made the snippet's again: the
paper's marks removed, each fact back to its `[[key]]`, heading levels shifted back, every style
mapped to the snippet's style of the same name (one the snippet lacks: Normal, with a warning),
list numbering to the snippet's own, links, pictures, footnotes, endnotes and comments (with their
replies and resolved state) copied with their parts and relationships; what only the old body
used is removed (`word_absorb_parts.tidy`). The snippet's section properties, headers, footers,
styles and numbering stay as they were.
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import InputError, Location
from ..ooxml.marks import BOOKMARK_PREFIX, TAG_PREFIX, read_mark_map, split_tag
from ..ooxml.ns import R_NS, RT_NUMBERING, RT_STYLES, W_NS, XML_NS, fromstring, tostring, w
from ..ooxml.package import Package
from ..ooxml.regions import marked_regions
from ..ooxml.styles import Styles
from ..ooxml.wml import CT_FOOTNOTES, accept_revisions, declare_footnote_separators, footnotes_xml, number_format
from .word_absorb_parts import carry_comment_threads, empty_story, tidy

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_COMMENTS, RT_SETTINGS = _RT + "comments", _RT + "settings"
CT_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange")


@dataclass
class WordAbsorbed:
    """The snippet rewritten, and what to tell the author."""

    data: bytes
    warnings: list[str] = field(default_factory=list)
    revisions: int = 0  # tracked changes the snippet now holds
    comments: int = 0  # comments it now holds
    dropped_comments: int = 0  # comments left out (changes accepted)


def absorb_into_word(paper: bytes, paper_label: str, value: str, ordinal: int, snippet: bytes,
                     base: int, accept: bool, mark: str = "") -> WordAbsorbed:
    """Return the snippet `snippet` (project path `value`) with its body rewritten from the paper's
    `ordinal`-th region marked `mark` (the bvpp.toml key naming it; counting from 0); `base`: the
    level of the heading above the region."""
    source, target = Package.open(paper, paper_label), Package.open(snippet, value)
    work = _Transplant(source, target, value)
    body = source.xml(work.source_main).find(w("body"))
    mark_map = read_mark_map(source)
    regions = [r for r in marked_regions(body, mark_map) if r.kind == "snippet" and r.value == (mark or value)] if body is not None else []
    if ordinal >= len(regions):
        raise InputError(f"the paper has no part marked as {value} to absorb", location=Location(paper_label))
    holder = etree.Element(w("body"), nsmap={"w": W_NS})
    for element in regions[ordinal].elements:
        holder.append(copy.deepcopy(element))
    _unmark(holder, mark_map)
    result = WordAbsorbed(b"")
    if accept:
        accept_revisions(holder)
        result.dropped_comments = _drop_comments(holder)
    work.blocks(holder, base)
    work.notes(holder, accept)
    result.comments = work.comments(holder, accept)
    root = target.xml(work.target_main)
    target_body = root.find(w("body"))
    assert target_body is not None  # Package.open read a Word document; check_package saw its body
    for child in [c for c in target_body if c.tag != w("sectPr")]:
        target_body.remove(child)
    for at, child in enumerate(list(holder)):
        target_body.insert(at, child)
    target.parts[work.target_main] = tostring(root)
    tidy(target, work.target_main)
    result.data = target.write()
    result.revisions = sum(1 for tag in _REVISIONS for _ in target_body.iter(w(tag)))
    result.warnings = list(dict.fromkeys(work.warnings))
    return result


def _unmark(holder: etree._Element, mark_map: dict[str, str]) -> None:
    """Remove the paper's marks: our content controls (kept content), region bookmarks, and facts back to `[[key]]`."""
    for sdt in list(holder.iter(w("sdt"))):
        tag = sdt.find(f"{w('sdtPr')}/{w('tag')}")
        if tag is not None and not tag.get(w("val"), "").startswith(TAG_PREFIX):
            continue
        content = sdt.find(w("sdtContent"))
        parent = sdt.getparent()
        if parent is None:
            continue
        at = parent.index(sdt)
        for child in reversed(list(content) if content is not None else []):
            parent.insert(at, child)
        parent.remove(sdt)
    starts = {s.get(w("id")): s for s in holder.iter(w("bookmarkStart"))}
    for start in list(starts.values()):
        name = start.get(w("name"), "")
        parsed = split_tag(mark_map.get(name, ""))
        if parsed is not None and parsed[0] == "fact":
            _fact_as_key(start, parsed[1])
    for start in list(holder.iter(w("bookmarkStart"))):
        if start.get(w("name"), "").startswith(BOOKMARK_PREFIX) or start.get(w("name"), "") in mark_map:
            start.getparent().remove(start)
    kept = {s.get(w("id")) for s in holder.iter(w("bookmarkStart"))}
    for end in list(holder.iter(w("bookmarkEnd"))):
        if end.get(w("id")) not in kept:
            end.getparent().remove(end)


def _fact_as_key(start: etree._Element, name: str) -> None:
    """Replace the runs a fact's bookmark holds with one run reading `[[name]]` (in the first run's formatting)."""
    between: list[etree._Element] = []
    for sibling in start.itersiblings():
        if sibling.tag == w("bookmarkEnd") and sibling.get(w("id")) == start.get(w("id")):
            break
        between.append(sibling)
    else:
        return  # its end is elsewhere (a program moved it): the text stays as the paper shows it
    first = next((r for node in between for r in node.iter(w("r"))), None)
    props = first.find(w("rPr")) if first is not None else None
    run = etree.Element(w("r"))
    if props is not None:
        run.append(copy.deepcopy(props))
    text = etree.SubElement(run, w("t"))
    text.text = f"[[{name}]]"
    text.set(f"{{{XML_NS}}}space", "preserve")
    for node in between:
        start.getparent().remove(node)
    start.addnext(run)


def _drop_comments(holder: etree._Element) -> int:
    """Remove comment anchors and references; return how many comments were dropped."""
    refs = list(holder.iter(w("commentReference")))
    for node in [*holder.iter(w("commentRangeStart")), *holder.iter(w("commentRangeEnd")), *refs]:
        parent = node.getparent()
        parent.remove(node)
        if parent.tag == w("r") and all(c.tag == w("rPr") for c in parent):
            parent.getparent().remove(parent)
    return len(refs)


class _Transplant:
    """Make blocks copied from the paper the snippet's: styles, numbering and relationships."""

    def __init__(self, source: Package, target: Package, label: str) -> None:
        self.source, self.target, self.label = source, target, label
        self.source_main, self.target_main = source.main_part(), target.main_part()
        self.source_styles = _styles(source, self.source_main)
        self.target_styles = _styles(target, self.target_main)
        self.target_ids = self.target_styles.ids_by_name()
        self.source_numbering = _part_xml(source, self.source_main, RT_NUMBERING)
        self.target_numbering = _part_xml(target, self.target_main, RT_NUMBERING)
        self.warnings: list[str] = []
        self._parts: dict[str, str] = {}  # source part -> target part copied
        self._before = set(target.parts)  # the snippet's own parts

    def blocks(self, holder: etree._Element, base: int, source_part: str | None = None, target_part: str | None = None,
               warn: bool = True) -> None:
        for p in holder.iter(w("p")):
            self._paragraph(p, base, warn)
        for kind, tag in (("character", "rStyle"), ("table", "tblStyle")):
            for node in list(holder.iter(w(tag))):
                self._map_style(node, kind, warn)
        self._relationships(holder, source_part or self.source_main, target_part or self.target_main)

    def _paragraph(self, p: etree._Element, base: int, warn: bool) -> None:
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        level = self.source_styles.heading_level(p)
        if style is not None and level and p.find(f"{w('pPr')}/{w('outlineLvl')}") is None:
            name = f"heading {max(1, level - base)}"
            found = self.target_ids.get(name)
            if found is None:
                ppr.remove(style)
                if warn:
                    self.warnings.append(f"the style '{name.capitalize()}' is not in {self.label}: that heading is Normal text there")
            else:
                style.set(w("val"), found)
        elif style is not None:
            self._map_style(style, "paragraph", warn)
        numbering = ppr.find(w("numPr")) if ppr is not None else None
        if numbering is not None:
            self._numbering(p, ppr, numbering, warn)

    def _map_style(self, node: etree._Element, kind: str, warn: bool) -> None:
        name = self.source_styles.name(node.get(w("val")))
        found = self.target_ids.get(name.lower())
        if found is not None:
            node.set(w("val"), found)
            return
        node.getparent().remove(node)
        if warn and kind != "table" and name.lower() not in ("normal", "hyperlink", "table text"):  # papers style tables their own way
            shown = {"paragraph": "Normal", "character": "plain text"}[kind]
            self.warnings.append(f"the style '{name}' is not in {self.label}: shown as {shown} there")

    def _numbering(self, p: etree._Element, ppr: etree._Element, numbering: etree._Element, warn: bool) -> None:
        """Keep a list paragraph a list in the snippet's own numbering (the paper's list instances are not the snippet's)."""
        style = ppr.find(w("pStyle"))
        if style is not None and self.target_styles.first(style.get(w("val")), "w:pPr/w:numPr") is not None:
            ppr.remove(numbering)  # the snippet's list style numbers it
            return
        num_id = numbering.find(w("numId"))
        level = numbering.find(w("ilvl"))
        ilvl = int(level.get(w("val"), "0")) if level is not None and level.get(w("val"), "0").isdigit() else 0
        wanted = number_format(self.source_numbering, num_id.get(w("val"), "") if num_id is not None else "", ilvl)
        bullet = wanted == "bullet"
        found = None
        if self.target_numbering is not None:
            for num in self.target_numbering.iterchildren(w("num")):
                candidate = num.get(w("numId"), "")
                if (number_format(self.target_numbering, candidate, ilvl) == "bullet") == bullet:
                    found = candidate
                    break
        if found is None or num_id is None:
            ppr.remove(numbering)
            if warn:
                self.warnings.append(f"{self.label} has no {'bulleted' if bullet else 'numbered'} list numbering: "
                                     "a list item is a plain paragraph there")
            return
        num_id.set(w("val"), found)

    def _relationships(self, holder: etree._Element, source_part: str, target_part: str) -> None:
        """Point every relationship the blocks use (links, pictures) at a relationship of the snippet's."""
        for node in holder.iter():
            for attribute, rel_id in list(node.attrib.items()):
                if not attribute.startswith(f"{{{R_NS}}}"):
                    continue
                rel = self.source.rel(source_part, rel_id)
                if rel is None:
                    del node.attrib[attribute]
                    continue
                if rel.external:
                    node.set(attribute, self.target.relate(target_part, rel.type, rel.target, external=True))
                    continue
                part = rel.target_part
                if part is None or part not in self.source.parts:
                    del node.attrib[attribute]
                    continue
                copied = self._parts.get(part)
                if copied is None:
                    copied = self._parts[part] = self._free(part)
                    self.target.parts[copied] = self.source.parts[part]
                    self._declare(copied, self.source.content_type(part) or "application/octet-stream")
                node.set(attribute, self.target.relate(target_part, rel.type, copied))

    def _free(self, part: str) -> str:
        folder, name = posixpath.split(part)
        stem, ext = posixpath.splitext(name)
        candidate, n = part, 1
        while candidate in self.target.parts:
            candidate, n = posixpath.join(folder, f"{stem}-absorbed{n}{ext}"), n + 1
        return candidate

    def _declare(self, part: str, content_type: str) -> None:
        from ..ooxml.ns import CT_NS
        from ..ooxml.package import CONTENT_TYPES

        types = fromstring(self.target.parts[CONTENT_TYPES])
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{part}", ContentType=content_type)
        self.target.parts[CONTENT_TYPES] = tostring(types)

    def notes(self, holder: etree._Element, accept: bool) -> None:
        """Copy the footnotes and endnotes the blocks refer to into the snippet's notes parts, numbered after its own."""
        for kind, ct in (("footnote", CT_FOOTNOTES), ("endnote", CT_ENDNOTES)):
            refs = list(holder.iter(w(f"{kind}Reference")))
            source_part = self.source.related(self.source_main, f"{_RT}{kind}s")
            if not refs or source_part is None or source_part not in self.source.parts:
                continue
            notes = {n.get(w("id")): n for n in self.source.xml(source_part).iterchildren(w(kind))}
            empty = footnotes_xml(None, []) if kind == "footnote" else empty_story(kind)
            target_part = self._story(f"{_RT}{kind}s", f"word/{kind}s.xml", ct, empty)
            new = target_part not in self._before
            root = self.target.xml(target_part)
            ids = [int(i) for n in root.iterchildren(w(kind)) if (i := n.get(w("id"), "0")).lstrip("-").isdigit()]
            next_id = max(ids, default=0) + 1
            for ref in refs:
                note = notes.get(ref.get(w("id")))
                if note is None:
                    ref.getparent().remove(ref)  # a mark without its note: nothing to refer to
                    continue
                note = copy.deepcopy(note)
                if accept:
                    accept_revisions(note)
                    _drop_comments(note)
                self.blocks(note, 0, source_part, target_part)
                note.set(w("id"), str(next_id))
                ref.set(w("id"), str(next_id))
                root.append(note)
                next_id += 1
            self.target.parts[target_part] = tostring(root)
            settings = self.target.related(self.target_main, RT_SETTINGS)
            if new and kind == "footnote" and settings is not None:
                tree = self.target.xml(settings)
                declare_footnote_separators(tree)
                self.target.parts[settings] = tostring(tree)

    def comments(self, holder: etree._Element, accept: bool) -> int:
        """Copy the comments the blocks refer to into the snippet's comments part; return how many."""
        refs = list(holder.iter(w("commentReference")))
        source_part = self.source.related(self.source_main, RT_COMMENTS)
        if not refs or source_part is None:
            return 0
        comments_root = self.source.xml(source_part)
        found = {c.get(w("id")): c for c in comments_root.iterchildren(w("comment"))}
        empty = etree.Element(w("comments"), nsmap={"w": W_NS, "r": R_NS, **comments_root.nsmap})  # Word's w14 ids stay declared
        for attribute, value in comments_root.attrib.items():
            empty.set(attribute, value)
        target_part = self._story(RT_COMMENTS, "word/comments.xml", CT_COMMENTS, tostring(empty))
        root = self.target.xml(target_part)
        ids = [int(i) for c in root.iterchildren(w("comment")) if (i := c.get(w("id"), "")).isdigit()]
        renumber: dict[str | None, str] = {}
        copied: list[etree._Element] = []
        next_id = max(ids, default=-1) + 1
        for ref in refs:
            old = ref.get(w("id"))
            comment = found.get(old)
            if comment is None or old in renumber:
                continue
            comment = copy.deepcopy(comment)
            self.blocks(comment, 0, source_part, target_part, warn=False)
            renumber[old] = str(next_id)
            comment.set(w("id"), str(next_id))
            root.append(comment)
            copied.append(comment)
            next_id += 1
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            for node in list(holder.iter(w(tag))):
                if node.get(w("id")) in renumber:
                    node.set(w("id"), renumber[node.get(w("id"))])
                else:
                    node.getparent().remove(node)
        self.target.parts[target_part] = tostring(root)
        carry_comment_threads(self.source, self.source_main, self.target, self.target_main, copied)
        return len(renumber)

    def _story(self, rel_type: str, name: str, content_type: str, empty: bytes) -> str:
        """Return the snippet's part of `rel_type` (footnotes, comments), added empty if it has none."""
        found = self.target.related(self.target_main, rel_type)
        if found is not None and found in self.target.parts:
            return found
        self.target.add_part(name, empty, content_type, self.target_main, rel_type)
        return name


def _styles(package: Package, main: str) -> Styles:
    part = package.related(main, RT_STYLES)
    return Styles(package.xml(part) if part and part in package.parts else None)


def _part_xml(package: Package, main: str, rel_type: str) -> Any:
    part = package.related(main, rel_type)
    return package.xml(part) if part and part in package.parts else None
