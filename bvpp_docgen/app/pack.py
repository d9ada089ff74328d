"""`bvpp pack MEETING`: one tagged PDF for a meeting: a front sheet, then each of its papers.

The front sheet lists the agenda items with each paper's first pack page; every page's footer
carries its pack page ("Pack page 5 of 40") after the paper's own page number. LibreOffice
exports each part twice: once to count its pages, once stamped with the right numbers (the
stamp sits on the footer's last line, so the pages must not move: checked). A pack is never
overwritten: each new one gets the next number, and the register records it with the versions
it holds. The same versions make the same bytes, so packing them again makes no new file.
Returns a report and raises DocgenError; never prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..core.formats import format_long_date, format_time
from ..core.pack import first_pages, next_number
from ..core.settings import Config, ReportDocument
from ..errors import Location, PublishError, raise_all
from ..read.config_toml import load_config
from ..store.files import file_sha256, locked
from ..store.layout import CONFIG_NAME, STAGING, pack_path, pdf_path
from ..store.register import PackRecord, Register, VersionRecord, load_register, register_bytes
from ..store.transaction import Transaction, recover, write_problem
from ..write.front_sheet import AgendaRow, FrontSheet, front_sheet_bytes
from .load import publish_settings
from .publish import has_contents_list, publishable_records
from .reports import PackReport

Progress = Callable[[str], None]


def pack(root: Path, meeting: str, progress: Progress | None = None) -> PackReport:
    """Make the meeting pack of `meeting` (a key of [meetings]) from each of its papers' latest version."""
    config = load_config(root)
    if meeting not in config.meetings:
        known = ", ".join(config.meetings) or "none"
        raise PublishError(f"no meeting {meeting!r}: name one of these meetings ({known})",
                           location=Location(CONFIG_NAME, key="meetings"))
    docs = [doc for doc, settings in config.documents.items() if settings.meeting == meeting]
    if not docs:
        msg = f"no paper goes to this meeting: give a document meeting = \"{meeting}\" to put it in the pack"
        raise PublishError(msg, location=Location(CONFIG_NAME, key=f"meetings.{meeting}"))
    register = load_register(root)
    with locked(root):
        recover(root, {v.output for history in register.documents.values() for v in history.versions})
        return _pack_locked(root, config, register, meeting, publishable_records(root, register, docs, None), progress)


def _pack_locked(root: Path, config: Config, register: Register, meeting: str, records: dict[str, VersionRecord],
                 progress: Progress | None) -> PackReport:
    from ..pdf.libreoffice import PdfJob, export_pdfs
    from ..pdf.merge import MergePart, merge_tagged, pdf_pages

    made = max(record.made for record in records.values())
    versions = {doc: record.version for doc, record in records.items()}
    staging = root / STAGING / "pack"
    front = staging / "front-sheet.docx"
    template = _template(root, config, records)
    parts = [root / record.output for record in records.values()]
    titles = [publish_settings(config, doc, record)["title"] for doc, record in records.items()]  # as their PDFs name them
    jobs = [PdfJob(path, staging / f"{index:03d}.pdf", **publish_settings(config, doc, record),
                   contents=has_contents_list(path))
            for index, (path, (doc, record)) in enumerate(zip(parts, records.items(), strict=True), start=1)]
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        counts = [1] + [_published_pages(root, record) for record in records.values()]  # guesses the export checks
        for _attempt in range(3):
            firsts, total = first_pages([max(c, 1) for c in counts])
            front.write_bytes(front_sheet_bytes(template, _sheet(config, meeting, records, titles, firsts[1:], made)))
            front_job = PdfJob(front, staging / "000.pdf", title=_title(config, meeting), author=config.council.name,
                               subject=config.plan.title, language=config.publish.language, date=made)
            stamped = [replace(job, stamp=(first - 1, total)) for job, first in zip([front_job, *jobs], firsts, strict=True)]
            export_pdfs(stamped, soffice=config.publish.soffice, progress=progress)
            actual = [pdf_pages(job.pdf) for job in stamped]
            if actual == counts:
                break
            counts = actual
        else:
            raise PublishError("the papers' page counts changed with every export, so the pack pages could not be "
                               "numbered: publish the papers once and try again", location=Location(CONFIG_NAME))
        data = merge_tagged([MergePart(job.pdf, name) for job, name in zip(stamped, ["Front sheet", *titles], strict=True)],
                            _title(config, meeting))
        return _place(root, config, register, meeting, versions, made, data, total)
    except OSError as exc:
        raise write_problem(root, exc) from None
    finally:
        shutil.rmtree(root / STAGING, ignore_errors=True)


def _published_pages(root: Path, record: VersionRecord) -> int:
    """Return the page count of the version's published PDF, or 0 when it has none (then the export counts)."""
    from ..pdf.merge import pdf_pages

    pdf = root / pdf_path(record.output)
    if record.pdf_sha256 is None or file_sha256(pdf) != record.pdf_sha256:
        return 0
    return pdf_pages(pdf)


def _place(root: Path, config: Config, register: Register, meeting: str, versions: dict[str, int], made: dt.datetime,
           data: bytes, pages: int) -> PackReport:
    """Record the pack and write it under a new number, unless the latest pack of these versions is this very file."""
    checksum = hashlib.sha256(data).hexdigest()
    mine = [p for p in register.packs if p.meeting == meeting]
    same = next((p for p in reversed(mine) if p.sha256 == checksum and file_sha256(root / p.output) == checksum), None)
    if same is not None:
        return PackReport(meeting, same.output, pages, versions, "already packed", checksum)
    date = config.meetings[meeting].date.isoformat()
    number = next_number([p.number for p in mine])
    while (root / pack_path(meeting, date, number)).exists():  # a file the register does not know: keep it
        number += 1
    output = pack_path(meeting, date, number)
    register.packs.append(PackRecord(meeting=meeting, number=number, made=made, output=output, sha256=checksum,
                                     versions=versions))
    transaction = Transaction(root)
    transaction.add(output, data)
    transaction.register = register_bytes(register)
    raise_all(transaction.collisions(vouched=set(transaction.files)))
    transaction.commit()
    return PackReport(meeting, output, pages, versions, "packed", checksum)


def _template(root: Path, config: Config, records: dict[str, VersionRecord]) -> Path:
    """Return the template whose styles the front sheet takes: the first covering report's of the meeting."""
    for doc in records:
        settings = config.documents[doc]
        if isinstance(settings, ReportDocument):
            return root / settings.template
    return root / next(iter(config.documents[doc] for doc in records)).template


def _title(config: Config, meeting: str) -> str:
    """Return the pack's title: `Cabinet, 28 April 2003: agenda pack`."""
    settings = config.meetings[meeting]
    return f"{settings.committee}, {format_long_date(settings.date)}: agenda pack"


def _sheet(config: Config, meeting: str, records: dict[str, VersionRecord], titles: list[str], firsts: list[int],
           made: dt.datetime) -> FrontSheet:
    """Return what the front sheet says: the meeting and, per paper, its item, title, version and first pack page."""
    settings = config.meetings[meeting]
    item = str(settings.agenda_item) if settings.agenda_item is not None else "–"
    rows = tuple(AgendaRow(item, title, f"Version {record.version}", first)
                 for title, record, first in zip(titles, records.values(), firsts, strict=True))
    date = format_long_date(settings.date)
    return FrontSheet(
        council=config.council.name, committee=settings.committee, part_of=settings.part_of, date=date,
        time=format_time(settings.time) if settings.time else None, venue=settings.venue, rows=rows,
        footer=f"{settings.committee}, {date}: agenda pack", title=_title(config, meeting), made=made,
    )
