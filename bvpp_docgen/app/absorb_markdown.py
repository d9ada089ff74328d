"""Absorb one edited region into its Markdown snippet: its text as Markdown, its pictures as image files beside it.

A picture the snippet already names (the same bytes) keeps its file; a new one (a reader's) is
written beside the snippet as `<snippet-stem>-image-<n>.<ext>`, never over an existing file, and
referenced as `![alt text](file)`. The Markdown written must read back as the paper does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..core.absorb import key, normal, without_notes
from ..core.markdown_out import to_markdown
from ..core.narrative import Block, Paragraph, Picture, Table, map_block_spans
from ..core.safety import image_format, image_problem
from ..errors import InputError
from ..read.markdown import parse_markdown

_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "BMP": "bmp"}


@dataclass
class MarkdownOutcome:
    """The snippet's new text (None: refused, `message` says why) and the image files to write beside it."""

    text: str | None
    message: str = ""
    images: dict[str, bytes] = field(default_factory=dict)  # project path -> bytes (new files only)


def rewrite_markdown(root: Path, value: str, blocks: tuple[Block, ...]) -> MarkdownOutcome:
    """Return the Markdown snippet `value` rewritten from `blocks` (normalised, facts as references)."""
    folder = PurePosixPath(value).parent
    known = _named_images(root, value)  # digest -> the name the snippet uses for those bytes
    names: dict[str, str] = {}
    images: dict[str, bytes] = {}
    taken: set[str] = set()
    for picture in _pictures(blocks):
        digest = hashlib.sha256(picture.data).hexdigest()
        if digest in names:
            continue
        if digest in known:
            names[digest] = known[digest]
            continue
        problem = image_problem(picture.data, "a picture in the paper")
        if problem:
            return MarkdownOutcome(None, f"{problem}; then copy the edit into {value} by hand")
        name = _free_name(root, value, _EXTENSIONS[image_format(picture.data) or "PNG"], taken)
        taken.add(name)
        names[digest] = name
        images[str(folder / name)] = picture.data

    def name_of(picture: Picture) -> str:
        return names[hashlib.sha256(picture.data).hexdigest()]

    shown = without_notes(blocks)
    text = to_markdown(shown, name_of)
    by_name = {name: digest for digest, name in names.items()}
    data = {digest: p.data for p in _pictures(blocks) if (digest := hashlib.sha256(p.data).hexdigest()) in names}

    def load(src: str, alt: str) -> Picture | None:
        digest = by_name.get(src)
        return Picture(data[digest], alt, 0, 0) if digest else None

    if key(normal(parse_markdown(text, load))) != key(facts_as_text(shown)):
        return MarkdownOutcome(None, "the edited text cannot be written as Markdown that reads back the same: "
                                     f"copy the edit into {value} by hand")
    message = ""
    if images:
        message = f"; the reader's {'picture is' if len(images) == 1 else 'pictures are'} in {', '.join(images)}"
    return MarkdownOutcome(text, message, images)


def _pictures(blocks: tuple[Block, ...]) -> list[Picture]:
    spans = [s for b in blocks for s in (b.spans if isinstance(b, Paragraph) else
                                         [s for row in b.rows for cell in row for s in cell] if isinstance(b, Table) else [])]
    return [s.picture for s in spans if s.picture is not None]


def _named_images(root: Path, value: str) -> dict[str, str]:
    """Return the images the snippet names now, by the digest of their bytes (unreadable ones left out)."""
    found: dict[str, str] = {}
    path = root / value

    def load(src: str, alt: str) -> Picture | None:
        try:
            target = (path.parent / src).resolve()
            target.relative_to(root.resolve())
            found.setdefault(hashlib.sha256(target.read_bytes()).hexdigest(), src)
        except (OSError, ValueError):
            pass
        return None

    try:
        parse_markdown(path.read_text(encoding="utf-8"), load)
    except (OSError, UnicodeDecodeError, InputError):
        return {}
    return found


def _free_name(root: Path, value: str, extension: str, taken: set[str]) -> str:
    """Return `<stem>-image-<n>.<extension>` with the lowest n naming no file beside the snippet."""
    path = PurePosixPath(value)
    n = 1
    while True:
        name = f"{path.stem}-image-{n}.{extension}"
        if name not in taken and not (root / path.parent / name).exists():
            return name
        n += 1


def facts_as_text(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return blocks with each fact as its reference text, as the Markdown written reads back before filling."""
    return normal(tuple(map_block_spans(b, lambda s: replace(s, text=f"[[{s.fact}]]", fact=None) if s.fact else s) for b in blocks))
