"""The parts around a Word snippet's rewritten body: comment threads carried, nothing left dangling or stale.

Word keeps a comment's replies and resolved state beside the comments part (`commentsExtended`,
`commentsIds`, `commentsExtensible`, `people`), keyed by the `w14:paraId` of the comment's last
paragraph. `carry_comment_threads` copies the entries of the comments absorb copied (a reply whose
parent was not copied loses only its link to it). `tidy` then removes what the old body alone
used: footnotes, endnotes and comments no longer referred to, relationships (links, pictures) no
longer used, and image parts nothing points at.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from lxml import etree

from ..ooxml.ns import R_NS, fromstring, tostring, w
from ..ooxml.package import Package
from ..ooxml.wml import footnotes_xml

_MS = "http://schemas.microsoft.com/office/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
THREAD_PARTS = (  # relationship type, part name, content type, namespace of its attributes
    (_MS + "2011/relationships/commentsExtended", "word/commentsExtended.xml", _CT + "commentsExtended+xml",
     "http://schemas.microsoft.com/office/word/2012/wordml"),
    (_MS + "2016/09/relationships/commentsIds", "word/commentsIds.xml", _CT + "commentsIds+xml",
     "http://schemas.microsoft.com/office/word/2016/wordml/cid"),
    (_MS + "2018/08/relationships/commentsExtensible", "word/commentsExtensible.xml", _CT + "commentsExtensible+xml",
     "http://schemas.microsoft.com/office/word/2018/wordml/cex"),
    (_MS + "2011/relationships/people", "word/people.xml", _CT + "people+xml",
     "http://schemas.microsoft.com/office/word/2012/wordml"),
)
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STORIES = (("footnotes", "footnote", "footnoteReference"), ("endnotes", "endnote", "endnoteReference"),
           ("comments", "comment", "commentReference"))
_PRUNED = (_RT + "hyperlink", _RT + "image")


def carry_comment_threads(source: Package, source_main: str, target: Package, target_main: str,
                          comments: Iterable[etree._Element]) -> None:
    """Copy the thread entries (replies, resolved state, ids, authors) of `comments` (as copied) into the snippet."""
    comments = list(comments)
    para_ids = {p.get(f"{{{W14}}}paraId") for c in comments for p in c.iter(w("p"))} - {None}
    authors = {c.get(w("author")) for c in comments} - {None}
    if not comments:
        return
    durable: set[str] = set()
    for rel_type, name, content_type, ns in THREAD_PARTS:
        part = source.related(source_main, rel_type)
        if part is None or part not in source.parts:
            continue
        root = source.xml(part)
        kept = []
        for entry in root:
            values = {etree.QName(k).localname: v for k, v in entry.attrib.items()}
            if values.get("paraId") in para_ids or values.get("durableId") in durable or values.get("author") in authors:
                kept.append(entry)
                if "durableId" in values and values.get("paraId") in para_ids:
                    durable.add(values["durableId"])
        if not kept:
            continue
        mine = target.related(target_main, rel_type)
        if mine is None or mine not in target.parts:
            empty = etree.Element(root.tag, nsmap=root.nsmap)
            for attribute, value in root.attrib.items():
                empty.set(attribute, value)
            target.add_part(name, tostring(empty), content_type, target_main, rel_type)
            mine = name
        held = target.xml(mine)
        for entry in kept:
            parent = entry.get(f"{{{ns}}}paraIdParent")
            if parent is not None and parent not in para_ids:
                del entry.attrib[f"{{{ns}}}paraIdParent"]  # its parent comment stayed in the paper
            held.append(entry)
        target.parts[mine] = tostring(held)


def tidy(target: Package, main: str) -> None:
    """Remove notes and comments the body no longer refers to, then unused links, pictures and their parts."""
    body = target.xml(main)
    for rels, tag, reference in STORIES:
        part = target.related(main, _RT + rels)
        if part is None or part not in target.parts:
            continue
        used = {r.get(w("id")) for r in body.iter(w(reference))}
        root = target.xml(part)
        stale = [n for n in root.iterchildren(w(tag)) if n.get(w("id")) not in used and not n.get(w("type"))
                 and n.get(w("id"), "").isdigit() and (tag == "comment" or int(n.get(w("id"), "0")) > 0)]
        for node in stale:
            root.remove(node)
        if stale:
            target.parts[part] = tostring(root)
        if tag == "comment":
            _drop_thread_entries(target, main, root)
    for part in [main, *(target.related(main, _RT + rels) for rels, _, _ in STORIES)]:
        if part is not None and part in target.parts:
            _prune(target, part)
    pointed = {r.target_part for name in list(target.parts) if name.endswith(".rels")
               for r in target.rels(_source_of(name))}
    for name in [n for n in target.parts if n.startswith("word/media/") and n not in pointed]:
        target.remove_part(name)


def _drop_thread_entries(target: Package, main: str, comments: etree._Element) -> None:
    """Remove thread entries whose comment is gone (by paraId; the extensible ones by their durableId; people stay)."""
    keys = {"paraId": {p.get(f"{{{W14}}}paraId") for p in comments.iter(w("p"))} - {None}, "durableId": set()}
    for rel_type, _, _, _ in THREAD_PARTS[:3]:
        part = target.related(main, rel_type)
        if part is None or part not in target.parts:
            continue
        root = target.xml(part)
        by = "durableId" if rel_type == THREAD_PARTS[2][0] else "paraId"
        stale = []
        for entry in root:
            values = {etree.QName(k).localname: v for k, v in entry.attrib.items()}
            if values.get(by) not in keys[by]:
                stale.append(entry)
            elif "durableId" in values and by == "paraId":
                keys["durableId"].add(values["durableId"])
        for entry in stale:
            root.remove(entry)
        if stale:
            target.parts[part] = tostring(root)


def _prune(target: Package, part: str) -> None:
    """Remove the part's link and picture relationships that nothing in it uses any more."""
    used = {v for node in target.xml(part).iter() for k, v in node.attrib.items() if k.startswith(f"{{{R_NS}}}")}
    stale = {r.id for r in target.rels(part) if r.type in _PRUNED and r.id not in used}
    target.unrelate(part, stale)


def _source_of(rels_part: str) -> str:
    """Return the part a relationships part belongs to ("" for the package's own)."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]).lstrip("/") if name != ".rels" else ""


def empty_story(tag: str) -> bytes:
    """Return an empty endnotes part with Word's two separators."""
    return tostring(fromstring(footnotes_xml(None, []).replace(b"footnote", tag.encode())))
