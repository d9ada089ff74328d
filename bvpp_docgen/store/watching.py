"""The project's files as they change: batches of changed paths from the operating system (watchfiles).

watchfiles asks the kernel (inotify, FSEvents, ReadDirectoryChangesW) for changes instead of
polling every file, so a save is seen within milliseconds whatever the project's size. Every
`tick` seconds without a change the source yields an empty batch, so the caller's loop can keep
its own time (debounce, retries) and stop promptly when `stop` is set.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

TICK_SECONDS = 0.02  # a save is taken up within 20 ms of its quiet spell (idle: ~0.3 % of a core more than 50 ms)


def changed_files(
    folders: Sequence[Path], stop: threading.Event, tick: float = TICK_SECONDS
) -> Iterator[frozenset[Path]]:
    """Start watching `folders` now, and return the paths changed (created, modified, deleted, renamed)
    under them, batch by batch, or an empty batch after each quiet `tick`; end when `stop` is set.

    Watching starts before this returns, so a save made while the caller is busy (say, building)
    is in the next batch, not lost.
    """
    import watchfiles

    ms = max(1, int(tick * 1000))
    batches = watchfiles.watch(
        *folders, watch_filter=None, debounce=1600, step=ms, stop_event=stop, rust_timeout=ms,
        yield_on_timeout=True, raise_interrupt=False, ignore_permission_denied=True,
    )
    first = next(batches, set())  # sets the watch up; changes from here on are kept until read

    def paths() -> Iterator[frozenset[Path]]:
        for changes in itertools.chain([first], batches):
            if stop.is_set():
                return
            yield frozenset(Path(path) for _change, path in changes)

    return paths()
