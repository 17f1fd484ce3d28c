"""The session: one owner of the opened corpus, handing out immutable snapshots of it.

session = Session.open()                 # the shipped corpus; builds or updates the index first
with session.reading() as snapshot:      # a reader holds its snapshot: a reload closes it after the last one
    results = snapshot.search("Kozhemyako")
session.reload()                         # after a write: a new snapshot, the old one closed when unused

A :class:`Snapshot` is the corpus as one sync left it: its search backend, dossiers, linker, copy
groups and browse listing. Writes and reloads go through the :class:`Keeper`.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from dossier.index.backend import CopyGroups, SearchBackend
from dossier.index.corpus.articles import Article, Corpus, default_corpus
from dossier.index.dossiers.schema import Dossier
from dossier.index.errors import IndexDamaged, SearchCancelled
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport
from dossier.index.pages import (
    ArticleMention,
    ArticlePage,
    DossierPage,
    Link,
    MentionPage,
    find_folded,
)
from dossier.index.problems import Problem
from dossier.index.search.documents import ARTICLE, stored_article, stored_mentions
from dossier.index.search.engine import Cancelled, Hit, Results, Sort
from dossier.index.search.grouping import collapsed
from dossier.index.search.highlight import Span, TermMatcher
from dossier.index.search.name_lookup import NameLookup
from dossier.index.text.analysis import fold
from dossier.index.text.linking import Linker, Mention
from dossier.index.text.sentences import sentence_bounds

if TYPE_CHECKING:
    from dossier.index.dossiers.writer import DossierWriter

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _repairing(
    method: Callable[Concatenate[Snapshot, _P], _R],
) -> Callable[Concatenate[Snapshot, _P], _R]:
    """Run a read of the index; if the backend says the index is damaged (:class:`IndexDamaged`, and
    nothing else), rebuild it with a note and read again, once per snapshot. A failure that survives
    a rebuild, or any other error (a bug), surfaces as it is."""

    @functools.wraps(method)
    def read(self: Snapshot, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except IndexDamaged as error:
            if self.closed:  # retired by a reload: the read is stale, the index is not damaged
                raise SearchCancelled("a newer snapshot replaced this one") from error
            if not self._repair(error):
                raise
            return method(self, *args, **kwargs)

    return read


class Snapshot:
    """The corpus as one sync left it. Its dossiers and listing never change; a repair replaces the
    index it reads, in place. Make one with :meth:`open`; :meth:`close` it (a :class:`Session` does)
    when done."""

    def __init__(self, corpus: Corpus, backend: SearchBackend, report: SyncReport) -> None:
        """Serve ``backend``, which ``report``'s sync just brought up to date (use :meth:`open`)."""
        self.corpus = corpus
        self.backend = backend
        self.last_sync = report
        self.problems: list[Problem] = list(report.problems)
        self._dossiers: dict[str, Dossier] = {d.id: d for d in backend.open(report)}
        self.linker = Linker(self._dossiers.values())
        backend.serve(self.linker, NameLookup(self._dossiers.values()))
        self.groups: CopyGroups = backend.copy_groups()
        self._listing: Sequence[Hit] | None = None
        self._memo: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._repaired = False
        self._readers = 0
        self._retired = False
        self.closed = False

    @classmethod
    def open(
        cls,
        corpus: Corpus | None = None,
        index_root: Path | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
        in_subprocess: bool = False,
    ) -> Snapshot:
        """Open a corpus (default: :func:`default_corpus`), bringing its index up to date first (in
        a child process with ``in_subprocess``: a build holds the GIL). ``on_wait`` is told when
        another process is writing the index and this one waits for it."""
        from dossier.index.whoosh_backend import WhooshBackend

        corpus = corpus or default_corpus()
        backend = WhooshBackend(corpus, index_root)
        report = backend.sync(
            progress=progress, rebuild=rebuild, on_wait=on_wait, in_subprocess=in_subprocess
        )
        return cls(corpus, backend, report)

    def _repair(self, error: IndexDamaged) -> bool:
        """Rebuild the index once (False: already done, the damage is not the index's)."""
        with self._lock:
            if self._repaired:
                return False
            self._repaired = True
            self.last_sync = self.backend.repair(error)
            self.problems = list(self.last_sync.problems)
            self.groups = self.backend.copy_groups()
            self._listing, self._memo = None, {}
            return True

    def close(self) -> None:
        """Release the index's files now (no read may follow)."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
        self.backend.close()

    @contextlib.contextmanager
    def held(self) -> Iterator[Snapshot]:
        """Keep this snapshot open while the block reads it, even if a reload retires it meanwhile.
        Raises :class:`SearchCancelled` if it is already closed (a newer snapshot replaced it: the
        read is stale)."""
        with self._lock:
            if self.closed:
                raise SearchCancelled("a newer snapshot replaced this one")
            self._readers += 1
        try:
            yield self
        finally:
            with self._lock:
                self._readers -= 1
                done = self._retired and not self._readers
            if done:
                self.close()

    def retire(self) -> None:
        """No longer current: close now if no reader holds it, else when the last one is done."""
        with self._lock:
            self._retired = True
            idle = not self._readers
        if idle:
            self.close()

    def cached(self, key: str, compute: Callable[[], _R]) -> _R:
        """``compute()``, once per snapshot (what views derive from it)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: _R = self._memo[key]
        return value

    # -- search -----------------------------------------------------------------------------------

    @_repairing
    def search(
        self,
        text: str,
        limit: int = 20,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
    ) -> Results:
        """Ranked hits for a query (see :mod:`index.search.query` for the language);
        ``sort="date"``: newest first. Raises :class:`SearchCancelled` once ``cancelled()`` says the
        answer is no longer wanted.

        Copies of one article are one hit, the best-ranked (see :mod:`index.search.grouping`); when
        copies were dropped and more hits exist, the search runs once more for enough hits to fill
        ``limit``."""
        results = self.backend.search(text, limit, sort, cancelled)
        shown = collapsed(results, self.groups, limit)
        if shown.copies_hidden and results.total > len(results.hits):
            wider = self.backend.search(text, limit + 2 * shown.copies_hidden, sort, cancelled)
            shown = collapsed(wider, self.groups, limit)
        return shown

    @_repairing
    def matcher(self, text: str) -> TermMatcher:
        """What a query highlights, to mark a whole article with :meth:`highlights`."""
        return self.backend.matcher(text)

    @_repairing
    def highlights(self, article_id: str, text: str) -> list[Span]:
        """Spans of an article's body that ``text`` matches, on the original characters."""
        fields = self.backend.stored(ARTICLE, article_id)
        if not fields or not text.strip():
            return []
        return self.matcher(text).spans(fields["body"], stored_mentions(fields))

    @_repairing
    def browse(self) -> Sequence[Hit]:
        """The whole corpus without a query: articles newest first (undated last), then dossiers by
        type. A document is read only when its row is asked for; computed once per snapshot."""
        if self._listing is None:
            self._listing = self.backend.listing(self.groups)
        return self._listing

    # -- articles ---------------------------------------------------------------------------------

    @_repairing
    def article(self, article_id: str) -> Article | None:
        """One article as indexed, or None."""
        fields = self.backend.stored(ARTICLE, article_id)
        return stored_article(fields) if fields else None

    @_repairing
    def article_page(
        self, article_id: str, query: str = "", matcher: TermMatcher | None = None
    ) -> ArticlePage | None:
        """An article with what ``query`` matches in it (``matcher``: the query's, if already known)
        and the dossiers it names; None if there is no such article. One read of the index."""
        fields = self.backend.stored(ARTICLE, article_id)
        if fields is None:
            return None
        article = stored_article(fields)
        mentions = stored_mentions(fields)
        matches: list[Span] = []
        if query.strip():
            matches = (matcher or self.matcher(query)).spans(article.body, mentions)
        named = [m for m in mentions if m.entity in self._dossiers]
        return ArticlePage(article, matches, named, self.copies_of(article_id))

    def copies_of(self, article_id: str) -> list[str]:
        """The ids of an article's exact or near copies (see :mod:`index.indexing.duplicates`), by
        id."""
        return [i for i in self.groups.get(article_id, ()) if i != article_id]

    @_repairing
    def closest_article_ids(self, article_id: str, limit: int = 3) -> list[str]:
        """Article ids nearest to an unknown one, for "did you mean"."""
        return difflib.get_close_matches(article_id, self.backend.article_ids(), limit, 0.6)

    @_repairing
    def entities_in(self, article_id: str) -> list[Mention]:
        """The dossiers an article names, in text order, only those that still exist."""
        fields = self.backend.stored(ARTICLE, article_id)
        return [m for m in stored_mentions(fields or {}) if m.entity in self._dossiers]

    def quote_span(self, article_id: str, quote: str) -> Span | None:
        """Where a claim's quote sits in an article (compared folded), to open the article at it."""
        article = self.article(article_id)
        return find_folded(article.body, quote) if article else None

    def sentence_around(self, article_id: str, start: int, end: int) -> tuple[int, int]:
        """The sentence of an article holding ``[start, end)`` (body offsets)."""
        article = self.article(article_id)
        return sentence_bounds(article.body, start, end) if article else (start, end)

    @_repairing
    def articles(self) -> list[dict[str, Any]]:
        """Stored fields of every article but its body, in id order (read once)."""
        return self.backend.articles()

    def each_article(self) -> Iterator[dict[str, Any]]:
        """Stored fields of every article with its body, in id order, one at a time."""
        return self.backend.each_article()

    # -- dossiers ---------------------------------------------------------------------------------

    @property
    def dossiers(self) -> list[Dossier]:
        return list(self._dossiers.values())

    def dossier(self, dossier_id: str) -> Dossier | None:
        return self._dossiers.get(dossier_id)

    def resolve(self, name: str) -> Dossier | None:
        """The dossier with this id, name or alias (compared folded: ``Ким Чен Ын`` finds Kim Jong
        Un)."""
        if name in self._dossiers:
            return self._dossiers[name]
        wanted = fold(name)
        for dossier in self._dossiers.values():
            if wanted == dossier.id or any(fold(n) == wanted for n in dossier.names):
                return dossier
        return None

    def closest_names(self, name: str, limit: int = 3) -> list[str]:
        """Dossier names nearest to an unknown one, for "did you mean"."""
        names = {fold(n): d.name for d in self._dossiers.values() for n in (*d.names, d.id)}
        close = difflib.get_close_matches(fold(name), names, limit * 3, 0.5)
        return list(dict.fromkeys(names[m] for m in close))[:limit]

    def links(self, dossier_id: str) -> list[Link]:
        """Relations touching a dossier, both directions: its own first, then those pointing at
        it."""
        dossier = self._dossiers.get(dossier_id)
        out = [Link(r, r.target, False) for r in (dossier.relations if dossier else ())]
        for other in self._dossiers.values():
            if other.id != dossier_id:
                out += [Link(r, other.id, True) for r in other.relations if r.target == dossier_id]
        return out

    @_repairing
    def dossier_page(self, dossier_id: str, mentions: int = 30) -> DossierPage:
        """Everything a dossier page needs, with the mentions in its first ``mentions`` articles:
        bounded however many articles name it (load it in a worker: it reads the index)."""
        dossier = self._dossiers.get(dossier_id)
        titles: dict[str, str | None] = {}
        for claim in dossier.claims if dossier else ():
            if claim.source not in titles:
                fields = self.backend.stored(ARTICLE, claim.source)
                titles[claim.source] = fields.get("title", claim.source) if fields else None
        return DossierPage(
            self.links(dossier_id), titles, self.mentions_page(dossier_id, 0, mentions)
        )

    def mentions_of(self, dossier_id: str) -> list[ArticleMention]:
        """Every place an article names the dossier, with its sentence (keyword in context)."""
        return self.mentions_page(dossier_id).mentions

    @_repairing
    def mentions_page(
        self, dossier_id: str, start: int = 0, count: int | None = None
    ) -> MentionPage:
        """The mentions in ``count`` of the articles naming a dossier (all by default), from the
        ``start``-th, in article id order, with how many articles name it in all: a page that names
        a dossier in 10 000 articles is shown a page at a time."""
        page = self.backend.mentioning(dossier_id, start, count)
        out = [mention for fields in page.articles for mention in _mentions_in(fields, dossier_id)]
        return MentionPage(out, page.total)


