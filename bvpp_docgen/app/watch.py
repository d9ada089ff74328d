"""`bvpp watch`: rebuild the papers on every save of an input, until stopped; never prints.

The loop takes its changes from an event source (batches of changed paths; an empty batch
means "a quiet moment passed") and its time from a clock, so it is tested without a file
system watcher or a real wait. Editors save in bursts and through temporary files, so changes
are collected until the project has been quiet for `quiet` seconds, and scratch files (Word's
`~$` owner files, LibreOffice's `.~lock` files, `~name.tmp`, editor backups) never count.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import DocgenError, LockBusyError, Notice, raise_all
from ..store.files import locked, write_atomic
from ..store.layout import BUILD_DIR, CONFIG_NAME, REGISTER_NAME, preview_path
from ..store.register import load_register
from .load import load
from .queries import select_documents

# watchfiles already hands a save over as one batch once its paths have been still for its step (20 ms):
# an editor's write-temporary-then-rename, or vim's backup-write-delete, arrive together; the quiet
# spell is for saves spread wider than that (a large workbook written, then renamed)
QUIET_SECONDS = 0.1
SCRATCH_PREFIXES = ("~", ".")  # ~$owner.docx, ~foo.tmp, .~lock.foo#, .#emacs, .swp files
SCRATCH_SUFFIXES = ("~", ".tmp", ".temp", ".swp", ".swx", ".bak", ".crdownload", ".part")
SCRATCH_NAMES = {"4913"}  # vim's probe file
# what an input can be: configuration, snippets, workbooks, templates, images (a folder has no suffix);
# anything else (say, a log the watch's own output is sent to) is never a reason to build
INPUT_SUFFIXES = {"", ".toml", ".docx", ".md", ".markdown", ".xlsx", ".xlsm", ".png", ".jpg", ".jpeg", ".gif", ".bmp"}


@dataclass(frozen=True, slots=True)
class WatchEvent:
    """One line of what the watch did: `kind` is built, rebuilt, preview, published, unchanged,
    problem, warning, busy, watching or stopped; `message` says it in words."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What a watch did before it stopped."""

    rounds: int  # builds attempted (the first one included)
    papers: int  # papers written (new versions, previews)
    problems: int  # rounds stopped by a mistake in an input

    def to_json(self) -> dict[str, Any]:
        return {"rounds": self.rounds, "papers": self.papers, "problems": self.problems}


@dataclass
class WatchOptions:
    """How to watch: which papers, draft previews or versions, PDFs too."""

    documents: Sequence[str] = ()
    draft: bool = False
    publish: bool = False
    quiet: float = QUIET_SECONDS
    office: Any = None  # with `publish`: the LibreOffice session kept running between rounds (pdf/session.py)
    previewed: dict[str, str] = field(default_factory=dict)  # with `draft`: each preview's fingerprint as written
    made: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now().astimezone().replace(microsecond=0))


def is_scratch(rel: str) -> bool:
    """Whether a changed path (relative to the project) is no input: build output, the register,
    hidden folders, and the temporary, lock and backup files editors write while saving."""
    parts = PurePosixPath(rel).parts
    if not parts or parts[0] in (BUILD_DIR, REGISTER_NAME) or any(p.startswith(".") for p in parts[:-1]):
        return True
    name = parts[-1]
    if PurePosixPath(name.lower()).suffix not in INPUT_SUFFIXES:
        return True
    return name.startswith(SCRATCH_PREFIXES) or name.lower().endswith(SCRATCH_SUFFIXES) or name in SCRATCH_NAMES


def relevant(root: Path, paths: Iterable[Path]) -> set[str]:
    """Return the changed paths that are inputs (relative to the project where they are inside it)."""
    base = root.resolve()
    found = set()
    for path in paths:
        try:
            rel = Path(path).resolve().relative_to(base).as_posix()
        except ValueError:  # a folder [paths] allow names, outside the project
            rel = Path(path).as_posix()
            if is_scratch(Path(path).name):
                continue
            found.add(rel)
            continue
        if not is_scratch(rel):
            found.add(rel)
    return found


