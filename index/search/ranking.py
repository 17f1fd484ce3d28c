"""How hits are scored: BM25F with each field's statistics taken over the documents that carry it.

Articles and dossiers share one index but not their fields: ``title``, ``body`` and ``mentioned``
belong to articles, ``name`` and ``notes`` to dossiers. Plain BM25F averages a field's length over
every document, so fifty dossiers with an empty ``body`` would make every article look five times
longer than average and sink it below the short dossiers that quote it. Here the document count and
average length behind each field come from its own kind of document; everything else is Whoosh's
BM25F.

``mentioned`` (one term per mention of a dossier in an article) scores between 1 and 2, more for
more mentions: a query that is nothing but a name multiplies it so that the articles naming that
dossier come right after the dossier itself, the ones that name it most (title, first paragraph,
count) first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import log

from whoosh.scoring import BM25F, BaseScorer, BM25FScorer, WeightScorer, bm25
from whoosh.searching import Searcher

from dossier.index.search.documents import ARTICLE, DOSSIER
from dossier.index.search.schema import FIELD_BOOSTS, MENTIONED_FIELD

#: Which kind of document carries a field (the fields not listed belong to both).
FIELD_KIND = {
    "title": ARTICLE,
    "body": ARTICLE,
    MENTIONED_FIELD: ARTICLE,
    "name": DOSSIER,
    "notes": DOSSIER,
}


class KindBM25F(BM25F):
    """BM25F whose idf and average field length count only the documents of the kind that has the
    field, and whose score is multiplied by the field's weight (:data:`FIELD_BOOSTS`): here rather
    than as query boosts, which would wrap every posting of every word in one more Python
    matcher."""

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: float = 1) -> BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        scorer = _MentionScorer if fieldname == MENTIONED_FIELD else _KindScorer
        return scorer(
            searcher, fieldname, text, self._field_B.get(fieldname, self.B), self.K1, qf=qf
        )


#: Scores a block of postings: (document numbers, weights, every document's field length) → scores.
BlockScores = Callable[[Sequence[int], Sequence[float], Sequence[float]], list[float]]


class _KindScorer(BM25FScorer):
    """BM25 of one term in one field, over a block of postings (:attr:`block`: dossier's only copy
    of the formula, in the very operations of Whoosh's ``bm25``, which scores one posting at a time
    for Whoosh's collectors: tests/test_top_hits.py checks that both give the same floats)."""

    def __init__(
        self, searcher: Searcher, fieldname: str, text: bytes, B: float, K1: float, qf: float = 1
    ) -> None:
        parent = searcher.get_parent()
        kind = FIELD_KIND.get(fieldname)
        docs = (parent.doc_frequency("kind", kind) if kind else 0) or parent.doc_count_all() or 1
        self.idf = log(docs / (parent.doc_frequency(fieldname, text) + 1)) + 1
        self.avgfl = parent.field_length(fieldname) / docs or 1
        self.B, self.K1, self.qf = B, K1, qf
        self.field_weight = FIELD_BOOSTS.get(fieldname, 1.0)
        self.block = self._block()
        self.setup(searcher, fieldname, text)

    def _block(self) -> BlockScores:
        """The field's weight times BM25 (Whoosh's ``bm25``, same operations in the same order)."""
        fw, idf, B, K1, avgfl = self.field_weight, self.idf, self.B, self.K1, self.avgfl
        rest, k1_plus = 1 - B, K1 + 1
        return lambda ids, weights, lengths: [
            fw * (idf * ((w * k1_plus) / (w + K1 * (rest + B * lengths[d] / avgfl))))
            for d, w in zip(ids, weights, strict=True)
        ]

    def _score(self, weight: float, length: float) -> float:
        return self.field_weight * bm25(self.idf, weight, length, self.avgfl, self.B, self.K1)


class _MentionScorer(_KindScorer):
    """1 to 2 for the mentions of one dossier, times the query's weight for them (``qf``)."""

    def _block(self) -> BlockScores:
        """The formula once, for one posting (Whoosh's collectors: :meth:`_score`) and for a
        block."""
        qf, B, K1, avgfl = self.qf, self.B, self.K1, self.avgfl
        rest = 1 - B

        def one(w: float, length: float) -> float:
            return qf * (1 + w / (w + K1 * (rest + B * length / avgfl)))

        self._one = one
        return lambda ids, weights, lengths: [
            one(w, lengths[d]) for d, w in zip(ids, weights, strict=True)
        ]

    def _score(self, weight: float, length: float) -> float:
        return self._one(weight, length)


def weighting() -> KindBM25F:
    """The scoring model every searcher uses."""
    return KindBM25F()


def block_scorer(scorer: BaseScorer) -> BlockScores | None:
    """The formula of ``scorer`` over a whole block of postings, giving the very floats its
    per-posting ``score`` gives; None for a scorer this module did not make."""
    if isinstance(scorer, _KindScorer):
        return scorer.block
    if type(scorer) is WeightScorer:
        return lambda ids, weights, lengths: list(weights)
    return None
