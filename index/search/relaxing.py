"""Relaxed queries: the hits with most of the words when too few have them all, and long queries.

A relaxed query is an OR of the words, each adding :data:`WORD_MATCH` to a hit's score; a hit must match at
least half of them. A short query's hits rank by how many words they match, then by their text score; a
query of :data:`LONG_QUERY` words or more is always relaxed, its hits ranked by their text score times the
share of the words they match (:class:`Coordination`).
"""

from __future__ import annotations

import math
from dataclasses import replace

from whoosh import query as wq
from whoosh.matching import WrappingMatcher
from whoosh.searching import Searcher

from dossier.index.search.query import ParsedQuery
from dossier.index.search.schema import ACRONYM_FIELD, MENTIONED_FIELD

#: What each word matched adds in a relaxed query, far above any text score: hits rank by how many match.
WORD_MATCH = 1000.0
#: A query of this many words or more is always searched relaxed: the hits with most of the words first.
LONG_QUERY = 4


def relaxed_variant(parsed: ParsedQuery, long: bool = False) -> ParsedQuery | None:
    """Most of the words instead of all: hits matching at least half of them, ranked by how many they match
    (then by score), or for a ``long`` query by score times the share of the words matched. None when the
    query is not a list of words that must all match."""
    q, optional = parsed.query, None
    if isinstance(q, wq.AndMaybe):
        q, optional = q.a, q.b
    if not isinstance(q, wq.And):
        return None
    loose = [sub for sub in q.subqueries if _is_words(sub)]
    fixed = [
        sub for sub in q.subqueries if not _is_words(sub)
    ]  # title:, date:, kind:, NOT … stay required
    if len(loose) < 2:
        return None
    relaxed: wq.Query = wq.Or([_Counted(sub) for sub in loose])
    if fixed:
        relaxed = wq.And([*fixed, relaxed])
    if optional is not None:
        relaxed = wq.AndMaybe(relaxed, optional)
    least = math.ceil(len(loose) / 2)
    return replace(
        parsed, query=relaxed, min_score=least * WORD_MATCH, coordinate=len(loose) if long else 0
    )


class Coordination:
    """Ranks a long query's relaxed hits by their text score times the share of the query's ``words`` they
    match (a relaxed score is :data:`WORD_MATCH` per word matched plus the text score): all four words of four
    keep their score, two keep half, so a hit with more of the words ranks higher unless one with fewer is far
    more about them. Counts the hits that have every word as it goes (:attr:`complete`)."""

    def __init__(self, words: int) -> None:
        self.words = words
        self.complete = 0

    def __call__(self, score: float) -> float:
        matched = int(score // WORD_MATCH)
        self.complete += matched >= self.words
        return (score - matched * WORD_MATCH) * matched / self.words


def is_long(parsed: ParsedQuery) -> bool:
    """A query of :data:`LONG_QUERY` words or more that must all match: searched relaxed whatever it finds."""
    q = parsed.query.a if isinstance(parsed.query, wq.AndMaybe) else parsed.query
    return isinstance(q, wq.And) and sum(_is_words(sub) for sub in q.subqueries) >= LONG_QUERY


def _is_words(q: wq.Query) -> bool:
    """A clause the parser made of plain words or names (searched in the body and beyond), not a field."""
    return not isinstance(q, wq.Not) and any(
        getattr(leaf, "fieldname", None) in ("body", "notes", MENTIONED_FIELD, ACRONYM_FIELD)
        for leaf in q.leaves()
    )


class _Counted(wq.WrappingQuery):
    """Matches what its child matches, scoring :data:`WORD_MATCH` more: an ``Or`` of these counts words."""

    score_added = WORD_MATCH  # what index.search.top_hits adds too

    def matcher(self, searcher: Searcher, context: object = None) -> WrappingMatcher:
        return _PlusMatcher(self.child.matcher(searcher, context))


class _PlusMatcher(WrappingMatcher):
    def _replacement(self, newchild: object) -> _PlusMatcher:
        return _PlusMatcher(newchild)

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        return self.child.score() + WORD_MATCH
