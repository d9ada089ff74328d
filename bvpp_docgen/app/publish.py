"""`bvpp publish`: a PDF of recorded versions, beside each .docx, recorded with its checksum.

A published PDF is never overwritten: one that was edited or replaced by hand is reported,
and nothing is written until every paper of the call has exported. Returns a report and
raises DocgenError; never prints.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..core.fingerprint import sha256
from ..core.settings import Config
from ..errors import DocgenError, Location, Notice, PublishError, raise_all
from ..ooxml.package import Package
from ..ooxml.wml import has_field
from ..read.config_toml import load_config
from ..store.files import file_sha256, locked
from ..store.layout import CONFIG_NAME, REGISTER_NAME, STAGING, pdf_path
from ..store.register import Register, VersionRecord, load_register, register_bytes
from ..store.transaction import Transaction, recover, write_problem
from .load import publish_settings
from .queries import output_state, select_documents
from .reports import PublishReport, PublishResult


def publish(
    root: Path, only: Sequence[str] = (), version: int | None = None, progress: Callable[[str], None] | None = None,
    office: Any = None,
) -> PublishReport:
    """Publish the named papers (all when none is named): a PDF of their latest (or `version`) version.

    `office`, an `OfficeSession`, exports with a LibreOffice kept running (bvpp watch); default: one started for this call.
    """
    config = load_config(root)
    doc_ids = select_documents(config, only)
    register = load_register(root)
    with locked(root):
        return _publish_locked(root, config, register, doc_ids, version, progress, office)


def _publish_locked(root: Path, config: Config, register: Register, doc_ids: list[str], version: int | None,
                    progress: Callable[[str], None] | None, office: Any = None) -> PublishReport:
    from ..pdf.libreoffice import INSTALL, PdfJob, export_pdfs

    recover(root, {v.output for history in register.documents.values() for v in history.versions})
    records = publishable_records(root, register, doc_ids, version)
    done: list[PublishResult] = []
    todo: dict[str, VersionRecord] = {}
    errors: list[DocgenError] = []
    warnings: list[Notice] = []
    for doc, record in records.items():
        state = _pdf_state(root, record)
        if state == "ok":
            done.append(PublishResult(doc, record.version, pdf_path(record.output), "already published", record.pdf_sha256 or ""))
        elif state == "edited":
            msg = ("edited or replaced since it was published, so it was not overwritten; move it out of build/ to "
                   "publish this version again")
            errors.append(PublishError(msg, location=Location(pdf_path(record.output))))
        else:  # new, missing, or there but unrecorded (kept only if it is byte for byte what we make now)
            todo[doc] = record
    raise_all(errors)
    staging = root / STAGING / "pdf"
    jobs = [PdfJob(root / record.output, staging / Path(pdf_path(record.output)).name,
                   **publish_settings(config, doc, record), contents=has_contents_list(root / record.output))
            for doc, record in todo.items()]
    if jobs and config.publish.soffice and shutil.which(config.publish.soffice) is None:
        msg = f"LibreOffice not found at {config.publish.soffice!r}: {INSTALL}, or correct the path here"
        raise PublishError(msg, location=Location(CONFIG_NAME, key="publish.soffice"))
    if jobs:
        shutil.rmtree(staging, ignore_errors=True)
        try:
            if office is not None:
                laid_out = office.export(jobs, progress=progress)
            else:
                laid_out = export_pdfs(jobs, soffice=config.publish.soffice, progress=progress)
            raise_all([p for p in (_unrecorded_problem(root, r, job.pdf) for r, job in zip(todo.values(), jobs, strict=True))
                       if p is not None])
            transaction = Transaction(root)
            for (doc, record), job, contents in zip(todo.items(), jobs, laid_out, strict=True):
                done.append(_place(register, doc, record, job.pdf, warnings, transaction))
                _number_contents(root, register, doc, record, contents, transaction)
            transaction.register = register_bytes(register)
            raise_all(transaction.collisions(vouched=set(transaction.files)))
            transaction.commit()  # every PDF and the register, or none of them
        except OSError as exc:
            raise write_problem(root, exc) from None
        finally:
            shutil.rmtree(root / STAGING, ignore_errors=True)
    order = {doc: index for index, doc in enumerate(doc_ids)}
    return PublishReport(tuple(sorted(done, key=lambda r: order[r.document])), tuple(warnings))


def publishable_records(root: Path, register: Register, docs: list[str], version: int | None) -> dict[str, VersionRecord]:
    """Return each paper's version to publish (the latest, or `version`); raise every reason one cannot be."""
    records = {doc: _record(register, doc, version) for doc in docs}
    raise_all([p for p in (_docx_problem(root, register, doc, record) for doc, record in records.items()) if p is not None])
    return records


def _record(register: Register, doc: str, version: int | None) -> VersionRecord:
    versions = register.versions(doc)
    if not versions:
        raise PublishError(f"no version of {doc!r} yet; run 'bvpp build' first", location=Location(REGISTER_NAME))
    if version is None:
        return versions[-1]
    found = next((r for r in versions if r.version == version), None)
    if found is None:
        known = ", ".join(str(r.version) for r in versions)
        raise PublishError(f"no version {version} of {doc!r} (versions: {known})",
                           location=Location(REGISTER_NAME, key=f"documents.{doc}"))
    return found


