"""Sentence boundaries in raw article text, for keyword-in-context lines and claim quotes."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n\s*")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the sentence or line holding ``text[start:end]``, whitespace trimmed."""
    left = 0
    for match in _BOUNDARY.finditer(text, 0, start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end)
    right = right_match.start() if right_match else len(text)
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right
