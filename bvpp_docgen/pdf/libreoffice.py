"""Export papers to tagged, accessible PDF with LibreOffice headless (the engine of `bvpp publish`).

One call starts one private LibreOffice (its own profile, never the user's), has it load
each .docx hidden, update every field and index (the contents list with its page
numbers, "Page X of Y"), set the document properties, export a tagged PDF and close the
paper unsaved. LibreOffice's `uno` module only imports into the Python it was built for,
so the work inside LibreOffice runs in a child process (`uno_child.py`, shipped beside
this module) under that Python. A PDF reaches its path only when every paper of the call
has been exported, each written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ..errors import LibreOfficeError, Location, plural
from ..store.files import write_atomic

INSTALL = "apt-get install -y libreoffice-writer python3-uno"
NAMED_PATH = 'or name the program in bvpp.toml: [publish] soffice = "/path/to/soffice"'
SCRIPT = Path(__file__).with_name("uno_child.py")
START_SECONDS = 60.0
PAPER_SECONDS = 120.0
STOP_SECONDS = 20.0
PDF_FILTER: dict[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,  # LibreOffice 7.2 and later; older versions ignore unknown keys
    "ExportBookmarks": True,
    "OpenBookmarkLevels": -1,
    "DisplayPDFDocumentTitle": True,
    "EmbedStandardFonts": True,
    "ExportNotes": False,
    "ExportFormFields": False,
    "IsSkipEmptyPages": False,
    "ExportLinksRelativeFsys": False,
}


@dataclass(frozen=True, slots=True)
class PdfJob:
    """One paper to export: its .docx, the PDF to write, and the PDF's metadata."""

    docx: Path
    pdf: Path
    title: str
    author: str
    subject: str
    language: str  # BCP 47, e.g. "en-GB"
    date: datetime  # the version's date: the PDF's creation and modification date
    contents: bool = False  # the paper holds a contents list (TOC field), which the PDF must show filled in
    stamp: tuple[int, int] | None = None  # (pages before it, pages in all): "Pack page N of M" in every footer


Progress = Callable[[str], None]


Contents = list[list[tuple[str, int]]]  # each contents list's entries: (text, page), as laid out for the PDF


def export_pdfs(jobs: list[PdfJob], *, soffice: str | None = None, progress: Progress | None = None) -> list[Contents]:
    """Export every job's .docx to its PDF with one LibreOffice start; write nothing on failure.

    Returns each job's contents lists, with the page each entry's heading is on in its PDF.
    """
    if not jobs:
        return []
    check_jobs(jobs)
    office = find_soffice(soffice)
    python = find_uno_python(office)
    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="bvpp-publish-") as work:
        staged = [Path(work) / f"{index:03d}.pdf" for index in range(len(jobs))]
        contents = run_office(office, python, jobs, staged, Path(work), say)
        outputs = [make_reproducible(path.read_bytes(), job.date) for job, path in zip(jobs, staged, strict=True)]
    for job, data in zip(jobs, outputs, strict=True):
        write_atomic(job.pdf, data)
    return contents


def check_jobs(jobs: Sequence[PdfJob]) -> None:
    """Refuse jobs whose .docx is missing, or that would write one PDF twice."""
    for job in jobs:
        if not job.docx.is_file():
            raise LibreOfficeError("paper not found", location=Location(str(job.docx)))
        if job.pdf.suffix.lower() != ".pdf":
            raise LibreOfficeError(f"PDF path must end in .pdf, got {job.pdf.name!r}", location=Location(str(job.pdf)))
    targets = [job.pdf.resolve() for job in jobs]
    for target in targets:
        if targets.count(target) > 1:
            raise LibreOfficeError("two papers would be exported to this PDF", location=Location(str(target)))


def find_soffice(soffice: str | None = None) -> str:
    """Return the path of LibreOffice's soffice: `soffice` if given, else the one on the PATH."""
    if soffice:
        found = shutil.which(soffice)
        if found is None:
            raise LibreOfficeError(f"LibreOffice not found at {soffice!r}: {INSTALL}, {NAMED_PATH}")
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(f"LibreOffice (soffice) not found on the PATH: {INSTALL}, {NAMED_PATH}")


def find_uno_python(soffice: str) -> str:
    """Return a Python that can import LibreOffice's `uno` module (bundled, or the system's)."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [str(program / "python"), "/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in dict.fromkeys(c for c in candidates if c and os.access(c, os.X_OK)):
        try:
            probe = subprocess.run([candidate, "-I", "-c", "import uno"], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    raise LibreOfficeError(f"LibreOffice's Python bridge (uno) is not installed: {INSTALL}")


def run_office(office: str, python: str, jobs: Sequence[PdfJob], staged: Sequence[Path], work: Path,
               say: Progress) -> list[Contents]:
    """Start a private LibreOffice, have the child script export every job, then stop both; return each job's contents lists."""
    pipe = f"bvpp-{os.getpid()}-{secrets.token_hex(4)}"
    with (work / "soffice.log").open("wb") as office_log, (work / "child.log").open("wb") as child_log:
        office_proc = subprocess.Popen(
            office_command(office, work / "profile", pipe),
            stdin=subprocess.DEVNULL, stdout=office_log, stderr=subprocess.STDOUT,
            start_new_session=True, env=office_environment(),
        )
        with office_proc, subprocess.Popen(
            [python, "-I", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=child_log, text=True, start_new_session=True,
        ) as child:
            try:
                return drive(child, office_proc, request(jobs, staged, pipe), say, jobs, work)
            finally:
                stop(child)
                stop(office_proc)


def drive(
    child: subprocess.Popen[str], office: subprocess.Popen[bytes], order: dict[str, Any],
    say: Progress, jobs: Sequence[PdfJob], work: Path,
) -> list[Contents]:
    """Send the request to the child, follow its events, and wait for both processes to end; return the contents lists."""
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(order))
    child.stdin.close()
    contents = follow(child.stdout, office, jobs, START_SECONDS + PAPER_SECONDS * len(jobs), say, work)
    try:
        child.wait(timeout=STOP_SECONDS)
        office.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        raise LibreOfficeError(f"LibreOffice did not stop in time{log_tail(work)}") from None
    return contents


