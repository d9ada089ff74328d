"""One private LibreOffice kept running between exports (`bvpp watch --publish`).

`export_pdfs` starts LibreOffice, exports and stops it: right for one `bvpp publish`, but the
start costs seconds, too long to pay on every save. A session starts it on its first export
and keeps it until closed; each export runs the same child script (`uno_child.py`), which
leaves LibreOffice running when asked to keep it.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from ..errors import LibreOfficeError
from ..store.files import write_atomic
from .libreoffice import (
    PAPER_SECONDS,
    SCRIPT,
    START_SECONDS,
    STOP_SECONDS,
    Contents,
    PdfJob,
    Progress,
    check_jobs,
    find_soffice,
    find_uno_python,
    follow,
    log_tail,
    make_reproducible,
    office_command,
    office_environment,
    request,
    stop,
)


class OfficeSession:
    """A LibreOffice started on the first export and stopped by `close()` (or leaving the `with`)."""

    def __init__(self, soffice: str | None = None) -> None:
        self.soffice = soffice
        self.office: subprocess.Popen[bytes] | None = None
        self.work: tempfile.TemporaryDirectory[str] | None = None
        self.pipe = ""
        self.starts = 0  # how many times LibreOffice was started (once, unless it stopped on its own)

    def __enter__(self) -> OfficeSession:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def export(self, jobs: list[PdfJob], *, progress: Progress | None = None) -> list[Contents]:
        """Export every job's .docx to its PDF with the running LibreOffice (started if need be); write nothing on failure.

        Returns each job's contents lists, with the page each entry's heading is on in its PDF.
        """
        if not jobs:
            return []
        check_jobs(jobs)
        say = progress or (lambda _message: None)
        office, python = self._running()
        assert self.work is not None
        work = Path(self.work.name)
        staged = [work / f"{index:03d}.pdf" for index in range(len(jobs))]
        order = request(jobs, staged, self.pipe) | {"keep": True}
        with (work / "child.log").open("wb") as child_log, subprocess.Popen(
            [python, "-I", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=child_log, text=True, start_new_session=True,
        ) as child:
            assert child.stdin is not None and child.stdout is not None
            try:
                child.stdin.write(json.dumps(order))
                child.stdin.close()
                contents = follow(child.stdout, office, jobs, START_SECONDS + PAPER_SECONDS * len(jobs), say, work)
                child.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                raise LibreOfficeError(f"LibreOffice did not answer in time{log_tail(work)}") from None
            finally:
                stop(child)
        outputs = [make_reproducible(path.read_bytes(), job.date) for job, path in zip(jobs, staged, strict=True)]
        for job, data in zip(jobs, outputs, strict=True):
            write_atomic(job.pdf, data)
        return contents

    def _running(self) -> tuple[subprocess.Popen[bytes], str]:
        office = find_soffice(self.soffice)
        python = find_uno_python(office)
        if self.office is None or self.office.poll() is not None:
            self.close()
            self.work = tempfile.TemporaryDirectory(prefix="bvpp-office-")
            work = Path(self.work.name)
            self.pipe = f"bvpp-{os.getpid()}-{secrets.token_hex(4)}"
            with (work / "soffice.log").open("wb") as office_log:
                self.office = subprocess.Popen(
                    office_command(office, work / "profile", self.pipe), stdin=subprocess.DEVNULL, stdout=office_log,
                    stderr=subprocess.STDOUT, start_new_session=True, env=office_environment(),
                )
            self.starts += 1
        return self.office, python

    def close(self) -> None:
        """Stop LibreOffice (politely first) and remove its private profile."""
        if self.office is not None:
            stop(self.office)
            self.office = None
        if self.work is not None:
            self.work.cleanup()
            self.work = None
