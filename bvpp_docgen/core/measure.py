"""How wide text is on the page, so that table columns can be chosen to fit their figures. Pure.

The house font is Arial (templates set it; LibreOffice draws it with Liberation Sans, which
has the same advance widths). A figure such as `22,981.0` is one word: when its column is
narrower than it, Word and LibreOffice both break it between digits. Fixed-layout tables
ignore `w:noWrap`, so the only cure both honour is a column wide enough for the figure.
"""

from __future__ import annotations

import functools

# Advance widths in thousandths of an em, printable ASCII (space to `~`), Arial regular and bold.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
    556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
    611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
    611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
    556, 556, 500, 389, 280, 389, 584,
)
_OTHER = {"£": 556, "€": 556, "–": 556, "—": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "\u00a0": 278}
_UNKNOWN = 1000  # a character not listed is taken as a full em: too wide rather than too narrow

CM_PER_POINT = 2.54 / 72
CELL_MARGIN_CM = 0.19  # Word's default cell margin each side, 108 twips (the house table style's)
SAFETY_CM = 0.12  # borders, and the rounding of widths to twips and of glyphs to device pixels


@functools.lru_cache(maxsize=1 << 16)  # a plan measures each reference, title and figure in two tables
def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of `text` on one line in Arial of `size_pt` points."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for char in text:
        code = ord(char)
        units += table[code - 32] if 32 <= code < 127 else _OTHER.get(char, _UNKNOWN)
    return units / 1000 * size_pt * CM_PER_POINT


def cell_width_cm(
    lines: list[str], size_pt: float, bold: bool = False, whole: bool = True, margin_cm: float = CELL_MARGIN_CM,
) -> float:
    """Return the column width in which none of `lines` breaks inside a word (`whole`: not at all),
    with cell margins of `margin_cm` each side."""
    pieces = lines if whole else [word for line in lines for word in line.split()]
    widest = max((text_width_cm(piece, size_pt, bold) for piece in pieces), default=0.0)
    return widest + 2 * margin_cm + SAFETY_CM
