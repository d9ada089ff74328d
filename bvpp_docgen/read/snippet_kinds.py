"""What a file that is not a readable snippet really is, and how to make it one: the message for the author."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, and password-protected .docx
SAVE_AS = "open it in Word and save it as .docx (File, Save as, Word Document)"
OTHER_KINDS = {
    ".doc": f"a Word 97-2003 .doc file: {SAVE_AS}",
    ".docm": f"a macro-enabled Word file: {SAVE_AS}",
    ".dot": f"a Word template: {SAVE_AS}",
    ".dotx": f"a Word template: {SAVE_AS}",
    ".odt": f"an OpenDocument .odt file: {SAVE_AS}",
    ".rtf": f"a Rich Text .rtf file: {SAVE_AS}",
    ".wpd": f"a WordPerfect file: {SAVE_AS}",
    ".pages": "a Pages file: export it from Pages as Word (.docx)",
    ".txt": "a plain .txt file: rename it to .md (Markdown, read as plain paragraphs), or " + SAVE_AS,
    ".pdf": "a PDF: bvpp cannot read text back from a PDF; save the document it came from as .docx",
    ".html": f"a web page: {SAVE_AS}",
    ".htm": f"a web page: {SAVE_AS}",
    ".mht": f"a web archive: {SAVE_AS}",
}


def other_kind(path: Path) -> str:
    """Return the message for a snippet whose suffix bvpp does not read."""
    suffix = path.suffix.lower()
    return OTHER_KINDS.get(suffix, f"bvpp reads .docx and .md snippets, not {path.suffix or 'files without a suffix'}: {SAVE_AS}")


def check_docx_bytes(path: Path, label: str) -> None:
    """Refuse a `.docx` that is really another kind of file, saying what it is and what to do."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(f"cannot read the snippet ({exc.strerror})", location=Location(label)) from None
    if head.startswith(b"PK"):
        return
    if head == OLE_MAGIC:
        msg = f"an old Word .doc file (or a password-protected one) named .docx: remove any password, then {SAVE_AS}"
    elif head.startswith(b"{\\rtf"):
        msg = f"a Rich Text (.rtf) file named .docx: {SAVE_AS}"
    elif head.startswith(b"%PDF"):
        msg = "a PDF named .docx: bvpp cannot read text back from a PDF; save the document it came from as .docx"
    elif head.lstrip().startswith(b"<"):
        msg = f"a web page (HTML) named .docx: {SAVE_AS}"
    elif not head:
        msg = f"an empty file: {SAVE_AS} again"
    else:
        msg = f"not a Word .docx file (it is not a zip package): {SAVE_AS}"
    raise InputError(msg, location=Location(label))


def same_name_other_kind(root: Path, relative: str) -> str | None:
    """Return a file beside the conventional snippet path with the same name but another suffix, if any."""
    folder = (root / relative).parent
    name = Path(relative).name
    if not folder.is_dir():
        return None
    found = sorted(p for p in folder.glob(f"{name}.*") if p.suffix.lower() in OTHER_KINDS and p.is_file())
    return found[0].relative_to(root).as_posix() if found else None
