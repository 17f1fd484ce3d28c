"""A did-you-mean line for a query that found nothing: its unknown words replaced by the closest
ones indexed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from dossier.index.search.name_lookup import edit_distance
from dossier.index.search.query import (
    MAX_FUZZY_LETTERS,
    OPERATORS,
    SYNTAX_CHUNK,
    WORD,
    ParsedQuery,
    term_text,
)
from dossier.index.search.schema import WORDS_FIELD
from dossier.index.text.analysis import fold_word, stem

_ARTICLE_TEXT = ("title", "body")


class Lexicon(Protocol):
    """What a suggestion reads of an index: which words it holds, and in how many documents."""

    def __contains__(self, term: object) -> bool: ...

    def terms_within(
        self, fieldname: str, text: str, maxdist: int, prefix: int = 0
    ) -> Iterable[str | bytes]: ...

    def doc_frequency(self, fieldname: str, text: str) -> int: ...


def suggestion(parsed: ParsedQuery, reader: Lexicon) -> str | None:
    """A did-you-mean line: the query with each word the index does not hold replaced by the closest
    indexed spelling (fewest edits, then the one most articles use), capitalised as typed; field
    syntax is kept."""
    text, changed = parsed.text, False
    syntax = [m.span() for m in SYNTAX_CHUNK.finditer(text)]
    for match in reversed(list(WORD.finditer(text))):
        word = match.group()
        if word in OPERATORS or any(s <= match.start() < e for s, e in syntax):
            continue
        folded = fold_word(word)
        if (WORDS_FIELD, folded) in reader or len(folded) > MAX_FUZZY_LETTERS:
            continue
        best = _closest(folded, reader)
        if best is not None:
            best = best.capitalize() if word[:1].isupper() else best
            text, changed = text[: match.start()] + best + text[match.end() :], True
    return text if changed else None


def _closest(folded: str, reader: Lexicon) -> str | None:
    """The indexed word fewest edits from ``folded`` (one up to five letters, two beyond; same first
    letter; a transposition is one edit: ``russain`` is ``russian``, not ``russia``), among those
    the most articles use."""
    limit = 1 if len(folded) <= 5 else 2
    near = {term_text(t) for t in reader.terms_within(WORDS_FIELD, folded, limit, prefix=1)} - {
        folded
    }
    if not near:
        return None
    return min(
        sorted(near),
        key=lambda w: (
            edit_distance(folded, w, limit),
            -sum(reader.doc_frequency(f, stem(w)) for f in _ARTICLE_TEXT),
        ),
    )
