"""The analyst's views of an opened corpus, mixed into :class:`dossier.index.api.Workbench`: timeline, map,
relations, disagreements, unlinked names, the case file (pins) and exports.

Each view imports its module when first used: ``dossier search`` needs none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dossier.index.corpus.articles import Article, Corpus
from dossier.index.dossiers.schema import Dossier
from dossier.index.indexing.store import IndexStore
from dossier.index.pages import UnknownDossier, printed_date_of
from dossier.index.search.documents import ARTICLE, stored_article, stored_mentions
from dossier.index.search.engine import SearchEngine
from dossier.index.search.highlight import Span

if TYPE_CHECKING:
    from dossier.index.views.disagreements import Disagreement
    from dossier.index.views.geo import Place
    from dossier.index.views.pins import Pin, PinStore
    from dossier.index.views.relations import Graph
    from dossier.index.views.timeline import TimelineEntry
    from dossier.index.views.unlinked import UnlinkedName


class _Bench(Protocol):
    """What the views use of the Workbench they are mixed into."""

    corpus: Corpus
    engine: SearchEngine
    _store: IndexStore
    _dossiers: dict[str, Dossier]
    _unlinked: tuple[str, list[UnlinkedName]] | None

    @property
    def dossiers(self) -> list[Dossier]: ...
    def dossier(self, dossier_id: str) -> Dossier | None: ...
    def resolve(self, name: str) -> Dossier | None: ...
    def closest_names(self, name: str, limit: int = 3) -> list[str]: ...
    def article(self, article_id: str) -> Article | None: ...
    def _stored_articles(self) -> list[dict[str, Any]]: ...
    def mention_counts(self) -> dict[str, int]: ...
    def export(self, dossier_ids: list[str], pins: list[Pin], fmt: str) -> str: ...


class AnalystViews:
    """The views of a Workbench beyond search, reading, and its dossiers one by one."""

    #: The unlinked names and the index state they were found in (None: not yet looked for).
    _unlinked: tuple[str, list[UnlinkedName]] | None

    def timeline(self: _Bench, entity: str | None = None) -> list[TimelineEntry]:
        """Every dated event, relation, claim and article, oldest first; only those about ``entity`` if given."""
        from dossier.index.views.timeline import DatedArticle, build_timeline

        articles = []
        for fields in self._stored_articles():
            article = stored_article(fields)
            conflict = article.date_conflict
            articles.append(
                DatedArticle(
                    article.id,
                    article.title,
                    article.date,
                    frozenset(
                        m.entity for m in stored_mentions(fields) if m.entity in self._dossiers
                    ),
                    ((conflict, "its printed dateline"),) if conflict else (),
                    inferred=article.date_inferred is not None,
                )
            )
        return build_timeline(self.dossiers, articles, entity)

    def places(self: _Bench) -> list[Place]:
        """Every place dossier with coordinates, with its mention count."""
        from dossier.index.views.geo import places_of

        return places_of(self.dossiers, self.mention_counts())

    def graph(self: _Bench) -> Graph:
        """Relations and co-mentions of every dossier, to walk a neighbourhood."""
        from dossier.index.views.relations import build_graph

        return build_graph(
            self.dossiers,
            [(f["id"], {m.entity for m in stored_mentions(f)}) for f in self._stored_articles()],
        )

    def disagreements(self: _Bench) -> list[Disagreement]:
        """Every place where sources disagree: disputed claims, dates, printed dates, spellings."""
        from dossier.index.views.disagreements import ArticleText, find_disagreements

        printed = []
        for fields in self._stored_articles():
            dated = stored_article(fields)
            if (
                dated.date_conflict
                and dated.date
                and (article := self.article(dated.id)) is not None
            ):
                printed.append(printed_date_of(article, dated.date_conflict, dated.date))
        texts = (
            ArticleText(
                fields["id"],
                fields["body"],
                tuple(m for m in stored_mentions(fields) if m.entity in self._dossiers),
            )
            for fields in self.engine.all_stored(ARTICLE)
        )  # one body at a time
        return find_disagreements(self.dossiers, texts, printed)

    @property
    def pins(self: _Bench) -> PinStore:
        """The case file of this corpus (in the user data folder, looked up each time it is used)."""
        from dossier.index.views.pins import PinStore

        return PinStore(self.corpus)

    def export(self: _Bench, dossier_ids: list[str], pins: list[Pin], fmt: str) -> str:
        """Dossiers (by id, name or alias) and pins as ``markdown``, ``json`` or ``ftm``; the pinned dossiers
        are exported with those named (a brief of pins alone is titled "case file")."""
        from dossier.index.corpus.pdf_pages import is_pdf, page_of
        from dossier.index.views.export import export
        from dossier.index.views.export_bundle import ArticleRef, Bundle, cited_quotes, quote_key

        dossiers = []
        for name in dossier_ids:
            dossier = self.resolve(name)
            if dossier is None:
                close = self.closest_names(name)
                hint = f"; did you mean: {', '.join(close)}?" if close else ""
                raise UnknownDossier(f"no dossier named {name!r}{hint}")
            if dossier not in dossiers:
                dossiers.append(dossier)
        named = ", ".join(d.name for d in dossiers) if dossiers else "case file"
        for pin in pins:
            if (
                pin.kind == "dossier"
                and (dossier := self.dossier(pin.target))
                and dossier not in dossiers
            ):
                dossiers.append(dossier)
        quoted: dict[str, list[str]] = {}
        for source, quote in cited_quotes(dossiers, pins):
            quoted.setdefault(source, []).append(quote)
        articles, pages = {}, {}
        for fields in self._stored_articles():
            article = stored_article(fields)
            articles[article.id] = ArticleRef(
                article.id,
                article.title,
                article.date,
                fields.get("path", ""),
                article.date_inferred,
                article.date_conflict,
            )
            if article.id in quoted and is_pdf(
                fields.get("path", "")
            ):  # the body is read for these only
                body = (self.engine.stored(ARTICLE, article.id) or {}).get("body", "")
                for quote in quoted[article.id]:
                    if page := page_of(body, quote):
                        pages[article.id, quote_key(quote)] = page
        return export(
            Bundle(
                tuple(dossiers),
                tuple(pins),
                articles,
                {d.id: d.name for d in self.dossiers},
                named,
                self._dossiers,
                pages,
            ),
            fmt,
        )

    def save_export(
        self: _Bench, dossier_ids: list[str], pins: list[Pin], fmt: str, stem: str
    ) -> Path:
        """Export to a new file in the exports folder of the user data folder; its path."""
        from dossier.index.views.export import save_export

        return save_export(self.export(dossier_ids, pins, fmt), stem, fmt)

    def unlinked_names(self: _Bench, min_count: int = 1) -> list[UnlinkedName]:
        """Capitalised names in the articles that no dossier covers, most frequent first
        (:mod:`dossier.index.views.unlinked`): found once per state of the index, and kept beside it."""
        from dossier.index.views.unlinked_cache import kept_or_found

        state = self.engine.state()
        found = self._unlinked
        if found is None or found[0] != state:
            found = (
                state,
                kept_or_found(
                    self._store.path, state, functools.partial(_linked_articles, self.engine)
                ),
            )
            self._unlinked = found
        return [n for n in found[1] if n.count >= min_count]


def _linked_articles(engine: SearchEngine) -> Iterator[tuple[str, str, list[Span]]]:
    """Each article's id, text and linked mention spans, one at a time."""
    for fields in engine.all_stored(ARTICLE):
        yield fields["id"], fields["body"], [(m.start, m.end) for m in stored_mentions(fields)]
