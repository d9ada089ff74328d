"""Absorb one edited region into its Word snippet: rewritten in the snippet's own conventions, checked by reading it back.

The reader's tracked changes and comments arrive in the snippet as tracked changes and comments
(with `accept_changes`, accepted and dropped). The snippet written is read back as `bvpp build`
reads it (changes accepted): if it would not read as the paper does, it is refused, not written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.absorb import key, normal
from ..core.narrative import Block, Paragraph, Table, map_block_spans
from ..errors import InputError, Location, Notice, plural
from ..read.returned import ReturnedRegion
from ..read.word import read_word_snippet
from ..store.layout import CONFIG_NAME
from ..write.word_absorb import absorb_into_word


@dataclass
class WordOutcome:
    """The snippet's new bytes (None: refused, `message` says why), what to say, and the warnings."""

    data: bytes | None
    message: str
    warnings: list[Notice] = field(default_factory=list)


def rewrite_word(root: Path, paper: bytes, label: str, value: str, region: ReturnedRegion,
                 blocks: tuple[Block, ...], accept: bool) -> WordOutcome:
    """Return the Word snippet `value` rewritten from `region` of the paper (`blocks`: the region as read, normalised)."""
    try:
        done = absorb_into_word(paper, label, value, region.ordinal, (root / value).read_bytes(), region.heading_above, accept,
                                region.mark)
    except (InputError, OSError) as exc:
        reason = exc.message if isinstance(exc, InputError) else exc.strerror
        return WordOutcome(None, f"cannot be rewritten ({reason}): copy the edit into {value} by hand")
    if not _reads_as(done.data, value, blocks):
        return WordOutcome(None, f"the edited part cannot be written into {value} so that it reads back the same: "
                                 f"copy the edit into {value} by hand")
    warnings = [Notice(message, Location(value)) for message in done.warnings]
    if done.dropped_comments:
        one = done.dropped_comments == 1
        dropped = plural(done.dropped_comments, "comment")
        warnings.append(Notice(f"{dropped} in the paper's part of {value} {'was' if one else 'were'} dropped "
                               f"(--accept-changes): read {'it' if one else 'them'} in the paper", Location(label)))
    held = [kind for kind, n in (("tracked changes", done.revisions), ("comments", done.comments)) if n]
    message = ""
    if held:
        message = (f"; {value} now holds the readers' {' and '.join(held)}: accept or reject them in Word, then build "
                   f"(or set snippets.accept_changes = true in {CONFIG_NAME})")
    return WordOutcome(done.data, message, warnings)


def _reads_as(data: bytes, value: str, blocks: tuple[Block, ...]) -> bool:
    """Return whether the snippet `data` reads (changes accepted, facts unfilled) as `blocks` with facts as `[[key]]`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(value).name
        path.write_bytes(data)
        try:
            snippet = read_word_snippet(path, value, accept_changes=True)
        except InputError:
            return False
    facts = tuple(map_block_spans(b, lambda s: replace(s, text=f"[[{s.fact}]]", fact=None) if s.fact else s) for b in blocks)
    return _compared(normal(snippet.narrative.blocks)) == _compared(normal(facts))


def _compared(blocks: tuple[Block, ...]) -> tuple:
    """Return what must read the same: text, headings, emphasis, links (a list's kind is the snippet's own numbering's)."""
    plain = tuple(replace(b, kind="bullet", list_no=0) if isinstance(b, Paragraph) and b.kind == "number"
                  else replace(b, rows=tuple(_unmerged(row) for row in b.rows)) if isinstance(b, Table) else b
                  for b in blocks)
    return key(normal(plain))


def _unmerged(row: tuple) -> tuple:
    """Return a row without its trailing empty cells (a merged cell reads as one cell, or as one and empty ones)."""
    cells = list(row)
    while cells and not "".join(s.text for s in cells[-1]).strip():
        cells.pop()
    return tuple(cells)