def _unrecorded_problem(root: Path, record: VersionRecord, staged: Path) -> PublishError | None:
    """Refuse to replace a PDF the register does not vouch for, unless it is exactly the one made now."""
    existing = file_sha256(root / pdf_path(record.output))
    if record.pdf_sha256 is None and existing is not None and existing != file_sha256(staged):
        msg = "not in the register (put there by hand?), so it was not overwritten; move it out of build/ first"
        return PublishError(msg, location=Location(pdf_path(record.output)))
    return None


def _docx_problem(root: Path, register: Register, doc: str, record: VersionRecord) -> PublishError | None:
    """Return why a version's .docx cannot be published as recorded, if it cannot, with advice that works.

    Only the latest version can be made again by a build; an older one only from a copy of its file as built.
    """
    state = output_state(root, record)
    if state == "ok":
        return None
    latest = register.latest(doc)
    if latest is not None and latest.version != record.version:
        what = "missing" if state == "missing" else "edited by hand since it was built"
        msg = (f"{what}, and v{record.version} is not the latest version, so no build can make it again as built: "
               f"put back its file as built (from a backup) to publish it, or publish the latest version: "
               f"bvpp publish {doc}")
        return PublishError(msg, location=Location(record.output))
    if state == "missing":
        return PublishError("missing: run 'bvpp build' to make it again, then publish", location=Location(record.output))
    msg = ("edited by hand since it was built, so its PDF would not be the recorded version: run 'bvpp build "
           "--discard-edits' (your edited copy is kept in build/.discarded/), then publish")
    return PublishError(msg, location=Location(record.output))


def _pdf_state(root: Path, record: VersionRecord) -> str:
    """Return `ok`, `edited`, `missing` (recorded, file gone), `unrecorded` (a file, no record) or `new`."""
    actual = file_sha256(root / pdf_path(record.output))
    if record.pdf_sha256 is None:
        return "new" if actual is None else "unrecorded"
    if actual is None:
        return "missing"
    return "ok" if actual == record.pdf_sha256 else "edited"


def _place(register: Register, doc: str, record: VersionRecord, staged: Path,
           warnings: list[Notice], transaction: Transaction) -> PublishResult:
    """Put an exported PDF in the transaction and record its checksum with its version."""
    checksum = file_sha256(staged)
    assert checksum is not None
    status = "published"
    if record.pdf_sha256 is not None:  # recorded, its file gone: made again
        status = "restored"
        if record.pdf_sha256 != checksum:
            message = ("made again, but not byte-identical to the PDF first published "
                       "(another LibreOffice release or other fonts?); the register now records this one")
            warnings.append(Notice(message, Location(pdf_path(record.output))))
    transaction.add(pdf_path(record.output), staged.read_bytes())
    register.record_pdf(doc, record.version, checksum)
    return PublishResult(doc, record.version, pdf_path(record.output), status, checksum)



def _number_contents(root: Path, register: Register, doc: str, record: VersionRecord,
                     laid_out: list[list[tuple[str, int]]], transaction: Transaction) -> None:
    """Write the page numbers of the PDF's contents lists into the version's .docx, and record them with it.

    Only into a paper as built (not yet numbered); a list whose entries LibreOffice did not list
    the same way keeps no numbers. The register records the numbers and the new file's checksum,
    so the version renders again as this file and is not taken for a hand edit.
    """
    from ..write.contents import contents_texts, with_contents_pages

    if record.contents_pages is not None:
        return
    data = (root / record.output).read_bytes()
    pages = contents_page_numbers(contents_texts(data), laid_out)
    if not any(pages):
        return
    numbered = with_contents_pages(data, pages)
    transaction.add(record.output, numbered)
    register.record_contents_pages(doc, record.version, pages, sha256(numbered))


def contents_page_numbers(lists: list[list[str]], laid_out: list[list[tuple[str, int]]]) -> list[list[int]]:
    """Return the page number of each entry of each contents list (lists by their entries' texts, in order).

    Each list takes the page numbers of the first list laid out with the very same entries; one
    that has none (or no entries) gets an empty list: it is left without page numbers.
    """
    unused = list(laid_out)
    pages: list[list[int]] = []
    for texts in lists:
        key = [" ".join(t.split()) for t in texts]
        match = next((found for found in unused if key and [text for text, _ in found] == key), None)
        if match is None:
            pages.append([])
            continue
        unused.remove(match)
        pages.append([page for _, page in match])
    return pages


def has_contents_list(docx: Path) -> bool:
    """Whether a paper's body holds a contents list (a TOC field), which its PDF must show filled in."""
    try:
        package = Package.open(docx, str(docx))
        return has_field(package.xml(package.main_part()), "TOC")
    except (DocgenError, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        return False  # LibreOffice reports the unreadable paper
