"""Running queries: ranked hits with highlighted snippets, a did-you-mean retry, and browsing.

A search reads in order: parse (:mod:`index.search.query`, which also rewrites names, fuzzy words,
patterns) → the steps of :mod:`index.search.strategies` (exact, relaxed, corrected, fuzzy), each run
scored by the block scorer (:mod:`index.search.top_hits`) or Whoosh's collectors, kept and ranked in
one place (:mod:`index.search.ranked`) → the dossiers among the hits counted once →
:class:`Results`, facts only (:mod:`index.search.wording` says them in English). Copies are
collapsed by the caller (:mod:`index.search.grouping`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, overload

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.index import FileIndex

from dossier.index.errors import SearchCancelled
from dossier.index.search import limits
from dossier.index.search.did_you_mean import suggestion
from dossier.index.search.documents import ARTICLE, DOSSIER, VOCABULARY
from dossier.index.search.highlight import TermMatcher
from dossier.index.search.hits import Hit, to_hit
from dossier.index.search.limits import Cancelled, Check, OutOfTime, checker, never
from dossier.index.search.query import (
    ParsedQuery,
    QueryBuilder,
    fuzzy_variant,
    matched_terms,
    patterns_as_stems,
)
from dossier.index.search.ranked import Found, Ranked, rank
from dossier.index.search.ranking import weighting
from dossier.index.search.relaxing import Relaxation
from dossier.index.search.strategies import Pass, run_steps
from dossier.index.search.top_hits import BlockScorer
from dossier.index.search.whoosh_raw import counted_words, fast_terms_within, reading

_VOCABULARY = wq.Term("kind", VOCABULARY)
#: The longest query read; the rest is left out, with a note.
MAX_QUERY_CHARS = 1000
#: Matches collected by Whoosh between two looks at whether the search is still wanted.
_CANCEL_EVERY = 256

#: How hits are ordered: by relevance, or by date (newest first, undated last).
Sort = Literal["relevance", "date"]


@dataclass(frozen=True)
class Results:
    """Hits for one query, best first, with how the query was understood: facts only (see
    :mod:`index.search.wording` for them in words)."""

    query: str
    hits: list[Hit]
    total: int
    seconds: float
    fallback: bool = False
    fuzzy: bool = False
    suggestion: str | None = None
    matcher: TermMatcher = field(default_factory=TermMatcher)
    relaxed: bool = False  # too little had every word: these hits have most of them, the most first
    #: The search ran out of time (``limits.SEARCH_SECONDS``): the hits are those found until then.
    stopped: bool = False
    #: Patterns that matched too many words (see ``query.MAX_PATTERN_WORDS``): only the first were
    #: searched.
    capped: tuple[str, ...] = ()
    #: ``total`` is an estimate (a phrase with very many candidates: see ``top_hits.CHECK_ALL``).
    estimated: bool = False
    #: Relaxed: how many hits have every word (they come first).
    complete: int = 0
    #: The query as searched when words were taken for others (``Putinn`` -> ``Putin``): "showing
    #: results for".
    corrected: str | None = None
    #: Why nothing could be searched (no words, only stop words), said instead of "no results".
    problem: str | None = None
    #: What the user should know about the query itself (an impossible date).
    query_notes: tuple[str, ...] = ()
    #: Hits left out as copies of a hit shown (see ``index.search.grouping``); ``total`` counts
    #: them.
    copies_hidden: int = 0
    #: How many of the ``total`` hits are dossiers (the rest are articles); None when not counted
    #: (an estimated total, a search out of time): then only the hits read can be told apart.
    dossiers: int | None = None
    #: The query was longer than :data:`MAX_QUERY_CHARS`: only its start was searched.
    cut: bool = False


class SearchEngine:
    """Queries one index through a single reused searcher (guarded: Whoosh searchers are not
    thread-safe). Every public method reads the index inside :func:`whoosh_raw.reading`: a failure
    to read its files is raised as :class:`~dossier.index.errors.IndexDamaged`, anything else as
    itself."""

    def __init__(self, index: FileIndex, builder: QueryBuilder) -> None:
        self._builder = builder
        self._lock = threading.Lock()
        with reading():
            self._searcher = index.searcher(weighting=weighting())
            self._forget_expansions = fast_terms_within(self._searcher.reader())
        self._dossier_docs: frozenset[int] | None = None  # read by the first search (guarded)
        self._blocks = BlockScorer(self._searcher, _VOCABULARY)
        self._columns: dict[str, list[Any]] = {}

    def refresh(self) -> None:
        """See the latest commit."""
        with self._lock, reading():
            searcher = self._searcher.refresh()
            if searcher is not self._searcher:
                self._forget_expansions = fast_terms_within(searcher.reader())
                self._dossier_docs = None
                self._searcher = searcher
                self._blocks = BlockScorer(searcher, _VOCABULARY)
                self._columns = {}

    def close(self) -> None:
        with self._lock, reading():
            self._searcher.close()

    def state(self) -> str:
        """The generation and segments of the index read: every commit changes them (a key for
        caches)."""
        with self._lock, reading():
            reader = self._searcher.reader()
            segments = sorted(leaf.segment().segment_id() for leaf, _ in reader.leaf_readers())
            return f"{reader.generation()}:{','.join(segments)}"

    def search(
        self,
        text: str,
        limit: int = 20,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
    ) -> Results:
        """Top ``limit`` hits for ``text`` (best first, or newest first with ``sort="date"``,
        undated last), found by the steps of :mod:`index.search.strategies`: when too few have every
        word, the hits with most of the words; when nothing matches, the words corrected, then
        loosened.

        ``cancelled`` is asked now and then; once it says True the search stops with
        :class:`SearchCancelled` (a newer keystroke made it stale: finishing it would only delay the
        next one).
        """
        started = time.perf_counter()
        deadline = time.monotonic() + limits.SEARCH_SECONDS
        with self._lock, reading():
            self._forget_expansions()
            parsed = self._builder.parse(text[:MAX_QUERY_CHARS], self._known)
            if parsed.problem:
                return Results(
                    query=text,
                    hits=[],
                    total=0,
                    seconds=time.perf_counter() - started,
                    problem=parsed.problem,
                    query_notes=parsed.notes,
                )
            cancelled = cancelled or never
            search = _Search(self, text, limit, sort, cancelled, checker(cancelled, deadline))
            outcome, run = run_steps(search, parsed)
            dossiers = self._count_dossiers(run)
        parsed = outcome.parsed
        return Results(
            query=text,
            hits=run.hits,
            total=run.total,
            seconds=time.perf_counter() - started,
            fallback=parsed.fallback,
            fuzzy=parsed.fuzzy,
            suggestion=outcome.suggestion,
            matcher=run.matcher,
            relaxed=outcome.relaxed,
            stopped=outcome.stopped,
            capped=outcome.capped,
            estimated=run.estimated,
            complete=outcome.complete,
            corrected=parsed.corrected_text,
            query_notes=parsed.notes,
            dossiers=dossiers,
            cut=len(text) > MAX_QUERY_CHARS,
        )

    def matcher(self, text: str) -> TermMatcher:
        """What ``text`` highlights (fuzzy when the plain query matches nothing, as in
        :meth:`search`)."""
        with self._lock, reading():
            parsed = self._builder.parse(text, self._known)
            query = patterns_as_stems(parsed.query, self._searcher.reader())
            if self._searcher.search(query, limit=1, mask=_VOCABULARY).is_empty():
                parsed = fuzzy_variant(parsed)
            return matched_terms(parsed, self._searcher)

    def _count_dossiers(self, run: Pass) -> int | None:
        """How many of a run's hits are dossiers (called with the lock held): from its hits when
        they are known, else by intersecting its query with the dossiers (their few postings drive
        it); None for an estimated count or a search out of time."""
        if run.estimated or run.stopped:
            return None
        if run.matched is not None:
            matched = run.matched
            return sum(docnum in matched for docnum in self._dossiers())
        both = wq.And([run.query, wq.Term("kind", DOSSIER)])
        return sum(1 for _ in self._searcher.docs_for_query(both))

    def _dossiers(self) -> frozenset[int]:
        """The document numbers of the dossiers (a few hundred at most), called with the lock
        held."""
        if self._dossier_docs is None:
            self._dossier_docs = frozenset(self._searcher.docs_for_query(wq.Term("kind", DOSSIER)))
        return self._dossier_docs

    def _known(self, fieldname: str, term: str) -> bool:
        """Whether the index holds ``term`` in ``fieldname`` (called with the lock held)."""
        return (fieldname, term) in self._searcher.reader()

    def stored(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of one document."""
        with self._lock, reading():
            return self._searcher.document(key=f"{kind}:{doc_id}")

    def all_stored(self, kind: str) -> Iterator[dict[str, Any]]:
        """Stored fields of every document of one kind, in id order, read one at a time (100 000
        articles' bodies are 350 MB: a caller keeps what it needs of each)."""
        for docnum in self._in_id_order(self.docs(wq.Term("kind", kind))):
            yield self.stored_at(docnum)

    def ids_mentioning(self, entity: str) -> list[str]:
        """Ids of the articles linked to a dossier, in id order."""
        return [self.stored_at(n)["id"] for n in self.docs_mentioning(entity)]

    def docs_mentioning(self, entity: str) -> list[int]:
        """Document numbers of the articles linked to a dossier, in id order (from the id column: no
        document is loaded)."""
        return self._in_id_order(
            self.docs(wq.And([wq.Term("kind", ARTICLE), wq.Term("entity", entity)]))
        )

    def _in_id_order(self, docnums: list[int]) -> list[int]:
        """``docnums`` sorted by the documents' ids (read from the id column)."""
        return [n for _, n in sorted(zip(self.column("id", docnums), docnums, strict=True))]

    def docs(self, q: wq.Query) -> list[int]:
        """Document numbers of every match of ``q``, unscored, in index order (read a block of
        postings at a time where :mod:`index.search.top_hits` can)."""
        with self._lock, reading():
            found = self._blocks.scores(q, never_stop)
            return sorted(found if found is not None else self._searcher.docs_for_query(q))

    def column(self, fieldname: str, docnums: Sequence[int]) -> list[Any]:
        """The values of a sortable field for some documents, from its column, read whole once per
        searcher (no document is loaded; ordering every article of a dossier by id costs a lookup
        each)."""
        with self._lock, reading():
            values = self._columns.get(fieldname)
            if values is None:
                values = self._columns[fieldname] = [
                    _text(v) for v in self._searcher.reader().column_reader(fieldname)
                ]
            return [values[n] for n in docnums]

    def stored_at(self, docnum: int, locked: bool = False) -> dict[str, Any]:
        """The stored fields of the document numbered ``docnum`` (``locked``: the caller holds the
        lock)."""
        if locked:
            return dict(self._searcher.stored_fields(docnum))
        with self._lock, reading():
            return dict(self._searcher.stored_fields(docnum))

    def _run(self, parsed: ParsedQuery, search: _Search, relaxation: Relaxation | None) -> Pass:
        """One run of ``parsed`` for ``search`` (called with the lock held): the block scorer's, or,
        for what it cannot score and for date order, Whoosh's collectors'; kept and ranked by
        :func:`ranked.rank` either way."""
        capped: list[str] = []
        query = patterns_as_stems(parsed.query, self._searcher.reader(), capped)
        try:
            ranked = None
            if search.sort == "relevance":
                ranked = self._blocks.ranked(query, search.limit, search.check, relaxation)
        except OutOfTime:
            ranked = Ranked([], 0, stopped=True)
        if ranked is None:
            ranked = self._collected(query, search, relaxation)
        if search.cancelled():
            raise SearchCancelled(parsed.text)
        matcher = matched_terms(parsed, self._searcher) if ranked.hits else TermMatcher()
        approximate = parsed.fuzzy or bool(parsed.corrected)  # matched what was typed approximately
        hits = [
            to_hit(self.stored_at(n, locked=True), score, matcher, approximate)
            for n, score in ranked.hits
        ]
        return Pass(
            hits=hits,
            total=ranked.total,
            matcher=matcher,
            query=query,
            estimated=ranked.estimated,
            stopped=ranked.stopped,
            capped=tuple(capped),
            matched=ranked.matched,
            complete=ranked.complete,
        )

    def _collected(self, query: wq.Query, search: _Search, relaxation: Relaxation | None) -> Ranked:
        """What Whoosh's collectors find for ``query`` (date order, phrases with slop, spans). Its
        block-quality skipping can miss true top hits and miscount on large posting lists: a plain
        top-k pass is exact. A relaxed query collects every hit, to count the words each matches."""
        keep = None if relaxation is not None else search.limit
        collector: collectors.Collector = collectors.UnlimitedCollector()
        if keep is not None:
            collector = collectors.TopCollector(keep, usequality=False, replace=0)
        if search.sort == "date":  # the metadata's date (see index.corpus.metadata), then relevance
            facets = [sorting.FieldFacet("date", reverse=True), sorting.ScoreFacet()]
            collector = collectors.SortingCollector(sorting.MultiFacet(facets), keep)
        watched = collectors.FilterCollector(
            _Cancellable(collector, search.check), restrict=_VOCABULARY
        )
        stopped = False
        try:
            self._searcher.search_with_collector(query, watched)
        except OutOfTime:  # the hits collected so far are kept
            stopped = True
        results = collector.results()
        # Sorted by date, a hit's score is its sort key: (date rank, minus its relevance).
        if search.sort == "date":
            scores = {hit.docnum: -hit.score[-1] for hit in results}
        else:
            scores = {hit.docnum: hit.score for hit in results}
        words = self._words(query, scores) if relaxation is not None else {}
        total = None if keep is None else len(results)
        ranked = rank(Found(scores, words, total), search.limit, relaxation, search.sort == "date")
        return replace(ranked, stopped=True) if stopped else ranked

    def _words(self, query: wq.Query, hits: Collection[int]) -> Counter[int]:
        """How many of a relaxed query's words each of its ``hits`` matches."""
        words: Counter[int] = Counter()
        for clause in counted_words(query):
            words.update(n for n in self._searcher.docs_for_query(clause.child) if n in hits)
        return words