def watch_loop(
    root: Path, options: WatchOptions, source: Iterable[frozenset[Path]], clock: Callable[[], float],
    say: Callable[[WatchEvent], None], rebuild: Callable[[], tuple[list[WatchEvent], int]] | None = None,
) -> WatchReport:
    """Build once, then again each time the inputs have changed and been quiet for `options.quiet` seconds.

    `rebuild` does one round and returns its events and the number of papers written (default:
    `one_round`); a mistake in an input is reported and the watch goes on; a project locked by
    another command is said once and retried. Ends when the source ends.
    """
    do = rebuild or (lambda: one_round(root, options))
    rounds = papers = problems = 0
    pending: set[str] = set()
    last_change = 0.0
    busy_said = False

    def run() -> bool:
        nonlocal rounds, papers, problems, busy_said
        events, written = do()
        if any(e.kind == "busy" for e in events):
            if not busy_said:
                for event in events:
                    say(event)
            busy_said = True
            return False
        busy_said = False
        rounds, papers = rounds + 1, papers + written
        problems += any(e.kind == "problem" for e in events)
        for event in events:
            say(event)
        return True

    if not run():  # busy at the start: the first build waits for the lock like any other
        pending, last_change = {CONFIG_NAME}, clock()
    say(WatchEvent("watching", "watching for changes; press Ctrl-C to stop"))
    for batch in source:
        changed = relevant(root, batch)
        if changed:
            pending |= changed
            last_change = clock()
            continue
        if pending and clock() - last_change >= options.quiet:
            if run():
                pending.clear()
            else:
                last_change = clock()  # busy: try again after another quiet spell
    return WatchReport(rounds, papers, problems)


def one_round(root: Path, options: WatchOptions) -> tuple[list[WatchEvent], int]:
    """Build (or preview) once; return what happened, as events, and how many papers were written."""
    try:
        with locked(root, wait=0):
            pass
    except LockBusyError:
        return [WatchEvent("busy", "another bvpp command is using this project; rebuilding when it has finished")], 0
    except OSError as exc:
        return [WatchEvent("problem", f"cannot open the project folder: {exc.strerror or exc}")], 0
    try:
        if options.draft:
            return _preview(root, options)
        return _build(root, options)
    except LockBusyError as exc:
        return [WatchEvent("busy", exc.message)], 0
    except DocgenError as exc:
        events = [WatchEvent("problem", str(problem)) for problem in exc.problems]
        return events + [WatchEvent("problem", "fix it and save again; still watching")], 0


def _warnings(notices: Iterable[Notice]) -> list[WatchEvent]:
    return [WatchEvent("warning", f"warning: {notice}") for notice in notices]


def _build(root: Path, options: WatchOptions) -> tuple[list[WatchEvent], int]:
    from .build import build
    from .publish import publish

    report = build(root, options.documents, made=options.made())
    events = _warnings(report.warnings)
    changed = [r for r in report.documents if r.status != "up to date"]
    for r in changed:
        why = f"  ({', '.join(r.reasons)})" if r.reasons else ""
        events.append(WatchEvent(r.status, f"{r.status:>8}  {r.document:<12} v{r.version}  {r.path}{why}"))
    if not changed:
        events.append(WatchEvent("unchanged", "no paper changed"))
    if options.publish and changed:
        try:
            published = publish(root, [r.document for r in changed], office=options.office)
        except DocgenError as exc:  # the papers are built; say why their PDFs are not
            return events + [WatchEvent("problem", str(problem)) for problem in exc.problems], len(changed)
        events += _warnings(published.warnings)
        events += [WatchEvent("published", f"{p.status:>8}  {p.document:<12} v{p.version}  {p.path}")
                   for p in published.documents]
    return events, len(changed)


