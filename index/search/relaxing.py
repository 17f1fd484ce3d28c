"""Relaxed queries: the hits with most of the words when too few have them all, and long queries.

A relaxed query is an OR of the words, each a :class:`~index.search.whoosh_raw.CountedWords`: beside
its score, each hit counts how many of the words it matches, and must match at least half of them. A
short query's hits rank by how many words they match, then by their text score; a query of
:data:`LONG_QUERY` words or more is always relaxed, its hits ranked by their text score times the
share of the words they match (see :meth:`Relaxation.kept`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from whoosh import query as wq

from dossier.index.search.query import ParsedQuery
from dossier.index.search.schema import ACRONYM_FIELD, MENTIONED_FIELD
from dossier.index.search.whoosh_raw import CountedWords

#: A query of this many words or more is always searched relaxed: the hits with most of the words
#: first.
LONG_QUERY = 4


@dataclass(frozen=True)
class Relaxation:
    """A query relaxed to most of its words: the query, how many words it has, and how its hits
    rank."""

    parsed: ParsedQuery
    #: How many words (clauses of plain words or names) the query has.
    words: int
    #: A long query: hits rank by their text score times the share of the words they match (all four
    #: words of four keep their score, two keep half), not by how many words first.
    long: bool = False

    @property
    def least(self) -> int:
        """The fewest words a hit must match."""
        return math.ceil(self.words / 2)

    def kept(self, scores: Mapping[int, float], words: Mapping[int, int]) -> dict[int, float]:
        """The hits that match at least :attr:`least` of the words (``words``: how many each
        matches), with their scores: a long query's times the share of the words they match."""
        least, count = self.least, self.words
        if not self.long:
            return {d: s for d, s in scores.items() if words.get(d, 0) >= least}
        return {d: s * words[d] / count for d, s in scores.items() if words.get(d, 0) >= least}


def relaxed_variant(parsed: ParsedQuery, long: bool = False) -> Relaxation | None:
    """Most of the words instead of all: hits matching at least half of them, ranked by how many
    they match (then by score), or for a ``long`` query by score times the share of the words
    matched. None when the query is not a list of words that must all match."""
    q, optional = parsed.query, None
    if isinstance(q, wq.AndMaybe):
        q, optional = q.a, q.b
    if not isinstance(q, wq.And):
        return None
    loose = [sub for sub in q.subqueries if _is_words(sub)]
    fixed = [sub for sub in q.subqueries if not _is_words(sub)]  # title:, date:, kind:, NOT … stay
    if len(loose) < 2:
        return None
    relaxed: wq.Query = wq.Or([CountedWords(sub) for sub in loose])
    if fixed:
        relaxed = wq.And([*fixed, relaxed])
    if optional is not None:
        relaxed = wq.AndMaybe(relaxed, optional)
    return Relaxation(replace(parsed, query=relaxed), words=len(loose), long=long)


def is_long(parsed: ParsedQuery) -> bool:
    """A query of :data:`LONG_QUERY` words or more that must all match: searched relaxed whatever it
    finds."""
    q = parsed.query.a if isinstance(parsed.query, wq.AndMaybe) else parsed.query
    return isinstance(q, wq.And) and sum(_is_words(sub) for sub in q.subqueries) >= LONG_QUERY


def _is_words(q: wq.Query) -> bool:
    """A clause the parser made of plain words or names (searched in the body and beyond), not a
    field."""
    return not isinstance(q, wq.Not) and any(
        getattr(leaf, "fieldname", None) in ("body", "notes", MENTIONED_FIELD, ACRONYM_FIELD)
        for leaf in q.leaves()
    )
