"""From every hit a query found to the best ones: one place for both scorers (the block scorer and
Whoosh's collectors) to keep a relaxed query's hits and rank them."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice

from dossier.index.search.relaxing import Relaxation

#: docnum → score, for every document a query matches.
Scores = dict[int, float]


@dataclass(frozen=True)
class Found:
    """What a scorer found: docnum → score (in the order shown, when sorted by date), and how many
    of a relaxed query's words each document matched."""

    scores: Scores
    words: Mapping[int, int] = field(default_factory=dict)
    #: How many hits there are, when ``scores`` holds only the best of them (Whoosh's top-k
    #: collector).
    total: int | None = None


@dataclass(frozen=True)
class Ranked:
    """The best hits, best first, and how many hits there are (``estimated``: from a sample)."""

    hits: list[tuple[int, float]]
    total: int
    estimated: bool = False
    #: Every hit's document number, when known (to count the dossiers among them).
    matched: Collection[int] | None = None
    #: Relaxed: how many hits have every word.
    complete: int = 0
    #: The scorer ran out of time: these are the hits found until then.
    stopped: bool = False


def rank(
    found: Found, k: int, relaxation: Relaxation | None = None, in_order: bool = False
) -> Ranked:
    """The ``k`` best of ``found`` (``in_order``: the first ``k``, as a date order gave them). A
    relaxed query keeps the hits with at least :attr:`Relaxation.least` of its words and ranks them
    as it says."""
    scores, words = found.scores, found.words
    if relaxation is None:
        hits = list(islice(scores.items(), k)) if in_order else top(scores, k)
        total = len(scores) if found.total is None else found.total
        return Ranked(hits, total, matched=scores if found.total is None else None)
    kept = relaxation.kept(scores, words)
    if in_order:
        hits = list(islice(kept.items(), k))
    elif relaxation.long:
        hits = top(kept, k)
    else:
        hits = _by_words(kept, words, k)
    complete = sum(words[docnum] >= relaxation.words for docnum in kept)
    return Ranked(hits, len(kept), matched=kept, complete=complete)


def _by_words(scores: Scores, words: Mapping[int, int], k: int) -> list[tuple[int, float]]:
    """The ``k`` best by how many words they match, then by score (then in document order)."""
    by_words: dict[int, Scores] = {}
    for docnum, score in scores.items():
        by_words.setdefault(words[docnum], {})[docnum] = score
    hits: list[tuple[int, float]] = []
    for count in sorted(by_words, reverse=True):
        if len(hits) >= k:
            break
        hits += top(by_words[count], k - len(hits))
    return hits


def top(scores: Scores, k: int) -> list[tuple[int, float]]:
    """The ``k`` best (docnum, score), best first; equal scores in document order, as Whoosh ranks
    them."""
    if k <= 0 or not scores:
        return []
    if len(scores) > k:
        floor = heapq.nlargest(k, scores.values())[-1]
        candidates: Iterable[tuple[int, float]] = [(d, s) for d, s in scores.items() if s >= floor]
    else:
        candidates = scores.items()
    return sorted(candidates, key=lambda item: (-item[1], item[0]))[:k]
