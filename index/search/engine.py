"""Running queries: ranked hits with highlighted snippets, a did-you-mean retry, and browsing."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, overload

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.index import FileIndex

from dossier.index.errors import SearchCancelled
from dossier.index.search.did_you_mean import suggestion
from dossier.index.search.documents import ARTICLE, DOSSIER, VOCABULARY
from dossier.index.search.highlight import TermMatcher
from dossier.index.search.hits import Hit, to_hit
from dossier.index.search.limits import Cancellable, Cancelled, Limits, OutOfTime, checker, never
from dossier.index.search.query import (
    MAX_PATTERN_POSTINGS,
    MAX_PATTERN_WORDS,
    ParsedQuery,
    QueryBuilder,
    fuzzy_variant,
    matched_terms,
    patterns_as_stems,
)
from dossier.index.search.ranking import weighting
from dossier.index.search.relaxing import Coordination, is_long, relaxed_variant
from dossier.index.search.top_hits import BlockScorer, Ranked
from dossier.index.search.whoosh_raw import fast_terms_within
from dossier.index.text.wording import plural

_VOCABULARY = wq.Term("kind", VOCABULARY)
#: How long one search may collect hits; past it, the hits found so far are returned, with a note.
SEARCH_SECONDS = 3.0
#: The longest query read; the rest is left out, with a note.
MAX_QUERY_CHARS = 1000

#: How hits are ordered: by relevance, or by date (newest first, undated last).
Sort = Literal["relevance", "date"]

#: Fewer hits than this with every word of the query: look for the hits with most of them.
RELAX_BELOW = 3

#: Queries this short are not retried fuzzily: one or two letters typed are a start, not a misspelling.
_NO_FUZZY_UP_TO = 2


@dataclass(frozen=True)
class Results:
    """Hits for one query, best first, with how the query was understood."""

    query: str
    hits: list[Hit]
    total: int
    seconds: float
    fallback: bool = False
    fuzzy: bool = False
    suggestion: str | None = None
    matcher: TermMatcher = field(default_factory=TermMatcher)
    relaxed: bool = False  # too little had every word: these hits have most of them, the most first
    #: The search ran out of time (SEARCH_SECONDS): the hits are those found until then.
    stopped: bool = False
    #: Patterns that matched too many words (see ``query.MAX_PATTERN_WORDS``): only the first were searched.
    capped: tuple[str, ...] = ()
    #: ``total`` is an estimate (a phrase with very many candidates: see ``top_hits.CHECK_ALL``).
    estimated: bool = False
    #: Relaxed: how many hits have every word (they come first).
    complete: int = 0
    #: The query as searched when words were taken for others (``Putinn`` -> ``Putin``): "showing results for".
    corrected: str | None = None
    #: Why nothing could be searched (no words, only stop words), said instead of "no results".
    problem: str | None = None
    #: What the user should know about the query itself (an impossible date).
    query_notes: tuple[str, ...] = ()
    #: Hits left out as copies of a hit shown (see ``index.search.grouping``); ``total`` counts them.
    copies_hidden: int = 0
    #: How many of the ``total`` hits are dossiers (the rest are articles); None when not counted (an estimated
    #: total, a relaxed search Whoosh ran, a search out of time): then only the hits read can be told apart.
    dossiers: int | None = None

    def counted(self, noun: str = "result") -> str:
        """``9881 results``, or ``about 58,000 results`` when the count is an estimate."""
        return f"about {_about(self.total)} {noun}s" if self.estimated else plural(self.total, noun)

    def notes(self) -> list[str]:
        """One line per limit this search ran into, to tell the user."""
        notes = [
            f"{pattern} matches too many words: only the first ones were searched (at most "
            f"{MAX_PATTERN_WORDS} words and {MAX_PATTERN_POSTINGS:,} postings)"
            for pattern in self.capped
        ]
        notes += self.query_notes
        if self.relaxed and not self.complete:
            notes.append("no hit has every word: these have most of them, the most first")
        elif self.relaxed:
            have = "has" if self.complete == 1 else "have"
            notes.append(
                f"{plural(self.complete, 'result')} {have} every word, then those with most of them"
            )
        if self.stopped:
            notes.append(
                f"the search took over {SEARCH_SECONDS:g} s and was stopped: results may be incomplete"
            )
        if len(self.query) > MAX_QUERY_CHARS:
            notes.append(
                f"the query is {len(self.query):,} characters: only its first {MAX_QUERY_CHARS:,} were used"
            )
        return notes


class SearchEngine:
    """Queries one index through a single reused searcher (guarded: Whoosh searchers are not thread-safe)."""

    def __init__(self, index: FileIndex, builder: QueryBuilder) -> None:
        self._builder = builder
        self._lock = threading.Lock()
        self._searcher = index.searcher(weighting=weighting())
        self._forget_expansions = fast_terms_within(self._searcher.reader())
        self._dossier_docs: frozenset[int] | None = (
            None  # read by the first search (its reads are guarded)
        )
        self._blocks = BlockScorer(self._searcher, _VOCABULARY)
        self._columns: dict[str, list[Any]] = {}

    def refresh(self) -> None:
        """See the latest commit."""
        with self._lock:
            searcher = self._searcher.refresh()
            if searcher is not self._searcher:
                self._forget_expansions = fast_terms_within(searcher.reader())
                self._dossier_docs = None
                self._searcher, self._blocks, self._columns = (
                    searcher,
                    BlockScorer(searcher, _VOCABULARY),
                    {},
                )

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def state(self) -> str:
        """The generation and segments of the index read: every commit changes them (a key for caches)."""
        with self._lock:
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
        """Top ``limit`` hits for ``text`` (best first, or newest first with ``sort="date"``, undated last).
        When fewer than :data:`RELAX_BELOW` have every word, the hits with most of the words; when nothing
        matches, a fuzzy retry and a suggestion.

        ``cancelled`` is asked now and then; once it says True the search stops with :class:`SearchCancelled`
        (a newer keystroke made it stale: finishing it would only delay the next one).
        """
        started = time.perf_counter()
        limits = Limits(time.monotonic() + SEARCH_SECONDS)
        with self._lock:
            self._forget_expansions()
            parsed = self._builder.parse(text[:MAX_QUERY_CHARS], self._known)
            if parsed.problem:
                return Results(
                    text,
                    [],
                    0,
                    time.perf_counter() - started,
                    problem=parsed.problem,
                    query_notes=parsed.notes,
                )
            hint, relaxed = None, False
            loose = relaxed_variant(parsed, long=True) if is_long(parsed) else None
            if (
                loose is not None
            ):  # a long query: the hits with most of the words, those with all counted
                coordination = Coordination(loose.coordinate)
                run = self._run(loose, limit, sort, cancelled, limits, coordination)
                complete = coordination.complete
                relaxed = run.total > complete
            else:
                run = self._run(parsed, limit, sort, cancelled, limits)
                complete = run.total
                loose = (
                    relaxed_variant(parsed)
                    if run.total < RELAX_BELOW and not limits.stopped
                    else None
                )
                if loose is not None:
                    more = self._run(loose, limit, sort, cancelled, limits)
                    if more.total > run.total:
                        run, relaxed = more, True
            if (
                not run.total
                and len(text.strip()) > _NO_FUZZY_UP_TO
                and not limits.stopped
                and not parsed.notes
            ):
                hint = suggestion(parsed, self._searcher)
                meant = self._builder.parse(hint, self._known) if hint else None
                if (
                    hint and meant is not None and not meant.problem
                ):  # the words as corrected, exactly
                    meant = replace(meant, corrected=((text, hint),), fuzzy=True)
                    run = self._run(meant, limit, sort, cancelled, limits)
                    parsed = meant if run.total else parsed
                if not run.total:  # every word loosened
                    parsed = fuzzy_variant(parsed)
                    run = self._run(parsed, limit, sort, cancelled, limits)
        seconds = time.perf_counter() - started
        return Results(
            text,
            run.hits,
            run.total,
            seconds,
            parsed.fallback,
            parsed.fuzzy,
            hint,
            run.matcher,
            relaxed,
            limits.stopped,
            tuple(dict.fromkeys(limits.capped)),
            run.estimated,
            complete,
            parsed.corrected_text,
            query_notes=parsed.notes,
            dossiers=run.dossiers,
        )

    def matcher(self, text: str) -> TermMatcher:
        """What ``text`` highlights (fuzzy when the plain query matches nothing, as in :meth:`search`)."""
        with self._lock:
            parsed = self._builder.parse(text, self._known)
            query = patterns_as_stems(parsed.query, self._searcher.reader())
            if self._searcher.search(query, limit=1, mask=_VOCABULARY).is_empty():
                parsed = fuzzy_variant(parsed)
            return matched_terms(parsed, self._searcher)

    def _dossiers(self) -> frozenset[int]:
        """The document numbers of the dossiers (a few hundred at most), which a search counts among its hits
        (called with the lock held)."""
        if self._dossier_docs is None:
            self._dossier_docs = frozenset(self._searcher.docs_for_query(wq.Term("kind", DOSSIER)))
        return self._dossier_docs

    def _known(self, fieldname: str, term: str) -> bool:
        """Whether the index holds ``term`` in ``fieldname`` (called with the lock held)."""
        return (fieldname, term) in self._searcher.reader()

    def stored(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of one document."""
        with self._lock:
            return self._searcher.document(key=f"{kind}:{doc_id}")

    def all_stored(self, kind: str) -> Iterator[dict[str, Any]]:
        """Stored fields of every document of one kind, in id order, read one at a time (100 000 articles'
        bodies are 350 MB: a caller keeps what it needs of each)."""
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
        """Document numbers of every match of ``q``, unscored, in index order (read a block of postings at a
        time where :mod:`index.search.top_hits` can)."""
        with self._lock:
            found = self._blocks.scores(q, lambda: None)
            return sorted(found if found is not None else self._searcher.docs_for_query(q))

    def column(self, fieldname: str, docnums: Sequence[int]) -> list[Any]:
        """The values of a sortable field for some documents, from its column, read whole once per searcher
        (no document is loaded; ordering every article of a dossier by id costs a lookup each)."""
        with self._lock:
            values = self._columns.get(fieldname)
            if values is None:
                values = self._columns[fieldname] = [
                    _text(v) for v in self._searcher.reader().column_reader(fieldname)
                ]
            return [values[n] for n in docnums]

    def stored_at(self, docnum: int, locked: bool = False) -> dict[str, Any]:
        """The stored fields of the document numbered ``docnum`` (``locked``: the caller holds the lock)."""
        if locked:
            return dict(self._searcher.stored_fields(docnum))
        with self._lock:
            return dict(self._searcher.stored_fields(docnum))

    def _run(
        self,
        parsed: ParsedQuery,
        limit: int,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
        limits: Limits | None = None,
        coordination: Coordination | None = None,
    ) -> _Run:
        limits = limits or Limits(time.monotonic() + SEARCH_SECONDS)
        approximate = parsed.fuzzy or bool(
            parsed.corrected
        )  # the hits matched what was typed approximately
        query = patterns_as_stems(parsed.query, self._searcher.reader(), limits.capped)
        check = checker(cancelled or never, limits)
        if sort == "relevance":
            try:
                ranked = self._blocks.ranked(
                    query, limit, check, parsed.min_score, coordination, self._dossiers()
                )
            except OutOfTime:
                limits.stopped, ranked = True, Ranked([], 0)
            if ranked is not None:
                matcher = matched_terms(parsed, self._searcher) if ranked.hits else TermMatcher()
                hits = [
                    to_hit(self.stored_at(n, locked=True), score, matcher, approximate)
                    for n, score in ranked.hits
                ]
                return _Run(hits, ranked.total, matcher, ranked.estimated, ranked.among)
        # The rest (date order, phrases with slop, spans) is left to Whoosh. Its block-quality
        # skipping can miss true top hits and miscount on large posting lists; a plain top-k pass is exact.
        # A relaxed query keeps only the hits above its ``min_score``, so it collects them all to count them.
        keep = None if parsed.min_score else limit
        collector: collectors.Collector = (
            collectors.TopCollector(limit, usequality=False, replace=0)
            if keep
            else collectors.UnlimitedCollector()
        )
        if sort == "date":  # the metadata's date (see index.corpus.metadata), then relevance
            collector = collectors.SortingCollector(
                sorting.MultiFacet(
                    [sorting.FieldFacet("date", reverse=True), sorting.ScoreFacet()]
                ),
                keep,
            )
        inner = Cancellable(collector, check)
        try:
            self._searcher.search_with_collector(
                query, collectors.FilterCollector(inner, restrict=_VOCABULARY)
            )
        except OutOfTime:
            limits.stopped = True
        results = collector.results()
        if cancelled and cancelled():
            raise SearchCancelled(parsed.text)
        # Sorted by date, a hit's score is its sort key: (date rank, minus its relevance).
        scored = [(hit, -hit.score[-1] if sort == "date" else hit.score) for hit in results]
        if parsed.min_score:
            scored = [(hit, score) for hit, score in scored if score >= parsed.min_score]
        if (
            coordination is not None
        ):  # sorted by date, the scores only count the hits with every word
            rescored = [(hit, coordination(score)) for hit, score in scored]
            scored = sorted(rescored, key=lambda pair: -pair[1]) if sort == "relevance" else scored
        total = len(scored) if parsed.min_score else len(results)
        matcher = matched_terms(parsed, self._searcher) if scored else TermMatcher()
        hits = [to_hit(dict(hit), score, matcher, approximate) for hit, score in scored[:limit]]
        # The dossiers among every hit (the few dossier postings drive the intersection); not for a relaxed
        # query, whose hits are those above a score.
        dossiers = (
            None
            if parsed.min_score or limits.stopped
            else sum(
                1 for _ in self._searcher.docs_for_query(wq.And([query, wq.Term("kind", DOSSIER)]))
            )
        )
        return _Run(hits, total, matcher, dossiers=dossiers)


@dataclass(frozen=True)
class _Run:
    """One pass of a query: the top hits, how many match in all (``estimated``: counted approximately past
    the phrase-checking limit), and what a hit highlights."""

    hits: list[Hit]
    total: int
    matcher: TermMatcher
    estimated: bool = False
    dossiers: int | None = None  # how many of the hits are dossiers (None: not counted)


class LazyHits(Sequence[Hit]):
    """Hits in a known order whose stored fields are read when an item is first asked for, so a list of
    100 000 documents costs a list of numbers until someone looks at a page of it."""

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
    """How many of ``hits`` are articles and how many dossiers (without reading a lazy list's documents)."""
    return hits.kinds if isinstance(hits, LazyHits) else Counter(hit.kind for hit in hits)


def _about(total: int) -> str:
    """A count rounded to two significant digits: 58,412 -> "58,000"."""
    digits = max(0, len(str(total)) - 2)
    return f"{round(total, -digits):,}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
