"""What a paper may carry from a snippet: which links and which image bytes."""

from __future__ import annotations

import pytest

from bvpp_docgen.core.safety import image_format, image_problem, link_problem

from ..wordfiles import png


@pytest.mark.parametrize("href", ["https://www.hertsdirect.org/", "http://example.org/a?b=1", "mailto:bvpp@hertscc.gov.uk",
                                  "HTTPS://EXAMPLE.ORG"])
def test_web_and_mail_links_pass(href: str) -> None:
    assert link_problem(href) is None


@pytest.mark.parametrize(("href", "scheme"), [("javascript:alert(1)", "javascript"), ("JavaScript:alert(1)", "javascript"),
                                              ("file:///etc/passwd", "file"), ("data:text/html,x", "data"),
                                              ("vbscript:msgbox", "vbscript"), ("ftp://example.org", "ftp")])
def test_other_schemes_are_refused_by_name(href: str, scheme: str) -> None:
    problem = link_problem(href)
    assert problem is not None
    assert problem.startswith(f"link to {href!r} refused: a {scheme}: link")


@pytest.mark.parametrize("href", ["notes.pdf", "../secret.txt", "#section-2", "www.hertsdirect.org"])
def test_links_without_a_scheme_are_not_web_addresses(href: str) -> None:
    assert link_problem(href) == (f"link to {href!r} refused: it is not a web address; papers link only to web "
                                  "addresses (write https://...) and email (mailto:)")


def test_long_links_are_shortened_in_the_message() -> None:
    problem = link_problem("javascript:" + "x" * 200)
    assert problem is not None and "x" * 46 + "...'" in problem and "x" * 60 not in problem


def test_images_are_told_by_their_bytes() -> None:
    assert image_format(png()) == "PNG"
    assert image_format(b"\xff\xd8\xff\xe0" + b"\x00" * 20) == "JPEG"
    assert image_format(b"GIF89a" + b"\x00" * 20) == "GIF"
    assert image_format(b"BM" + b"\x00" * 60) == "BMP"
    assert image_format(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


@pytest.mark.parametrize(("data", "kind"), [
    (b"<?xml version='1.0'?><svg/>", "an SVG drawing"),
    (b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 8, "an EMF drawing"),
    (b"\xd7\xcd\xc6\x9a" + b"\x00" * 20, "a WMF drawing"),
    (b"II*\x00" + b"\x00" * 20, "a TIFF image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a WebP image"),
])
def test_images_a_paper_cannot_hold_are_named(data: bytes, kind: str) -> None:
    assert image_problem(data, "image 'chart.png'") == (f"image 'chart.png' is {kind}; papers hold only PNG, JPEG, "
                                                        "GIF and BMP images: save it as PNG and use that")
