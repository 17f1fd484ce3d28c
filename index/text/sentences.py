"""Sentence boundaries in raw article text, for keyword-in-context lines, claim quotes and citing."""

from __future__ import annotations

import re

from dossier.index.text.analysis import fold

#: A sentence ends at ., !, ? or … (and any closing quotes) before a space, but not at the full stop of a
#: single capital letter: initials and "U. S." ("U. S. military forces") continue the sentence.
_BOUNDARY = re.compile(r"(?<=[.!?…])(?<!\b[A-Z]\.)[\"'”’)]*\s+|\n\s*")

Bounds = tuple[int, int]


def sentence_bounds(text: str, start: int, end: int) -> Bounds:
    """The (start, end) of the sentence or line holding ``text[start:end]``, whitespace trimmed."""
    left = 0
    for match in _BOUNDARY.finditer(text, 0, start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end)
    right = right_match.start() if right_match else len(text)
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def sentences(text: str) -> list[Bounds]:
    """Every sentence (or line without a sentence end) of ``text``, in order, whitespace trimmed.

    The same boundaries as :func:`sentence_bounds`: each of these is what that function returns for any
    offset inside it.
    """
    out: list[Bounds] = []
    left = 0
    for match in _BOUNDARY.finditer(text):
        _add(text, left, match.start(), out)
        left = match.end()
    _add(text, left, len(text), out)
    return out


def _add(text: str, left: int, right: int, out: list[Bounds]) -> None:
    while right > left and text[right - 1].isspace():
        right -= 1
    while left < right and text[left].isspace():
        left += 1
    if right > left:
        out.append((left, right))


def sentence_matching(text: str, quote: str) -> Bounds | None:
    """The sentence of ``text`` equal to ``quote`` once both are folded (see :func:`analysis.fold`), or None."""
    wanted = fold(quote)
    return next((b for b in sentences(text) if fold(text[b[0]:b[1]]) == wanted), None) if wanted else None
