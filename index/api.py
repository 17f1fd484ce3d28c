"""The search API: the one door between the index and its users (the CLI and the Textual app).

bench = Workbench.open()            # the shipped corpus; builds or updates the index first
results = bench.search("Kozhemyako")
bench.article(results.hits[0].id)
"""

from __future__ import annotations

import difflib
import functools
import importlib
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from whoosh import query as wq

from dossier.index.analyst_views import AnalystViews
from dossier.index.corpus.articles import CORPUS_ENV, Article, Corpus, default_corpus
from dossier.index.dossiers.schema import (
    ATTRIBUTES,
    LINK_ATTRIBUTES,
    RELATION_TYPES,
    TYPES,
    Dossier,
    Relation,
)
from dossier.index.errors import DossierError, SearchCancelled
from dossier.index.indexing.duplicates import load_groups
from dossier.index.indexing.store import IndexStore, Notify, Progress, SyncReport
from dossier.index.pages import (
    ArticleMention,
    ArticlePage,
    DossierPage,
    Link,
    MentionPage,
    UnknownDossier,
    find_folded,
    inverse_label,
)
from dossier.index.problems import Problem
from dossier.index.search.documents import ARTICLE, DOSSIER, stored_article, stored_mentions
from dossier.index.search.engine import (
    Cancelled,
    Hit,
    LazyHits,
    Results,
    SearchEngine,
    Sort,
    kind_counts,
)
from dossier.index.search.grouping import collapsed, first_copies, with_copies
from dossier.index.search.highlight import Snippet, Span, TermMatcher
from dossier.index.search.name_lookup import NameLookup
from dossier.index.search.query import QueryBuilder
from dossier.index.search.schema import build_schema
from dossier.index.text.analysis import fold
from dossier.index.text.linking import Linker, Mention
from dossier.index.text.safe_text import safe_text
from dossier.index.text.sentences import sentence_bounds, sentences
from dossier.index.text.wording import plural

# At run time these come on first use (see __getattr__): a search needs none of them
if TYPE_CHECKING:  # (exported through _ON_FIRST_USE, which ruff does not read: hence the noqa)
    from dossier.index.corpus.watch import watch_corpus  # noqa: F401
    from dossier.index.dossiers.check import check_corpus, summary_line  # noqa: F401
    from dossier.index.dossiers.writer import (  # noqa: F401
        DossierWriter,
        NewClaim,
        NewRelation,
        Snapshot,
        WriteResult,
        derive_id,
    )
    from dossier.index.views.coastline import available as coastline_data_installed  # noqa: F401
    from dossier.index.views.disagreements import KIND_LABELS, Disagreement, PrintedDate, Side  # noqa: F401
    from dossier.index.views.export import (  # noqa: F401
        FORMATS,
        SUFFIXES,
        ExportFailed,
        export_contents,
        export_message,
        write_export,
    )
    from dossier.index.views.geo import Place, View, cluster, coastlines_in, default_view  # noqa: F401
    from dossier.index.views.geo import step as step_between  # noqa: F401
    from dossier.index.views.pins import Pin, PinStore, PinsUnavailable, data_root  # noqa: F401
    from dossier.index.views.relations import Graph, Neighbour  # noqa: F401
    from dossier.index.views.timeline import TimelineEntry  # noqa: F401
    from dossier.index.views.unlinked import Context, UnlinkedName, name_spans  # noqa: F401

#: Names this module hands out from modules the search path does not need: name -> (module, name there).
_ON_FIRST_USE: dict[str, tuple[str, str]] = {
    **{name: ("dossiers.check", name) for name in ("check_corpus", "summary_line")},
    "coastline_data_installed": ("views.coastline", "available"),
    "watch_corpus": ("corpus.watch", "watch_corpus"),
    **{
        name: ("views.disagreements", name)
        for name in ("KIND_LABELS", "Disagreement", "PrintedDate", "Side")
    },
    **{
        name: ("dossiers.writer", name)
        for name in (
            "DossierWriter",
            "NewClaim",
            "NewRelation",
            "Snapshot",
            "WriteResult",
            "derive_id",
        )
    },
    **{
        name: ("views.export", name)
        for name in (
            "FORMATS",
            "SUFFIXES",
            "ExportFailed",
            "export_contents",
            "export_message",
            "write_export",
        )
    },
    **{
        name: ("views.geo", name)
        for name in ("Place", "View", "cluster", "coastlines_in", "default_view")
    },
    "step_between": ("views.geo", "step"),
    **{name: ("views.pins", name) for name in ("Pin", "PinStore", "PinsUnavailable", "data_root")},
    **{name: ("views.relations", name) for name in ("Graph", "Neighbour")},
    "TimelineEntry": ("views.timeline", "TimelineEntry"),
    "SearchRunner": ("search.process", "SearchRunner"),
    **{name: ("views.unlinked", name) for name in ("Context", "UnlinkedName", "name_spans")},
}


