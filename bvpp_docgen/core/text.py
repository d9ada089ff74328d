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
    if value.isprintable() and "_x" not in value:  # most cells: no control, surrogate or non-character to act on
        return value
    if "_x" in value:
        value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
    return _XML_ILLEGAL.sub("", value)


# A list entry in a bvpp.toml key is shown as `#N`, counted from 1 as a clerk counts the
# `[[plan.sections]]` blocks: `plan.sections#5.snippet` is the fifth. The register records
# source names with Python's zero-based `[4]`; they are converted only when shown.
_RECORDED_INDEX = re.compile(r"\[(\d+)\]")


def item_key(key: str, index: int) -> str:
    """Return the key of the list entry at zero-based `index` as users read it: `plan.sections#5`."""
    return f"{key}#{index + 1}"


def shown_key(name: str) -> str:
    """Return a recorded config key (`promises[2].title`) as users read it (`promises#3.title`)."""
    return _RECORDED_INDEX.sub(lambda m: f"#{int(m.group(1)) + 1}", name)


def shown_change(line: str) -> str:
    """Return a recorded change line with its config key as users read it (older registers recorded `[2]`)."""
    head, sep, rest = line.partition("config changed: ")
    if head or not sep:
        return line
    key, colon, tail = rest.partition(":")
    return f"{sep}{shown_key(key)}{colon}{tail}"

