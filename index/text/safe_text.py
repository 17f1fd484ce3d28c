"""Text from the corpus made safe to show on a terminal, character for character.

Articles come from the open web and dossiers from anyone: their text may hold terminal control
sequences (OSC 52 writes the clipboard, CSI clears the screen, OSC 0 retitles the window, OSC 8
hides links) and bidi overrides that reorder what is shown. :func:`safe_text` replaces each such
character with ONE visible character, so a sequence is shown literally (``␛]52;c;…``) and can do
nothing, and every offset into the text stays right: highlights, mentions and quote spans computed
on the safe text are the spans the analyst sees. It runs where text enters dossier (article
decoding, dossier loading, problem messages), so no display path can forget it.

Mapped: C0 controls except tab and newline (to the Control Pictures ``␀``…``␟``; ``␛`` for ESC; a
carriage return before a newline becomes a space), DEL (``␡``), C1 controls (``\\x80``–``\\x9f``:
CSI, OSC, DCS, ST… in one byte), bidi embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069) and lone surrogates (undecodable file names), the last three to U+FFFD.
"""

from __future__ import annotations

import re
from typing import Any

#: Bump when the mapping changes: indexes store safe text, so they are rebuilt.
SAFE_TEXT_VERSION = 1

REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_PICTURES = {chr(code): chr(0x2400 + code) for code in range(0x20)} | {"\x7f": "\u2421"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r" and match.string.startswith("\n", match.end()):
        return " "
    return _PICTURES.get(char, REPLACEMENT)


def safe_text(text: str) -> str:
    """``text`` with every control, bidi-override or lone-surrogate character replaced by one
    visible one.

    The result has the same length as ``text`` (offsets stay valid) and is ``text`` itself when it
    was safe.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_visible, text)


def is_safe(text: str) -> bool:
    """Whether ``text`` holds nothing :func:`safe_text` would replace."""
    return _UNSAFE.search(text) is None


def safe_data(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """A parsed YAML value with :func:`safe_text` applied to every string in it (keys included).

    Shared nodes (YAML aliases) are converted once and stay shared, so an alias bomb costs no more
    here than the document's own size.
    """
    if isinstance(value, str):
        return safe_text(value)
    if not isinstance(value, dict | list):
        return value
    done = {} if _done is None else _done
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, list):
        items: list[Any] = []
        done[id(value)] = items  # registered first: a recursive document (&a [*a]) stays finite
        items.extend(safe_data(item, done) for item in value)
        return items
    mapping: dict[Any, Any] = {}
    done[id(value)] = mapping
    for key, item in value.items():
        mapping[safe_data(key, done)] = safe_data(item, done)
    return mapping