def __getattr__(name: str) -> Any:
    """A name of :data:`_ON_FIRST_USE`, imported the first time it is asked for (``dossier search`` starts
    without YAML writers, exporters, maps or file watchers)."""
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _ON_FIRST_USE[name]
    value = getattr(importlib.import_module(f"dossier.index.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [  # what comes with this module (one a line: several people add names here), then what comes on first use
    "ARTICLE",
    "ATTRIBUTES",
    "CORPUS_ENV",
    "DOSSIER",
    "LINK_ATTRIBUTES",
    "RELATION_TYPES",
    "TYPES",
    "Article",
    "ArticleMention",
    "ArticlePage",
    "Cancelled",
    "Corpus",
    "Dossier",
    "DossierError",
    "DossierPage",
    "Hit",
    "Link",
    "Mention",
    "MentionPage",
    "Problem",
    "Relation",
    "Results",
    "SearchCancelled",
    "Snippet",
    "Sort",
    "Span",
    "SyncReport",
    "TermMatcher",
    "UnknownDossier",
    "Workbench",
    "default_corpus",
    "fold",
    "inverse_label",
    "kind_counts",
    "plural",
    "safe_text",
    "sentences",
    *_ON_FIRST_USE,
]


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _repairing(
    method: Callable[Concatenate[Workbench, _P], _R],
) -> Callable[Concatenate[Workbench, _P], _R]:
    """Run a read of the index; if it fails, take the index as damaged, rebuild it (with a note) and read
    again, once per Workbench: a damaged segment surfaces as any of zlib, struct, pickle, EOF or Whoosh's bare
    ``Exception``, and a failure that survives a rebuild is not damage."""

    @functools.wraps(method)
    def read(self: Workbench, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except DossierError:
            raise
        except Exception as error:
            if self._repaired:
                raise
            self._repair(error)
            return method(self, *args, **kwargs)

    return read


class Workbench(AnalystViews):
    """An opened corpus: its dossiers in memory, its articles behind a Whoosh index.

    There is no unopened Workbench: make one with :meth:`open` (in this process) or
    :meth:`open_in_subprocess` (a child builds the index, so a UI keeps drawing).
    """

    def __init__(self, store: IndexStore, report: SyncReport) -> None:
        """Serve from ``store``, which ``report``'s sync just brought up to date (use the constructors)."""
        self.corpus = store.corpus
        self._store = store
        self._repair_lock = threading.Lock()
        self._repaired = False
        self._serve(report)

    def _serve(self, report: SyncReport) -> None:
        """Serve the index ``report``'s sync left (in the folder it used: maybe a temporary one)."""
        if report.path and Path(report.path) != self._store.path:
            self._store.path, self._store.index = Path(report.path), None
        self.last_sync = report
        self.problems: list[Problem] = list(report.problems)
        self._dossiers: dict[str, Dossier] = {d.id: d for d in self._store.open_current()}
        self._linker = Linker(self._dossiers.values())
        self._listing: LazyHits | None = None
        self._articles: list[dict[str, Any]] | None = None
        self._groups = load_groups(self._store.path)  # article id -> the ids of its group of copies
        self._unlinked: tuple[str, list[UnlinkedName]] | None = None
        names = NameLookup(self._dossiers.values())
        self.engine = SearchEngine(
            self._store.index, QueryBuilder(build_schema(), self._linker, names)
        )

    def _repair(self, error: Exception) -> None:
        """Rebuild an index that failed to read, here and now, and serve the new one."""
        with self._repair_lock:
            self._repaired = True
            self._store.forget()
            report = self._store.sync(rebuild=True)
            report.notes.insert(
                0, f"the index could not be read ({type(error).__name__}: {error}): rebuilt it"
            )
            old = self.engine
            self._serve(report)
            old.close()

    @classmethod
    def open(
        cls,
        corpus: Corpus | None = None,
        index_root: Path | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
    ) -> Workbench:
        """Open a corpus (default: :func:`default_corpus`), bringing its index up to date in-process.

        ``on_wait`` is told when another process is writing the index and this one waits for it.
        """
        store = IndexStore(corpus or default_corpus(), index_root)
        return cls(store, store.sync(progress, rebuild=rebuild, on_wait=on_wait))

    @classmethod
    def open_in_subprocess(
        cls,
        corpus: Corpus,
        index_root: Path | None = None,
        progress: Progress | None = None,
        on_wait: Notify | None = None,
    ) -> Workbench:
        """Open a corpus, updating its index in a child process (a build holds the GIL).

        When nothing changed (sizes and mtimes match) the cheap no-op sync runs here instead.
        """
        from dossier.index.indexing.sync_process import sync_in_child

        store = IndexStore(corpus, index_root)
        report = store.sync_if_current(progress)  # stall: lists the corpus once, not twice
        return cls(store, report or sync_in_child(corpus, index_root, progress, on_wait))

    def reopened(self, *, in_process: bool = False) -> Workbench:
        """A new workbench on the same corpus and index folder, brought up to date with the files as they are
        now (after a write, or a change seen on disk): in this process (quick when only claims or relations
        changed), else in a child process when articles may need indexing or relinking."""
        root = self._store.path.parent  # the store's folder is index_dir(corpus, root)
        if in_process:
            return Workbench.open(self.corpus, root)
        return Workbench.open_in_subprocess(self.corpus, root)

    # -- search -----------------------------------------------------------------------------------

    @_repairing
    def search(
        self,
        text: str,
        limit: int = 20,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
    ) -> Results:
        """Ranked hits for a query (see :mod:`index.query` for the language); ``sort="date"``: newest first.
        Raises :class:`SearchCancelled` once ``cancelled()`` says the answer is no longer wanted.

        Copies of one article are one hit, the best-ranked (see :mod:`index.search.grouping`); when copies were
        dropped and more hits exist, the search runs once more for enough hits to fill ``limit``."""
        results = self.engine.search(text, limit, sort, cancelled)
        shown = collapsed(results, self._groups, limit)
        if shown.copies_hidden and results.total > len(results.hits):
            wider = self.engine.search(text, limit + 2 * shown.copies_hidden, sort, cancelled)
            shown = collapsed(wider, self._groups, limit)
        return shown

    @_repairing
    def matcher(self, text: str) -> TermMatcher:
        """What a query highlights, to mark a whole article with :meth:`highlights`."""
        return self.engine.matcher(text)

    @_repairing
    def highlights(self, article_id: str, text: str) -> list[Span]:
        """Spans of an article's body that ``text`` matches, on the original characters."""
        fields = self.engine.stored(ARTICLE, article_id)
        if not fields or not text.strip():
            return []
        return self.matcher(text).spans(fields["body"], stored_mentions(fields))

    @_repairing
    def article_page(
        self, article_id: str, query: str = "", matcher: TermMatcher | None = None
    ) -> ArticlePage | None:
        """An article with what ``query`` matches in it (``matcher``: the query's, if already known) and the
        dossiers it names; None if there is no such article. One read of the index."""
        fields = self.engine.stored(ARTICLE, article_id)
        if fields is None:
            return None
        article = stored_article(fields)
        mentions = stored_mentions(fields)
        matches = (
            (matcher or self.matcher(query)).spans(article.body, mentions) if query.strip() else []
        )
        return ArticlePage(
            article,
            matches,
            [m for m in mentions if m.entity in self._dossiers],
            self.copies_of(article_id),
        )

    @_repairing
    def browse(self) -> Sequence[Hit]:
        """The whole corpus without a query: articles newest first (undated last), then dossiers by type.

        The order comes from index columns; a document is read only when its row is asked for. Computed once
        per attached index: the app shows it whenever the search box is emptied.
        """
        if self._listing is None:
            engine = self.engine
            articles = engine.docs(wq.Term("kind", ARTICLE))
            by_id = dict(zip(articles, engine.column("id", articles), strict=True))
            by_date = dict(zip(articles, engine.column("date", articles), strict=True))
            articles.sort(key=lambda n: by_id[n])
            articles.sort(key=lambda n: by_date[n] or "", reverse=True)
            if self._groups:  # each group of copies once, where its first copy in this order is
                articles = [
                    n
                    for n, shown in zip(
                        articles,
                        first_copies([by_id[n] for n in articles], self._groups),
                        strict=True,
                    )
                    if shown
                ]
            dossiers = engine.docs(wq.Term("kind", DOSSIER))
            fields = {n: engine.stored_at(n) for n in dossiers}
            dossiers.sort(
                key=lambda n: (
                    TYPES.index(fields[n]["type"]) if fields[n]["type"] in TYPES else 9,
                    fold(fields[n]["title"]),
                )
            )
            kinds = Counter({ARTICLE: len(articles), DOSSIER: len(dossiers)})
            self._listing = LazyHits(
                engine, articles + dossiers, kinds, lambda hit: with_copies(hit, self._groups)
            )
        return self._listing

    # -- articles ---------------------------------------------------------------------------------

    @_repairing
    def article(self, article_id: str) -> Article | None:
        """One article as indexed, or None."""
        fields = self.engine.stored(ARTICLE, article_id)
        return stored_article(fields) if fields else None

    def copies_of(self, article_id: str) -> list[str]:
        """The ids of an article's exact or near copies (see :mod:`index.indexing.duplicates`), by id."""
        return [i for i in self._groups.get(article_id, ()) if i != article_id]

    @_repairing
    def closest_article_ids(self, article_id: str, limit: int = 3) -> list[str]:
        """Article ids nearest to an unknown one, for "did you mean"."""
        ids = self.engine.column("id", self.engine.docs(wq.Term("kind", ARTICLE)))
        return difflib.get_close_matches(article_id, ids, limit, 0.6)

    @_repairing
    def entities_in(self, article_id: str) -> list[Mention]:
        """The dossiers an article names, in text order, only those that still exist."""
        fields = self.engine.stored(ARTICLE, article_id)
        return [m for m in stored_mentions(fields or {}) if m.entity in self._dossiers]

    # -- dossiers ---------------------------------------------------------------------------------

    @property
    def dossiers(self) -> list[Dossier]:
        return list(self._dossiers.values())

    def dossier(self, dossier_id: str) -> Dossier | None:
        return self._dossiers.get(dossier_id)

    def resolve(self, name: str) -> Dossier | None:
        """The dossier with this id, name or alias (compared folded: ``Ким Чен Ын`` finds Kim Jong Un)."""
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
        return list(
            dict.fromkeys(
                names[m] for m in difflib.get_close_matches(fold(name), names, limit * 3, 0.5)
            )
        )[:limit]

    def links(self, dossier_id: str) -> list[Link]:
        """Relations touching a dossier, both directions: its own first, then those pointing at it."""
        dossier = self._dossiers.get(dossier_id)
        out = [Link(r, r.target, False) for r in (dossier.relations if dossier else ())]
        for other in self._dossiers.values():
            if other.id != dossier_id:
                out += [Link(r, other.id, True) for r in other.relations if r.target == dossier_id]
        return out

    @_repairing
    def dossier_page(self, dossier_id: str, mentions: int = 30) -> DossierPage:
        """Everything a dossier page needs, with the mentions in its first ``mentions`` articles: bounded
        however many articles name it (load it in a worker: it reads the index)."""
        dossier = self._dossiers.get(dossier_id)
        titles: dict[str, str | None] = {}
        for claim in dossier.claims if dossier else ():
            if claim.source not in titles:
                fields = self.engine.stored(ARTICLE, claim.source)
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
        """The mentions in ``count`` of the articles naming a dossier (all by default), from the ``start``-th,
        in article id order, with how many articles name it in all: a page that names a dossier in 10 000
        articles is shown a page at a time."""
        docnums = self.engine.docs_mentioning(dossier_id)
        out: list[ArticleMention] = []
        for docnum in docnums[start : None if count is None else start + count]:
            fields = self.engine.stored_at(docnum)
            body = fields.get("body", "")
            for mention in stored_mentions(fields):
                if mention.entity == dossier_id:
                    bounds = sentence_bounds(body, mention.start, mention.end)
                    out.append(
                        ArticleMention(
                            fields["id"],
                            fields.get("title", ""),
                            mention.start,
                            mention.end,
                            bounds,
                            body[bounds[0] : bounds[1]],
                        )
                    )
        return MentionPage(out, len(docnums))

    def quote_span(self, article_id: str, quote: str) -> Span | None:
        """Where a claim's quote sits in an article (compared folded), to open the article at it."""
        article = self.article(article_id)
        return find_folded(article.body, quote) if article else None

    # -- what the analyst views read (the views themselves: AnalystViews) ----------------------------

    @_repairing
    def _stored_articles(self) -> list[dict[str, Any]]:
        """Stored fields of every article but its body, in id order, read once per attached index."""
        if self._articles is None:
            self._articles = [{**fields, "body": ""} for fields in self.engine.all_stored(ARTICLE)]
        return self._articles

    def mention_counts(self) -> dict[str, int]:
        """How many times the articles name each dossier."""
        counts: dict[str, int] = {}
        for fields in self._stored_articles():
            for mention in stored_mentions(fields):
                counts[mention.entity] = counts.get(mention.entity, 0) + 1
        return counts

    def sentence_around(self, article_id: str, start: int, end: int) -> tuple[int, int]:
        """The sentence of an article holding ``[start, end)`` (body offsets)."""
        article = self.article(article_id)
        return sentence_bounds(article.body, start, end) if article else (start, end)