@dataclass(frozen=True)
class _Search:
    """One search under way: what the steps of :mod:`index.search.strategies` ask of the engine."""

    engine: SearchEngine
    text: str
    limit: int
    sort: Sort
    cancelled: Cancelled
    check: Check

    def run(self, parsed: ParsedQuery, relaxation: Relaxation | None = None) -> Pass:
        return self.engine._run(parsed, self, relaxation)

    def parse(self, text: str) -> ParsedQuery:
        return self.engine._builder.parse(text, self.engine._known)

    def suggest(self, parsed: ParsedQuery) -> str | None:
        return suggestion(parsed, self.engine._searcher.reader())


class _Cancellable(collectors.WrappingCollector):
    """Passes matches on to ``child``, calling ``check`` on the first and then every
    :data:`_CANCEL_EVERY` (Whoosh's TimeLimitCollector cannot wrap a filter, and its SIGALRM works
    only on the main thread)."""

    def __init__(self, child: collectors.Collector, check: Check) -> None:
        super().__init__(child)
        self._check = check
        self._count = 0

    def collect(self, sub_docnum: int) -> Any:
        self._count += 1
        if self._count % _CANCEL_EVERY == 1:
            self._check()
        return self.child.collect(sub_docnum)


def never_stop() -> None:
    """A check that never stops a read."""


class LazyHits(Sequence[Hit]):
    """Hits in a known order whose stored fields are read when an item is first asked for, so a list
    of 100 000 documents costs a list of numbers until someone looks at a page of it."""

    def __init__(
        self,
        engine: SearchEngine,
        docnums: Sequence[int],
        kinds: Counter[str],
        finish: Callable[[Hit], Hit] | None = None,
    ) -> None:
        self._engine = engine
        self._finish = finish  # what is added to each hit once read (its copies)
        self._docnums = docnums
        self._loaded: dict[int, Hit] = {}
        self.kinds = kinds

    def __len__(self) -> int:
        return len(self._docnums)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index not in self._loaded:
            hit = to_hit(self._engine.stored_at(self._docnums[index]), 0.0, TermMatcher())
            self._loaded[index] = self._finish(hit) if self._finish else hit
        return self._loaded[index]

    def __iter__(self) -> Iterator[Hit]:
        return (self[i] for i in range(len(self)))


def kind_counts(hits: Sequence[Hit]) -> Counter[str]:
    """How many of ``hits`` are articles and how many dossiers (without reading a lazy list's
    documents)."""
    return hits.kinds if isinstance(hits, LazyHits) else Counter(hit.kind for hit in hits)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
