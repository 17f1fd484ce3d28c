"""The Whoosh search backend: :class:`~dossier.index.backend.SearchBackend` over an
:class:`IndexStore` (the write path) and a :class:`SearchEngine` (the read path). Whoosh's document
numbers and query objects stay in this module; Whoosh's read failures come out of the engine as
:class:`IndexDamaged` (translated once, at the engine's boundary: :func:`whoosh_raw.reading
<dossier.index.search.whoosh_raw.reading>`).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import query as wq

from dossier.index.backend import CopyGroups, MentioningPage
from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.schema import TYPES, Dossier
from dossier.index.errors import IndexDamaged, IndexUnavailable
from dossier.index.indexing.duplicates import load_groups
from dossier.index.indexing.store import IndexStore
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport
from dossier.index.search.documents import ARTICLE, DOSSIER
from dossier.index.search.engine import Cancelled, Hit, LazyHits, Results, SearchEngine, Sort
from dossier.index.search.grouping import first_copies, with_copies
from dossier.index.search.highlight import TermMatcher
from dossier.index.search.name_lookup import NameLookup
from dossier.index.search.query import QueryBuilder
from dossier.index.search.schema import build_schema
from dossier.index.text.analysis import fold
from dossier.index.text.linking import Linker


class WhooshBackend:
    """One corpus's Whoosh index (see the module docstring): sync, open, serve, read, repair,
    close."""

    def __init__(self, corpus: Corpus, index_root: Path | None = None) -> None:
        self._store = IndexStore(corpus, index_root)
        self._engine: SearchEngine | None = None
        self._builder: QueryBuilder | None = None
        self._articles: list[dict[str, Any]] | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def engine(self) -> SearchEngine:
        """The engine serving reads (replaced by a repair)."""
        if self._engine is None:
            raise IndexUnavailable(
                "the index is not open (a repair failed, or it was never served)"
            )
        return self._engine

    # -- the write path ---------------------------------------------------------------------------

    def sync(
        self,
        *,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
        in_subprocess: bool = False,
    ) -> SyncReport:
        """Bring the index up to date; ``in_subprocess``: in a child process unless nothing changed
        (sizes and mtimes match: then the cheap no-op sync runs here)."""
        if in_subprocess and not rebuild:
            report = self._store.sync_if_current(progress)  # the corpus listed once for both
            if report is not None:
                return report
            from dossier.index.indexing.sync_process import sync_in_child

            return sync_in_child(self._store.corpus, self.path.parent, progress, on_wait)
        return self._store.sync(progress, rebuild=rebuild, on_wait=on_wait)

    def open(self, report: SyncReport) -> list[Dossier]:
        if report.path and Path(report.path) != self._store.path:
            self._store.path, self._store.index = Path(report.path), None
        return self._store.open_current()

    def serve(self, linker: Linker, names: NameLookup) -> None:
        self._builder = QueryBuilder(build_schema(), linker, names)
        self._engine = SearchEngine(self._store.index, self._builder)

    def repair(self, error: IndexDamaged) -> SyncReport:
        """Rebuild the index here and now and serve the new one, with a note saying why."""
        with self._lock:
            cause = error.__cause__ or error
            self._store.forget()
            report = self._store.sync(rebuild=True)
            report.notes.insert(
                0, f"the index could not be read ({type(cause).__name__}: {cause}): rebuilt it"
            )
            old, self._engine, self._articles = self._engine, None, None
            self.open(report)
            assert self._builder is not None
            self._engine = SearchEngine(self._store.index, self._builder)
            if old is not None:
                old.close()
            return report

    # -- the read path ----------------------------------------------------------------------------

    def search(self, text: str, limit: int, sort: Sort, cancelled: Cancelled | None) -> Results:
        return self.engine.search(text, limit, sort, cancelled)

    def matcher(self, text: str) -> TermMatcher:
        return self.engine.matcher(text)

    def stored(self, kind: str, doc_id: str) -> dict[str, Any] | None:
        return self.engine.stored(kind, doc_id)

    def articles(self) -> list[dict[str, Any]]:
        """Stored fields of every article but its body, in id order, read once."""
        if self._articles is None:
            self._articles = [{**f, "body": ""} for f in self.engine.all_stored(ARTICLE)]
        return self._articles

    def each_article(self) -> Iterator[dict[str, Any]]:
        yield from self.engine.all_stored(ARTICLE)

    def article_ids(self) -> list[str]:
        engine = self.engine
        return engine.column("id", engine.docs(wq.Term("kind", ARTICLE)))

    def mentioning(self, entity: str, start: int = 0, count: int | None = None) -> MentioningPage:
        engine = self.engine
        docnums = engine.docs_mentioning(entity)
        end = None if count is None else start + count
        return MentioningPage([engine.stored_at(n) for n in docnums[start:end]], len(docnums))

    def listing(self, groups: CopyGroups) -> Sequence[Hit]:
        """The browse listing from index columns; a document is read only when its row is asked
        for."""
        engine = self.engine
        articles = self._articles_newest_first(groups)
        dossiers = engine.docs(wq.Term("kind", DOSSIER))
        fields = {n: engine.stored_at(n) for n in dossiers}
        dossiers.sort(
            key=lambda n: (
                TYPES.index(fields[n]["type"]) if fields[n]["type"] in TYPES else 9,
                fold(fields[n]["title"]),
            )
        )
        kinds = Counter({ARTICLE: len(articles), DOSSIER: len(dossiers)})
        return LazyHits(engine, articles + dossiers, kinds, lambda hit: with_copies(hit, groups))

    def _articles_newest_first(self, groups: CopyGroups) -> list[int]:
        """Article numbers newest first (undated last, ties by id), each group of copies once."""
        engine = self.engine
        articles = engine.docs(wq.Term("kind", ARTICLE))
        by_id = dict(zip(articles, engine.column("id", articles), strict=True))
        by_date = dict(zip(articles, engine.column("date", articles), strict=True))
        articles.sort(key=lambda n: by_id[n])
        articles.sort(key=lambda n: by_date[n] or "", reverse=True)
        if not groups:
            return articles
        shown = first_copies([by_id[n] for n in articles], dict(groups))
        return [n for n, first in zip(articles, shown, strict=True) if first]

    def copy_groups(self) -> CopyGroups:
        return load_groups(self._store.path)

    def state(self) -> str:
        return self.engine.state()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