def _preview(root: Path, options: WatchOptions) -> tuple[list[WatchEvent], int]:
    """Render the papers whose content changed to build/.preview/, recording no version."""
    from .rendering import render_paper

    loaded = load(root)
    docs = select_documents(loaded.config, options.documents)
    register = load_register(root)
    events = _warnings(loaded.warnings)
    written: list[tuple[str, str]] = []
    errors: list[DocgenError] = []
    with locked(root):
        for doc in docs:
            candidate = loaded.candidates[doc]
            target = root / preview_path(doc)
            if options.previewed.get(doc) == candidate.fingerprint and target.is_file():
                continue
            latest = register.latest(doc)  # the preview carries the number the next version would have
            try:
                data = render_paper(loaded, candidate, latest.version + 1 if latest else 1, options.made(), "preview")
            except DocgenError as exc:
                errors.append(exc)
                continue
            write_atomic(target, data)
            options.previewed[doc] = candidate.fingerprint
            written.append((doc, preview_path(doc)))
    raise_all(errors)
    events += [WatchEvent("preview", f"{'preview':>8}  {doc:<12} {path}") for doc, path in written]
    if not written:
        events.append(WatchEvent("unchanged", "no paper changed"))
    if options.publish and written:
        try:
            events += _publish_previews(root, loaded, [doc for doc, _ in written], options)
        except DocgenError as exc:  # the previews are written; say why their PDFs are not
            events += [WatchEvent("problem", str(problem)) for problem in exc.problems]
    return events, len(written)


def _publish_previews(root: Path, loaded: Any, docs: list[str], options: WatchOptions) -> list[WatchEvent]:
    """Export each preview's PDF beside it (no register: a preview is no version)."""
    from ..pdf.libreoffice import PdfJob, export_pdfs
    from .load import paper_settings
    from .publish import has_contents_list

    jobs = []
    for doc in docs:
        settings = paper_settings(loaded.config, doc)
        docx = root / preview_path(doc)
        jobs.append(PdfJob(docx, docx.with_suffix(".pdf"), settings["title"], settings["author"], settings["subject"],
                           loaded.config.publish.language, options.made(), has_contents_list(docx)))
    if options.office is not None:
        options.office.export(jobs)
    else:
        export_pdfs(jobs, soffice=loaded.config.publish.soffice)
    return [WatchEvent("published", f"{'pdf':>8}  {doc:<12} {preview_path(doc)[:-5]}.pdf") for doc in docs]


def watch(root: Path, options: WatchOptions, say: Callable[[WatchEvent], None],
          source: Iterable[frozenset[Path]] | None = None, clock: Callable[[], float] = time.monotonic) -> WatchReport:
    """Watch the project until Ctrl-C (SIGINT) or SIGTERM: the signal ends the watch between rounds,
    never in the middle of one, so no file is left half-written and the lock is released."""
    from ..read.config_toml import load_config
    from ..store.watching import changed_files

    select_documents(load_config(root), options.documents)  # an unknown paper is refused at once
    stop = threading.Event()
    folders = [root]
    try:
        allowed = [(root / folder).resolve() for folder in load_config(root).paths.allow]
        folders += [folder for folder in allowed if folder.is_dir() and not folder.is_relative_to(root.resolve())]
    except DocgenError:
        pass
    if options.publish and options.office is None:
        from ..pdf.session import OfficeSession

        options.office = OfficeSession(load_config(root).publish.soffice)  # started on the first export
    handlers = _catch_signals(stop)
    try:
        report = watch_loop(root, options, source if source is not None else changed_files(folders, stop), clock, say)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        if options.office is not None:
            options.office.close()
    say(WatchEvent("stopped", "stopped watching"))
    return report


def _catch_signals(stop: threading.Event) -> dict[int, Any]:
    """Turn SIGINT and SIGTERM into `stop` while watching (only the main thread can)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous: dict[int, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda _signum, _frame: stop.set())
    return previous
