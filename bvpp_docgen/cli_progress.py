"""Progress on stderr for the commands that take a while, drawn with rich as Typer users know it.

Shown only on a terminal, never with --json, and only once a command has run for
`BVPP_PROGRESS_AFTER` seconds (default 1): a quick command prints nothing extra. The line is
erased when the work ends, so what stays on the screen is the command's report.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DELAY_SECONDS = 1.0


@contextmanager
def progress(as_json: bool = False) -> Iterator[Callable[[str], None]]:
    """Yield a callable taking what the work is doing now; draw it on stderr if that is a terminal."""
    if as_json or not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("working", total=None)
    try:
        delay = float(os.environ.get("BVPP_PROGRESS_AFTER", DELAY_SECONDS))
    except ValueError:
        delay = DELAY_SECONDS
    timer = threading.Timer(max(delay, 0.0), bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield lambda message: bar.update(task, description=message)
    finally:
        timer.cancel()
        timer.join()
        bar.stop()