def office_command(office: str, profile: Path, pipe: str) -> list[str]:
    """Return the command starting a headless LibreOffice that listens on a named pipe."""
    return [
        office, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]


def office_environment() -> dict[str, str]:
    """Return soffice's environment: UTC, so the dates it writes have one fixed form."""
    env = dict(os.environ)
    env["TZ"] = "UTC"
    env.pop("SAL_USE_VCLPLUGIN", None)
    return env


def request(jobs: Sequence[PdfJob], staged: Sequence[Path], pipe: str) -> dict[str, Any]:
    """Return the JSON request for uno_child.py."""
    return {
        "connect": f"pipe,name={pipe}",
        "wait": START_SECONDS,
        "filter": PDF_FILTER,
        "jobs": [
            {
                "docx": str(job.docx.resolve()), "pdf": str(path), "title": job.title, "author": job.author,
                "subject": job.subject, "language": job.language, "date": job.date.strftime("%Y-%m-%dT%H:%M:%S"),
                "contents": job.contents,
                "stamp": {"offset": job.stamp[0], "total": job.stamp[1]} if job.stamp else None,
            }
            for job, path in zip(jobs, staged, strict=True)
        ],
    }


def follow(
    stream: IO[str], office: subprocess.Popen[bytes], jobs: Sequence[PdfJob], seconds: float, say: Progress, work: Path,
) -> list[Contents]:
    """Read the child's events until it ends; report progress; raise on an error, a timeout or a crash.

    Returns each job's contents lists from its `done` event."""
    deadline = time.monotonic() + seconds
    done = 0
    contents: list[Contents] = [[] for _ in jobs]
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            if time.monotonic() > deadline:
                raise LibreOfficeError(f"LibreOffice did not finish in time{log_tail(work)}")
            if not selector.select(timeout=0.5):
                if office.poll() is not None and done < len(jobs):
                    raise LibreOfficeError(f"LibreOffice stopped (exit status {office.returncode}){log_tail(work)}")
                continue
            line = stream.readline()
            if not line:
                break
            event = json.loads(line)
            if event["event"] == "connected":
                say(f"LibreOffice started; exporting {plural(len(jobs), 'paper')}")
            elif event["event"] == "done":
                done += 1
                job = jobs[event["index"]]
                contents[event["index"]] = [[(str(text), int(page)) for text, page in listed]
                                            for listed in event.get("contents", [])]
                say(f"exported {job.docx.name} ({event['pages']} pages)")
            elif event["event"] == "error":
                index = event["index"]
                where = Location(str(jobs[index].docx)) if index is not None else None
                raise LibreOfficeError(f"LibreOffice could not export the PDF: {event['message']}", location=where)
    if done != len(jobs):
        raise LibreOfficeError(f"LibreOffice stopped before exporting every paper{log_tail(work)}")
    return contents


def log_tail(work: Path) -> str:
    """Return the last lines LibreOffice or the child wrote, to append to an error message."""
    lines: list[str] = []
    for name in ("soffice.log", "child.log"):
        path = work / name
        if path.is_file():
            lines += path.read_text(errors="replace").strip().splitlines()[-3:]
    return (": " + " | ".join(lines)) if lines else ""


def stop(proc: subprocess.Popen[Any]) -> None:
    """End a process group we started, politely first; never leave soffice running."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\(D:(\d{14})")
XMP_DATE = re.compile(rb"<xmp:(?:CreateDate|ModifyDate|MetadataDate)>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def make_reproducible(data: bytes, date: datetime) -> bytes:
    """Replace the export time and the time-derived /ID with values fixed by `date` and the content.

    Every replacement has the same length as what it replaces, so the xref offsets stay valid.
    A naive `date` is taken as UTC (soffice runs with TZ=UTC, so its dates end in Z).
    """
    utc = date.astimezone(UTC) if date.tzinfo else date
    out = replace_groups(data, PDF_DATE, utc.strftime("%Y%m%d%H%M%S").encode())
    out = replace_groups(out, XMP_DATE, utc.strftime("%Y-%m-%dT%H:%M:%S").encode())
    blank = replace_groups(replace_groups(out, PDF_ID, b"0" * 32), PDF_CHECKSUM, b"0" * 32)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    out = replace_groups(replace_groups(out, PDF_ID, digest), PDF_CHECKSUM, digest)
    assert len(out) == len(data), "PDF post-processing changed the file's length"
    return out


def replace_groups(data: bytes, pattern: re.Pattern[bytes], value: bytes) -> bytes:
    """Replace every group of every match of `pattern` by `value`, which has the group's length."""
    parts, last = [], 0
    for match in pattern.finditer(data):
        for group in range(1, (pattern.groups or 0) + 1):
            start, end = match.span(group)
            parts += [data[last:start], value]
            last = end
    return b"".join(parts) + data[last:]
