"""Exact top hits, scored a block of postings at a time.

Whoosh scores a query by walking a tree of matchers one posting at a time, several Python calls deep
per document: a word found in 9 000 of 10 000 articles cost 30 ms, ten times that at 100 000. The
queries that make up nearly every search are terms in fields combined by OR, AND, AND MAYBE and AND
NOT, patterns and fuzzy words (which expand to terms) and phrases. For those, this module reads each
term's postings one block (128 postings) at a time and scores the block in one comprehension with
the scorer's own formula (:func:`index.search.ranking.block_scorer`), so every hit gets the score
Whoosh would give it, the count is exact, and the cost per posting is a fraction of a microsecond.
Phrases are the AND of their words, checked for adjacent positions read from the same blocks (past
:data:`CHECK_ALL` candidates, only where the best hits need it, and counted from a sample).

Anything else (phrases with slop, ranges, spans) makes :meth:`BlockScorer.scores` return None, and
the caller asks Whoosh as before.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from dossier.index.search.limits import Check
from dossier.index.search.ranked import Found, Ranked, Scores, rank, top
from dossier.index.search.ranking import block_scorer
from dossier.index.search.relaxing import Relaxation
from dossier.index.search.whoosh_raw import (
    CountedWords,
    ScaledTerm,
    blocks,
    deleted_docs,
    pattern_words,
    positions_decoder,
    segment_field_lengths,
    unfiltered_postings,
)

_CHECK_EVERY = 16  # blocks between two calls of ``check``
#: A phrase with more candidates (documents holding all its words) than this checks positions only
#: where the best hits need it, and estimates its count from :data:`SAMPLE` of the rest (100 000
#: articles: 58 000 candidates for "ballistic missiles", 170 ms to check them all).
CHECK_ALL = 20_000
SAMPLE = 2_000
_RESIDUE = 1e-9  # what float sums leave of a score once a failed share is taken off


class Unsupported(Exception):
    """The query has a part this module does not score: leave the query to Whoosh."""


class BlockScorer:
    """Scores queries on one searcher (make a new one after the searcher is refreshed)."""

    def __init__(self, searcher: Searcher, excluded: wq.Query) -> None:
        self._searcher = searcher
        self._excluded_query = excluded
        self._lengths: dict[tuple[int, str], list[int]] = {}
        self._blocks = 0
        self.pending: list[Pending] = []
        #: How many of a relaxed query's words (:class:`CountedWords`) each document of the last
        #: :meth:`scores` matched.
        self.words: Counter[int] = Counter()

    def scores(self, q: wq.Query, check: Check, defer: bool = False) -> Scores | None:
        """Every document ``q`` matches with the score Whoosh would give it, or None when ``q`` has
        a part only Whoosh can score. With ``defer``, a phrase with more than :data:`CHECK_ALL`
        candidates (under OR alone) counts them all and leaves its position checks in
        :attr:`pending` for :meth:`ranked`."""
        self._blocks = 0
        self.pending = []
        self.words = Counter()
        found: Scores = {}
        try:
            for sub, offset in self._searcher.leaf_searchers():
                found.update(_Segment(self, sub, offset, check).evaluate(q, defer))
        except Unsupported:
            return None
        for docnum in self._excluded.intersection(found):
            del found[docnum]
        return found

    def ranked(
        self, q: wq.Query, k: int, check: Check, relaxation: Relaxation | None = None
    ) -> Ranked | None:
        """The ``k`` best hits of ``q`` and how many there are, kept and ranked as
        :func:`ranked.rank` does (None: a part only Whoosh can score).

        The count is exact, except for a phrase found next to more than :data:`CHECK_ALL`
        candidates: then the best hits are still exactly the best (each checked, from the highest
        possible score down, until no unchecked one can beat the k-th), and the count is an estimate
        from an even sample of the rest.
        """
        scores = self.scores(q, check, defer=relaxation is None)
        if scores is None:
            return None
        if not self.pending:
            return rank(Found(scores, self.words), k, relaxation)
        return _checked_top(scores, self.pending, k)

    @cached_property
    def _excluded(self) -> frozenset[int]:
        """The documents never shown (read at the first search, where a damaged index is caught)."""
        return frozenset(self._searcher.docs_for_query(self._excluded_query))

    def lengths(self, sub: Searcher, fieldname: str) -> list[int]:
        """The length of ``fieldname`` in every document of one segment, read once from its
        column."""
        reader = sub.reader()
        key = (id(reader), fieldname)
        if key not in self._lengths:
            self._lengths[key] = segment_field_lengths(reader, fieldname)
        return self._lengths[key]

    def tick(self, check: Check) -> None:
        self._blocks += 1
        if self._blocks % _CHECK_EVERY == 1:  # the first block, then every _CHECK_EVERY
            check()


@dataclass(frozen=True)
class Pending:
    """A phrase's candidates whose positions were not checked yet: their share of the scores, and
    the check."""

    scores: Scores
    holds: Callable[[int], bool]


def _checked_top(scores: Scores, pending: list[Pending], k: int) -> Ranked:
    """Exact top ``k`` when some phrase candidates are unchecked: a hit's score is at most what was
    summed, less each pending part whose positions fail; candidates are taken by that bound, best
    first, checked, and the search stops once no bound left can beat the k-th score found. The
    count: every hit that does not hang on a check, and the others estimated from :data:`SAMPLE` of
    them spread evenly."""

    def actual(docnum: int) -> float | None:
        """The doc's score once its pending parts are checked; None when it matched only through
        failed ones."""
        score, kept = scores[docnum], False
        for part in pending:
            share = part.scores.get(docnum)
            if share is not None and not part.holds(docnum):
                score -= share
            elif share is not None:
                kept = True
        return score if kept or score > _RESIDUE * scores[docnum] else None

    best: list[tuple[float, int]] = []  # a heap of (score, -docnum): the k best so far
    matched: list[int] = []  # the hits among the candidates taken so far
    for docnum, bound in _by_bound(scores, k):
        if len(best) >= k and (not best or (bound, -docnum) < best[0]):
            break
        score = actual(docnum)
        if score is None:
            continue
        matched.append(docnum)
        if len(best) < k:
            heapq.heappush(best, (score, -docnum))
        else:
            heapq.heappushpop(best, (score, -docnum))
    else:  # every candidate was checked on the way: the count is exact
        return Ranked(_best_first(best), len(matched), matched=frozenset(matched))
    hanging = [
        n
        for n in (
            pending[0].scores if len(pending) == 1 else set().union(*(p.scores for p in pending))
        )
        if n in scores
    ]
    certain = len(scores) - len(hanging)
    step = max(1, len(hanging) // SAMPLE)
    sample = hanging[::step]
    held = sum(actual(docnum) is not None for docnum in sample)
    total = certain + round(held / len(sample) * len(hanging)) if sample else certain
    return Ranked(_best_first(best), total, estimated=True)


def _best_first(heap: list[tuple[float, int]]) -> list[tuple[int, float]]:
    return [(-negated, score) for score, negated in sorted(heap, reverse=True)]


def _by_bound(scores: Scores, k: int) -> Iterator[tuple[int, float]]:
    """(docnum, score) best first, equal scores in document order: the best ``8 k`` picked first (a
    full sort of 60 000 candidates took 30 ms), all of them only if the caller reads that far."""
    head = top(scores, 8 * k)
    yield from head
    if len(head) < len(scores):
        yield from sorted(scores.items(), key=lambda item: (-item[1], item[0]))[len(head) :]


class _Segment:
    """One segment's evaluation of a query tree, on global document numbers."""

    def __init__(self, owner: BlockScorer, sub: Searcher, offset: int, check: Check) -> None:
        self._owner = owner
        self._sub = sub
        self._reader = sub.reader()
        self._offset = offset
        self._check = check

    def evaluate(self, q: wq.Query, defer: bool = False) -> Scores:
        """The scores of ``q``'s matches; ``defer``: a big phrase here may leave its checks pending
        (only under OR, where a failed check just takes its share off a score)."""
        kind = type(q)
        if q is wq.NullQuery:
            return {}
        if kind is wq.Term or kind is ScaledTerm:
            return self._term(q)
        if kind is wq.Phrase:
            return self._phrase(q, defer)
        if isinstance(q, wq.MultiTerm):
            return self._pattern(q)
        if kind is CountedWords:
            return self._counted(q)
        if isinstance(q, wq.Or) and not q.scale and not q.minmatch:
            parts = [self.evaluate(sub, defer and q.boost == 1.0) for sub in q.subqueries]
            return _boosted(_union(parts), q.boost)
        return self._compound(q)

    def _compound(self, q: wq.Query) -> Scores:
        """NOT, AND, AND MAYBE and AND NOT (anything else: :class:`Unsupported`)."""
        kind = type(q)
        if kind is wq.Not:
            return self._inverse(q)
        if kind is wq.And:
            return _boosted(_intersection([self.evaluate(sub) for sub in q.subqueries]), q.boost)
        if kind is wq.AndMaybe:
            required, optional = self.evaluate(q.a), self.evaluate(q.b)
            return {d: s + optional[d] if d in optional else s for d, s in required.items()}
        if kind is wq.AndNot:
            kept, dropped = self.evaluate(q.a), self.evaluate(q.b)
            return {d: s for d, s in kept.items() if d not in dropped}
        raise Unsupported(kind.__name__)

    def _counted(self, q: CountedWords) -> Scores:
        """One word of a relaxed query: its child's scores, the documents counted in ``words``."""
        scores = self.evaluate(q.child)
        self._owner.words.update(scores.keys())
        return scores

    def _inverse(self, q: wq.Not) -> Scores:
        """Every live document ``q``'s child does not match, each scoring 1 (Whoosh's
        InverseMatcher)."""
        excluded = self.evaluate(q.query)
        deleted = deleted_docs(self._reader)
        offset = self._offset
        return {
            offset + n: 1.0
            for n in range(self._reader.doc_count_all())
            if n not in deleted and offset + n not in excluded
        }

    def _pattern(self, q: wq.MultiTerm) -> Scores:
        """A pattern or fuzzy word, expanded to the words it matches in this segment. One word
        scores as a term (boost ignored, as Whoosh does); several add up their scores (times the
        boost), or, for a constant-score pattern (``name:vost*``), score 1 per document: what Whoosh
        gives below 5 000 documents (above, its own collector scores them after all: here they stay
        constant whatever the corpus size)."""
        fieldname = q.field()
        terms = [wq.Term(fieldname, word) for word in pattern_words(q, self._reader)]
        if len(terms) < 2:
            return self.evaluate(terms[0]) if terms else {}
        if q.constantscore:
            return dict.fromkeys(_union([self.evaluate(term) for term in terms]), 1.0)
        return self.evaluate(wq.Or(terms, boost=q.boost))

    def _term(self, q: wq.Term) -> Scores:
        """A term's scores; a :class:`ScaledTerm`'s boost is its scorer's ``qf``, as with Whoosh."""
        if isinstance(q, ScaledTerm):
            return self._postings(q.fieldname, q.text, qf=q.boost)[0]
        return _boosted(self._postings(q.fieldname, q.text)[0], q.boost)

    def _phrase(self, q: wq.Phrase, defer: bool) -> Scores:
        """The documents holding the words next to each other, scored as the sum of the words'
        scores."""
        if q.slop != 1 or len(q.words) < 2:
            raise Unsupported("phrase with slop or one word")
        if q.fieldname not in self._sub.schema:
            return {}
        field = self._sub.schema[q.fieldname]
        if not field.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")  # Whoosh says so itself
        words = [field.to_bytes(w) for w in q.words]
        if any((q.fieldname, w) not in self._reader for w in words):
            return {}
        postings = [self._postings(q.fieldname, w, values=True) for w in words]
        candidates = _intersection([scores for scores, _ in postings])
        decode = positions_decoder(field.format)
        first, rest = postings[0][1], [values for _, values in postings[1:]]

        def holds(docnum: int) -> bool:
            starts = set(decode(first[docnum]))
            for i, values in enumerate(rest, start=1):
                starts.intersection_update(p - i for p in decode(values[docnum]))
                if not starts:
                    return False
            return True

        if defer and q.boost == 1.0 and len(candidates) > CHECK_ALL:
            self._owner.pending.append(Pending(candidates, holds))
            return candidates
        return _boosted(
            {docnum: score for docnum, score in candidates.items() if holds(docnum)}, q.boost
        )

    def _postings(
        self, fieldname: str, text: Any, qf: float = 1.0, values: bool = False
    ) -> tuple[Scores, dict[int, bytes]]:
        """The scores of one term's postings in this segment (and their raw values, for
        positions)."""
        sub = self._sub
        if fieldname not in sub.schema:
            return {}, {}
        try:
            btext = sub.schema[fieldname].to_bytes(text)
        except ValueError:
            return {}, {}
        if (fieldname, btext) not in self._reader:
            return {}, {}
        score_block = block_scorer(sub.weighting.scorer(sub, fieldname, btext, qf=qf))
        if score_block is None:
            raise Unsupported(f"scorer for {fieldname}")
        lengths = self._owner.lengths(sub, fieldname)
        matcher, deleted = unfiltered_postings(self._reader, fieldname, btext)
        scores: Scores = {}
        raw: dict[int, bytes] = {}
        offset = self._offset
        for ids, weights, vals in blocks(matcher, values):
            self._owner.tick(self._check)
            block = score_block(ids, weights, lengths)
            if offset:
                ids = [offset + d for d in ids]
            scores.update(zip(ids, block, strict=True))
            if values:
                raw.update(zip(ids, vals, strict=True))
        for docnum in deleted:
            scores.pop(offset + docnum, None)
        return scores, raw


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _union(parts: list[Scores]) -> Scores:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    merged = dict(parts[0])
    for part in parts[1:]:
        for docnum, score in part.items():
            merged[docnum] = merged[docnum] + score if docnum in merged else score
    return merged


def _intersection(parts: list[Scores]) -> Scores:
    if not parts or not all(parts):
        return {}
    parts = sorted(parts, key=len)
    merged = parts[0]
    for part in parts[1:]:
        merged = {d: s + part[d] for d, s in merged.items() if d in part}
    return merged
