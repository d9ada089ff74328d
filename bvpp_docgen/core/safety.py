"""What a paper may carry from a snippet: links to the web and to email only, images in formats Word holds."""

from __future__ import annotations

import re

LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP")


def link_problem(href: str) -> str | None:
    """Return why a snippet's link is refused (`None`: it may go into a paper)."""
    found = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", href)
    if found and found.group(1).lower() in LINK_SCHEMES:
        return None
    shown = href if len(href) <= 60 else f"{href[:57]}..."
    if found:
        return (f"link to {shown!r} refused: a {found.group(1).lower()}: link could run or open something on the "
                "reader's computer; papers link only to web addresses (http:, https:) and email (mailto:)")
    return (f"link to {shown!r} refused: it is not a web address; papers link only to web addresses "
            "(write https://...) and email (mailto:)")


def image_format(data: bytes) -> str | None:
    """Return the format of an image from its first bytes, if it is one a paper can hold (else `None`)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith(b"BM") and len(data) > 26:
        return "BMP"
    return None


def image_kind(data: bytes) -> str:
    """Return a name for an image's format as its bytes show it, for a message."""
    head = data[:512].lstrip().lower()
    if b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in head):
        return "an SVG drawing"
    if data.startswith(b"\x01\x00\x00\x00") and data[40:44] == b" EMF":
        return "an EMF drawing"
    if data.startswith((b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00")):
        return "a WMF drawing"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if data[8:12] == b"WEBP":
        return "a WebP image"
    return "not an image the papers can hold"


def image_problem(data: bytes, name: str) -> str | None:
    """Return why an image is refused (`None`: a paper can hold it); `name` says which image."""
    if image_format(data) is not None:
        return None
    kind = image_kind(data)
    return (f"{name} is {kind}; papers hold only PNG, JPEG, GIF and BMP images: save it as PNG and use that"
            if kind.startswith("a") else f"{name} is {kind} (PNG, JPEG, GIF or BMP): save it as PNG and use that")
