"""Absorb a paper sent back: each edited snippet region written back to its snippet, every other edit reported.

The paper names its document and version (custom properties); that version is rendered again
in memory from the inputs and both copies are read by the same reader (`read/returned.py`), so
a region compares like for like. A snippet changed since that version was built is checked
against the version's text as built (`build/.built/`) instead: if the reader edited it too, it
is a conflict, written beside the snippet, never over it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..core.absorb import cell_edits, fact_edits, key, normal, paper_lines, recognisable, restore_facts, text_of
from ..core.markdown_out import to_markdown
from ..core.narrative import Block, Paragraph, Table
from ..core.provenance import resolve, trace
from ..errors import InputError, Location, Notice, UnknownVersionError
from ..read.returned import Returned, ReturnedRegion, paper_stamp, read_returned
from ..store.files import write_atomic
from ..store.layout import ABSORBED, CONFIG_NAME, built_text_path
from ..store.register import VersionRecord, load_register
from ..store.trail import Absorbed, record_absorbed
from .absorb_markdown import rewrite_markdown
from .absorb_word import rewrite_word
from .load import Loaded, load, project_facts
from .rendering import render_version
from .reports import AbsorbReport, SnippetAbsorbed


def absorb(root: Path, path: Path, dry_run: bool = False, made: dt.datetime | None = None,
           accept_changes: bool = False) -> AbsorbReport:
    """Absorb the paper at `path` into the project at `root` (write nothing with `dry_run`; with
    `accept_changes`, the readers' tracked changes are accepted in Word snippets and their comments dropped)."""
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the paper: {exc.strerror}", location=Location(label)) from None
    document, version = paper_stamp(data, label)  # first: the project's snippet files are known only after loading
    if document is None or version is None:
        raise InputError("not a paper bvpp built: it has no 'BVPP Document' and 'BVPP Version' properties; "
                         "absorb takes a paper made by 'bvpp build' (or a copy of one)", location=Location(label))
    loaded = load(root)
    if document not in loaded.candidates:
        raise InputError(f"built as the paper '{document}', which {CONFIG_NAME} no longer names", location=Location(label))
    record = next((r for r in load_register(root).versions(document) if r.version == version), None)
    if record is None:
        raise UnknownVersionError(f"built as {document} v{version}, which the register does not record "
                                  f"(is this the right project?)", location=Location(label))
    files = snippet_files(loaded)
    returned = read_returned(data, label, files)
    shown = read_returned(render_version(loaded, loaded.candidates[document], record), record.output, files)
    work = _Absorb(loaded, record, document, label, dry_run, made or dt.datetime.now())
    returned = _recognised(shown, returned)
    work.equal, work.changes = paper_lines(shown.lines, returned.lines)
    work.shown_lines = shown.lines
    work.paper, work.accept_changes = data, accept_changes
    work.snippets(shown, returned)
    work.generated(shown, returned)
    work.outside(returned)
    return AbsorbReport(label, document, version, dry_run, tuple(work.results), tuple(work.reported), tuple(work.warnings))


class _Absorb:
    def __init__(self, loaded: Loaded, record: VersionRecord, document: str, label: str, dry_run: bool, made: dt.datetime) -> None:
        self.loaded, self.record, self.document, self.label, self.dry_run = loaded, record, document, label, dry_run
        self.stamp, self.made = f"{made:%Y%m%d-%H%M%S}", made
        self.results: list[SnippetAbsorbed] = []
        self.reported: list[Notice] = []
        self.warnings: list[Notice] = []
        self.facts = project_facts(loaded.config, loaded.data.workbook)
        self.candidate = loaded.candidates[document]
        self.equal: set[int] = set()  # the paper's lines as that version showed them that read the same now
        self.changes: list[tuple[str, str, str | None]] = []
        self.shown_lines: tuple[tuple[str, str | None], ...] = ()
        self.paper, self.accept_changes = b"", False  # the paper as sent back (Word snippets are rewritten from it)

    def report(self, message: str) -> None:
        self.reported.append(Notice(f"{self.document}: {message}", Location(self.label)))

    def snippets(self, shown: Returned, returned: Returned) -> None:
        for value in dict.fromkeys(r.value for r in shown.regions if r.kind == "snippet"):
            before = [r for r in shown.regions if r.kind == "snippet" and r.value == value]
            after = [r for r in returned.regions if r.kind == "snippet" and r.value == value]
            self.snippet(value, before, after)

    def snippet(self, value: str, before: list[ReturnedRegion], after: list[ReturnedRegion]) -> None:
        if len(after) < len(before):
            mine = [n for n, (_, owner) in enumerate(self.shown_lines) if (owner or "").startswith(f"snippet:{value}#")]
            if all(n in self.equal for n in mine):
                self.results.append(SnippetAbsorbed(value, "unchanged", (
                    "its marks were lost (a program saved the paper without them), but its text reads as built")))
                return
            self.results.append(SnippetAbsorbed(value, "missing", (
                f"its part of the paper was deleted or damaged beyond recognition (its marks are gone): nothing "
                f"absorbed from it; if the reader changed it, copy the change into {value} by hand")))
            return
        fact_texts = {s.fact: s.text for r in before for b in r.blocks for s in _spans(b) if s.fact}
        edited: list[tuple[ReturnedRegion, tuple[Block, ...]]] = []
        for old, new in zip(before, after, strict=False):
            base = old.heading_above
            new = replace(new, blocks=restore_facts(old.blocks, new.blocks))
            for name, text in fact_edits(new.blocks, fact_texts):
                fact = self.facts.get(name)
                if fact is not None and fact.data:  # a workbook figure
                    self.report(f"the fact [[{name}]] in {value} reads '{text}' in the paper, '{fact_texts[name]}' in "
                                f"the workbook: an edited fact is not absorbed; change {fact.cell}")
                    continue
                where = fact.config_key if fact else name
                self.report(f"the fact [[{name}]] in {value} reads '{text}' in the paper, '{fact_texts[name]}' in "
                            f"{CONFIG_NAME}: an edited fact is not absorbed; change {where} in {CONFIG_NAME}")
            blocks = normal(new.blocks, base)
            if key(blocks) != key(normal(old.blocks, base)) or (value.lower().endswith(".docx") and new.comments):
                edited.append((new, blocks))
        if not edited:
            self.results.append(SnippetAbsorbed(value, "unchanged"))
            return
        if len({key(b) for _, b in edited}) > 1:
            self.results.append(SnippetAbsorbed(value, "refused", (
                "edited differently in two places of the paper: nothing absorbed; copy the edits into "
                f"{value} by hand")))
            return
        region, blocks = edited[0]
        if self._changed_since(value):
            if self._as_built(region):
                self.results.append(SnippetAbsorbed(value, "unchanged", f"changed since v{self.record.version} was built; "
                                                    "the paper's text of it was not edited"))
                return
            self._conflict(value, blocks, region)
            return
        if value.lower().endswith(".docx"):
            self._word(value, region, blocks)
            return
        outcome = rewrite_markdown(self.loaded.root, value, blocks)
        if outcome.text is None:
            self.results.append(SnippetAbsorbed(value, "refused", outcome.message))
            return
        for lost in region.lost:
            self.warnings.append(Notice(f"Markdown cannot hold {lost}: left out of {value}", Location(self.label)))
        self._images(outcome.images)
        kept = self._replace(value, outcome.text.encode("utf-8"))
        self.results.append(SnippetAbsorbed(value, "absorbed", f"rewritten from the paper ({self.document} "
                                            f"v{self.record.version}){outcome.message}", value, kept))

    def _images(self, images: dict[str, bytes]) -> None:
        """Write the reader's pictures beside their snippet (new names only: never over a file)."""
        if not self.dry_run:
            for name, data in images.items():
                write_atomic(self.loaded.root / name, data)

    def _replace(self, value: str, written: bytes) -> str:
        """Keep the snippet's old bytes under build/.absorbed/, write the new ones, note them in the trail; return where the old are."""
        kept = f"{ABSORBED}/{self.stamp}/{value}"
        if not self.dry_run:
            root = self.loaded.root
            held = (root / value).read_bytes()
            write_atomic(root / kept, held)
            write_atomic(root / value, written)
            record_absorbed(root, value, held, written, Absorbed(_source_name(root, self.label), self.document,
                                                            self.record.version, self.made.isoformat(timespec="seconds")))
        return kept

    def _changed_since(self, value: str) -> bool:
        stem = str(PurePosixPath(value).with_suffix(""))
        for name in (f"snippet:{value}", f"snippet:{stem}"):
            if name in self.record.sources or name in self.candidate.sources:
                return self.record.sources.get(name) != self.candidate.sources.get(name)
        return False

    def _as_built(self, region: ReturnedRegion) -> bool:
        """Return whether the region's text reads as the version's text as built (kept in build/.built/)."""
        try:
            kept = json.loads((self.loaded.root / built_text_path(self.record.output)).read_text(encoding="utf-8"))
            built = [" ".join(str(p[1]).split()) for p in kept["paragraphs"]]
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return False
        lines = _lines(region.blocks)
        return any(built[n:n + len(lines)] == lines for n in range(len(built) - len(lines) + 1))

    def _word(self, value: str, region: ReturnedRegion, blocks: tuple[Block, ...]) -> None:
        outcome = rewrite_word(self.loaded.root, self.paper, self.label, value, region, blocks, self.accept_changes)
        if outcome.data is None:
            self.results.append(SnippetAbsorbed(value, "refused", outcome.message))
            return
        self.warnings += outcome.warnings
        kept = self._replace(value, outcome.data)
        self.results.append(SnippetAbsorbed(value, "absorbed", f"rewritten from the paper ({self.document} "
                                            f"v{self.record.version}){outcome.message}", value, kept))

    def _conflict(self, value: str, blocks: tuple[Block, ...], region: ReturnedRegion) -> None:
        path = PurePosixPath(value)
        word = path.suffix.lower() == ".docx"
        beside = str(path.with_name(f"{path.stem}.absorbed-{self.document}-v{self.record.version:03d}{path.suffix if word else '.md'}"))
        markdown = None if word else rewrite_markdown(self.loaded.root, value, blocks)
        data = (markdown.text if markdown and markdown.text is not None else to_markdown(blocks)).encode("utf-8")
        if markdown is not None:
            self._images(markdown.images)
        if word:
            outcome = rewrite_word(self.loaded.root, self.paper, self.label, value, region, blocks, self.accept_changes)
            if outcome.data is None:
                self.results.append(SnippetAbsorbed(value, "conflict", (
                    f"changed since v{self.record.version} was built, and edited in the paper too: not overwritten; "
                    f"{outcome.message}")))
                return
            data = outcome.data
        if not self.dry_run:
            write_atomic(self.loaded.root / beside, data)
        self.results.append(SnippetAbsorbed(value, "conflict", (
            f"changed since v{self.record.version} was built, and edited in the paper too: not overwritten; the paper's "
            f"text of it is in {beside}: merge it into {value} by hand, then delete it"), beside))

    def generated(self, shown: Returned, returned: Returned) -> None:
        inputs = {k for k in {*self.record.sources, *self.candidate.sources} if not k.startswith("snippet:")}
        if any(self.record.sources.get(k) != self.candidate.sources.get(k) for k in inputs):
            self.warnings.append(Notice(
                f"the workbooks, templates or {CONFIG_NAME} changed since v{self.record.version} was built: edits to "
                "tables of figures, headings and other generated text cannot be told, so are not reported", Location(self.label)))
            return
        after: dict[str, list[ReturnedRegion]] = {}
        for region in returned.regions:
            if region.kind == "generated":
                after.setdefault(region.value, []).append(region)
        done: dict[str, int] = {}
        for region in (r for r in shown.regions if r.kind == "generated"):
            n = done[region.value] = done.get(region.value, -1) + 1
            now = after.get(region.value, [])
            if n >= len(now):
                continue  # its marks are gone: its lines are compared with the rest of the paper's (outside)
            cells, paragraphs = cell_edits(normal(region.blocks), normal(now[n].blocks))
            for cell in cells:
                self.report(self._figure_message(region.value, cell))
            for was, new in paragraphs:
                self.report(_changed(was, new, f"bvpp made this text from the workbooks or {CONFIG_NAME}: make the change there"))

    def _figure_message(self, content: str, cell: object) -> str:
        from .explain import SHEETS, paper_sections

        row, column, was, now = cell.row, cell.column, cell.was, cell.now  # type: ignore[attr-defined]
        reference = {"budget": f"budget {row}", "cpa": f"CPA {row}"}.get(content, row)
        subject = resolve(reference, self.loaded.data)
        where, table = "", f"under '{cell.heading}'" if cell.heading else f"'{content}'"  # type: ignore[attr-defined]
        if subject is not None:
            from ..read.excel import read_sheet_cached
            from ..store.cache import Cache
            from ..store.layout import CACHE

            source = getattr(self.loaded.config, SHEETS[subject.kind])
            sheet = read_sheet_cached(self.loaded.root / source.workbook, source.workbook, source.sheet,
                                      self.loaded.cache or Cache(self.loaded.root / CACHE))
            sections = paper_sections(self.loaded.config, self.document, self.candidate.context)
            figure = next((f for f in trace(sections, subject, self.loaded.data, sheet)
                           if f.column == column and f.shown == was and f.sources), None)
            if figure is not None:
                table, where = f"'{figure.table}'", f"the figure comes from {figure.sources[0].location}"
        where = where or f"bvpp made it from the workbooks or {CONFIG_NAME}: make the change there"
        return f"table {table}, {row}, {column}: {was} changed to {now} in the paper; {where}"

    def outside(self, returned: Returned) -> None:
        """Report each line changed outside the narrative: in no region, or in generated content whose marks were lost."""
        kept = {owner for _, owner in returned.lines if owner}  # regions sent back, paired by tag and order
        template = self.candidate.template
        for was, now, owner in self.changes:
            if owner is None:
                self.report(_changed(was, now, f"this text is not from a snippet: it comes from the template {template} "
                                     f"or {CONFIG_NAME}: make the change there"))
            elif owner.startswith("generated:") and owner not in kept:
                self.report(_changed(was, now, f"bvpp made this text from the workbooks or {CONFIG_NAME}: make the change there"))

def snippet_files(loaded: Loaded) -> dict[str, str]:
    """Return each snippet's file by the bvpp.toml key that names it (as the papers' marks name snippets)."""
    return {ref.key: loaded.narratives[ref.path].source for ref in loaded.config.snippet_refs() if ref.path in loaded.narratives}


def _recognised(shown: Returned, returned: Returned) -> Returned:
    """Return `returned` without the regions (and their lines' marks) that are not the regions `shown` holds."""
    def numbered(paper: Returned) -> list[tuple[str, ReturnedRegion]]:
        seen: dict[str, int] = {}
        out = []
        for region in paper.regions:
            tag = f"{region.kind}:{region.value}"
            seen[tag] = seen.get(tag, -1) + 1
            out.append((f"{tag}#{seen[tag]}", region))
        return out

    before = dict(numbered(shown))
    kept = [(owner, r) for owner, r in numbered(returned)
            if owner in before and recognisable(_lines(before[owner].blocks), _lines(r.blocks))]
    owners = {owner for owner, _ in kept}
    lines = tuple((text, owner if owner in owners else None) for text, owner in returned.lines)
    return replace(returned, regions=tuple(r for _, r in kept), lines=lines)


def _source_name(root: Path, label: str) -> str:
    """Return the returned file's name for the trail: relative to the project when inside it, else as given."""
    try:
        return Path(label).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return label


def _changed(was: str, now: str, where: str) -> str:
    if not was:
        return f"'{now}' added in the paper; {where}"
    if not now:
        return f"'{was}' deleted in the paper; {where}"
    return f"'{was}' changed to '{now}' in the paper; {where}"


def _spans(block: Block) -> list:
    if isinstance(block, Paragraph):
        return list(block.spans)
    if isinstance(block, Table):
        return [s for row in block.rows for cell in row for s in cell]
    return []


def _lines(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(text_of(block.spans))
        elif isinstance(block, Table):
            out += [text_of(cell) for row in block.rows for cell in row]
    return [line for line in out if line]