def _mentions_in(fields: dict[str, Any], dossier_id: str) -> Iterator[ArticleMention]:
    """Where one article (its stored fields) names a dossier, each with its sentence."""
    body = fields.get("body", "")
    for mention in stored_mentions(fields):
        if mention.entity == dossier_id:
            bounds = sentence_bounds(body, mention.start, mention.end)
            yield ArticleMention(
                fields["id"],
                fields.get("title", ""),
                mention.start,
                mention.end,
                bounds,
                body[bounds[0] : bounds[1]],
            )


class Session:
    """The one owner of an opened corpus: :attr:`current` is its latest snapshot; :meth:`reload`
    swaps in a new one and retires the old one, which closes once its last reader (:meth:`reading`)
    is done."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._current = snapshot
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        corpus: Corpus | None = None,
        index_root: Path | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
        in_subprocess: bool = False,
    ) -> Session:
        """A session on a corpus (default: :func:`default_corpus`), its index brought up to date
        first."""
        return cls(Snapshot.open(corpus, index_root, progress, rebuild, on_wait, in_subprocess))

    @property
    def current(self) -> Snapshot:
        """The latest snapshot (hold it with :meth:`reading` while a reload may retire it)."""
        return self._current

    @property
    def corpus(self) -> Corpus:
        return self._current.corpus

    @contextlib.contextmanager
    def reading(self, snapshot: Snapshot | None = None) -> Iterator[Snapshot]:
        """Hold ``snapshot`` (default: the current one) open while the block reads it (see
        :meth:`Snapshot.held`: a snapshot already closed raises :class:`SearchCancelled`)."""
        with self._lock:
            held = snapshot or self._current
        with held.held():
            yield held

    def open_next(self, *, in_process: bool = False) -> Snapshot:
        """A new snapshot with the files as they are now (after a write, or a change seen on disk),
        not yet swapped in: in this process (quick when only claims or relations changed), else in a
        child process when articles may need indexing or relinking."""
        old = self._current
        root = old.backend.path.parent  # the index folder is index_dir(corpus, root)
        return Snapshot.open(old.corpus, root, in_subprocess=not in_process)

    def reload(self, *, in_process: bool = False) -> Snapshot:
        """Open the next snapshot (:meth:`open_next`) and swap it in (:meth:`swap`)."""
        new = self.open_next(in_process=in_process)
        self.swap(new)
        return new

    def swap(self, snapshot: Snapshot) -> None:
        """Serve ``snapshot`` from now on; the one it replaces is retired (closed once no reader
        holds it)."""
        with self._lock:
            old, self._current = self._current, snapshot
        if old is not snapshot:
            old.retire()

    def close(self) -> None:
        """Retire the current snapshot (closed once no reader holds it)."""
        self._current.retire()


class Keeper:
    """The one way the app writes: dossier writes and undo through a :class:`DossierWriter`, then a
    reload of the session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._writer: DossierWriter | None = None

    @property
    def writer(self) -> DossierWriter:
        """The writer on the session's corpus (one per keeper: it keeps the undo journal)."""
        if self._writer is None:
            from dossier.index.dossiers.writer import DossierWriter

            self._writer = DossierWriter(self.session.corpus)
        return self._writer

    def undo(self) -> Path:
        """Undo the last write (raises :class:`DossierError` when there is none); the file
        undone."""
        return self.writer.undo()

    def open_next(self, *, in_process: bool = False) -> Snapshot:
        """A snapshot with what was written (:meth:`Session.open_next`; slow: run it off the UI
        loop)."""
        return self.session.open_next(in_process=in_process)

    def swap(self, snapshot: Snapshot) -> None:
        """Serve ``snapshot`` (from :meth:`open_next`) from now on (:meth:`Session.swap`)."""
        self.session.swap(snapshot)

    def reload(self, *, in_process: bool = False) -> Snapshot:
        """Take in what was written: a new snapshot of the session (see :meth:`Session.reload`)."""
        return self.session.reload(in_process=in_process)
