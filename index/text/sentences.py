"""Sentence boundaries in raw article text, for keyword-in-context lines, claim quotes and
citing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dossier.index.text.analysis import fold

#: A sentence ends at ., !, ? or … (and any closing quotes) before a space, but not at the full stop
#: of a single capital letter: initials and "U. S." ("U. S. military forces") continue the sentence.
#: A line end always ends one.
_BOUNDARY = re.compile(r"(?<=[.!?…])(?<!\b[A-Z]\.)[\"'”’)]*\s+|\n\s*")

#: Abbreviations that come before what they qualify ("Mr. Forsyth", "No. 10", "Smith vs. Jones",
#: "e.g. this"): a full stop after one never ends a sentence.
_BEFORE = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Mx",
        "Dr",
        "St",
        "Mt",
        "Ft",
        "Rep",
        "Reps",
        "Sen",
        "Sens",
        "Gov",
        "Gen",
        "Lt",
        "Col",
        "Maj",
        "Capt",
        "Cmdr",
        "Adm",
        "Sgt",
        "Cpl",
        "Pvt",
        "Brig",
        "Prof",
        "Rev",
        "Hon",
        "Pres",
        "Supt",
        "Det",
        "Insp",
        "Messrs",
        "Mmes",
        "No",
        "Nos",
        "Nr",
        "Vol",
        "Fig",
        "vs",
        "v",
        "e.g",
        "i.e",
        "cf",
        "viz",
        "approx",
        "ca",
    }
)
#: Abbreviations that end a name or come before a number ("Acme Inc. said", "Jan. 5", "apples, pears
#: etc. and"): their full stop ends a sentence only before a capital letter.
_AFTER = frozenset(
    {
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "Bros",
        "Jr",
        "Sr",
        "etc",
        "al",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    }
)
_TOKEN = re.compile(r"[\w.]+$")
_LOOKBACK = 12  # characters before a full stop searched for the abbreviation it may end

Bounds = tuple[int, int]


def _boundaries(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The sentence boundaries of ``text[start:end]``: the matches of ``_BOUNDARY`` not after an
    abbreviation."""
    for match in _BOUNDARY.finditer(text, start, len(text) if end is None else end):
        stop = match.start() - 1
        if stop < 0 or text[stop] != "." or "\n" in match.group():
            yield match
            continue
        token = _TOKEN.search(text, max(0, stop - _LOOKBACK), stop)
        word = token.group().lstrip(".") if token else ""
        if word in _BEFORE or word.lower() in ("e.g", "i.e"):
            continue
        following = text[match.end() : match.end() + 1]
        if word in _AFTER and not following.isupper():
            continue
        yield match


def sentence_bounds(text: str, start: int, end: int) -> Bounds:
    """The (start, end) of the sentence or line holding ``text[start:end]``, whitespace trimmed."""
    left = 0
    for match in _boundaries(text, 0, start):
        left = match.end()
    right_match = next(_boundaries(text, end), None)
    right = right_match.start() if right_match else len(text)
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def sentences(text: str) -> list[Bounds]:
    """Every sentence (or line without a sentence end) of ``text``, in order, whitespace trimmed.

    The same boundaries as :func:`sentence_bounds`: each of these is what that function returns for
    any offset inside it.
    """
    out: list[Bounds] = []
    left = 0
    for match in _boundaries(text):
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
    """The sentence of ``text`` equal to ``quote`` once both are folded (see :func:`analysis.fold`),
    or None."""
    wanted = fold(quote)
    return (
        next((b for b in sentences(text) if fold(text[b[0] : b[1]]) == wanted), None)
        if wanted
        else None
    )
