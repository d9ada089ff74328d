"""Make text from users' files safe for WordprocessingML without changing what it says."""

from __future__ import annotations

import re

# Everything XML 1.0 forbids: C0 controls other than TAB, LF and CR, surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# OOXML's escape for characters XML cannot hold, e.g. Excel's `_x000B_` for a vertical tab.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Line breaks as Word and Excel write them; a form feed must not become a page break.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def sanitize_text(value: str) -> str:
    """Return `value` with OOXML escapes decoded, breaks normalised to `\\n`, illegal chars removed."""
    if "_x" in value:
        value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
    return _XML_ILLEGAL.sub("", value)
