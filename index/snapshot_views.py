"""The analyst's views as plain functions of a :class:`~dossier.index.session.Snapshot`: timeline,
map, relations, disagreements, unlinked names, the case file (pins) and exports.

Each view imports its module when first used: ``dossier search`` needs none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.index.dossiers.schema import Dossier
from dossier.index.pages import UnknownDossier, printed_date_of
from dossier.index.search.documents import ARTICLE, stored_article, stored_mentions
from dossier.index.search.highlight import Span
from dossier.index.session import Snapshot

if TYPE_CHECKING:
    from dossier.index.views.disagreements import Disagreement, PrintedDate
    from dossier.index.views.export_bundle import ArticleRef
    from dossier.index.views.geo import Place
    from dossier.index.views.pins import Pin, PinStore
    from dossier.index.views.relations import Graph
    from dossier.index.views.timeline import DatedArticle, TimelineEntry
    from dossier.index.views.unlinked import UnlinkedName


def mention_counts(snapshot: Snapshot) -> dict[str, int]:
    """How many times the articles name each dossier."""
    counts: dict[str, int] = {}
    for fields in snapshot.articles():
        for mention in stored_mentions(fields):
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    return counts


def timeline(snapshot: Snapshot, entity: str | None = None) -> list[TimelineEntry]:
    """Every dated event, relation, claim and article, oldest first; only those about ``entity`` if
    given."""
    from dossier.index.views.timeline import build_timeline

    articles = [_dated(snapshot, fields) for fields in snapshot.articles()]
    return build_timeline(snapshot.dossiers, articles, entity)


def _dated(snapshot: Snapshot, fields: dict[str, Any]) -> DatedArticle:
    from dossier.index.views.timeline import DatedArticle

    article = stored_article(fields)
    conflict = article.date_conflict
    return DatedArticle(
        article.id,
        article.title,
        article.date,
        frozenset(
            m.entity for m in stored_mentions(fields) if snapshot.dossier(m.entity) is not None
        ),
        ((conflict, "its printed dateline"),) if conflict else (),
        inferred=article.date_inferred is not None,
    )


def places(snapshot: Snapshot) -> list[Place]:
    """Every place dossier with coordinates, with its mention count."""
    from dossier.index.views.geo import places_of

    return places_of(snapshot.dossiers, mention_counts(snapshot))


def graph(snapshot: Snapshot) -> Graph:
    """Relations and co-mentions of every dossier, to walk a neighbourhood."""
    from dossier.index.views.relations import build_graph

    return build_graph(
        snapshot.dossiers,
        [(f["id"], {m.entity for m in stored_mentions(f)}) for f in snapshot.articles()],
    )


def disagreements(snapshot: Snapshot) -> list[Disagreement]:
    """Every place where sources disagree: disputed claims, dates, printed dates, spellings."""
    from dossier.index.views.disagreements import ArticleText, find_disagreements

    texts = (
        ArticleText(
            fields["id"],
            fields["body"],
            tuple(m for m in stored_mentions(fields) if snapshot.dossier(m.entity) is not None),
        )
        for fields in snapshot.each_article()
    )  # one body at a time
    return find_disagreements(snapshot.dossiers, texts, _printed_dates(snapshot))


def _printed_dates(snapshot: Snapshot) -> list[PrintedDate]:
    """The articles whose printed date disagrees with their metadata's."""
    printed = []
    for fields in snapshot.articles():
        dated = stored_article(fields)
        if dated.date_conflict and dated.date:
            article = snapshot.article(dated.id)
            if article is not None:
                printed.append(printed_date_of(article, dated.date_conflict, dated.date))
    return printed


def pins(snapshot: Snapshot) -> PinStore:
    """The case file of the snapshot's corpus (in the user data folder, looked up each time it is
    used)."""
    from dossier.index.views.pins import PinStore

    return PinStore(snapshot.corpus)


def export(snapshot: Snapshot, dossier_ids: list[str], pinned: list[Pin], fmt: str) -> str:
    """Dossiers (by id, name or alias) and pins as ``markdown``, ``json`` or ``ftm``; the pinned
    dossiers are exported with those named (a brief of pins alone is titled "case file")."""
    from dossier.index.views.export import export
    from dossier.index.views.export_bundle import Bundle

    dossiers = _named(snapshot, dossier_ids)
    named = ", ".join(d.name for d in dossiers) if dossiers else "case file"
    for pin in pinned:
        dossier = snapshot.dossier(pin.target) if pin.kind == "dossier" else None
        if dossier is not None and dossier not in dossiers:
            dossiers.append(dossier)
    articles, pages = _article_refs(snapshot, dossiers, pinned)
    everyone = {d.id: d for d in snapshot.dossiers}
    names = {d.id: d.name for d in everyone.values()}
    bundle = Bundle(tuple(dossiers), tuple(pinned), articles, names, named, everyone, pages)
    return export(bundle, fmt)


def _named(snapshot: Snapshot, dossier_ids: list[str]) -> list[Dossier]:
    """The dossiers named (by id, name or alias), each once; raises :class:`UnknownDossier`."""
    dossiers: list[Dossier] = []
    for name in dossier_ids:
        dossier = snapshot.resolve(name)
        if dossier is None:
            close = snapshot.closest_names(name)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise UnknownDossier(f"no dossier named {name!r}{hint}")
        if dossier not in dossiers:
            dossiers.append(dossier)
    return dossiers


def _article_refs(
    snapshot: Snapshot, dossiers: list[Dossier], pinned: list[Pin]
) -> tuple[dict[str, ArticleRef], dict[tuple[str, str], int]]:
    """Every article as an export cites it, and the PDF page of each quote cited from a PDF."""
    from dossier.index.corpus.pdf_pages import is_pdf, page_of
    from dossier.index.views.export_bundle import ArticleRef, cited_quotes, quote_key

    quoted: dict[str, list[str]] = {}
    for source, quote in cited_quotes(dossiers, pinned):
        quoted.setdefault(source, []).append(quote)
    articles, pages = {}, {}
    for fields in snapshot.articles():
        article = stored_article(fields)
        path = fields.get("path", "")
        articles[article.id] = ArticleRef(
            article.id,
            article.title,
            article.date,
            path,
            article.date_inferred,
            article.date_conflict,
        )
        if article.id in quoted and is_pdf(path):  # the body is read for these only
            body = (snapshot.backend.stored(ARTICLE, article.id) or {}).get("body", "")
            for quote in quoted[article.id]:
                if page := page_of(body, quote):
                    pages[article.id, quote_key(quote)] = page
    return articles, pages


def save_export(
    snapshot: Snapshot, dossier_ids: list[str], pinned: list[Pin], fmt: str, stem: str
) -> Path:
    """Export to a new file in the exports folder of the user data folder; its path."""
    from dossier.index.views.export import save_export

    return save_export(export(snapshot, dossier_ids, pinned, fmt), stem, fmt)


def unlinked_names(snapshot: Snapshot, min_count: int = 1) -> list[UnlinkedName]:
    """Capitalised names in the articles that no dossier covers, most frequent first
    (:mod:`dossier.index.views.unlinked`): found once per snapshot, and kept beside the index."""
    from dossier.index.views.unlinked_cache import kept_or_found

    def found() -> list[UnlinkedName]:
        state = snapshot.backend.state()
        return kept_or_found(snapshot.backend.path, state, lambda: _linked_articles(snapshot))

    return [n for n in snapshot.cached("unlinked", found) if n.count >= min_count]


def _linked_articles(snapshot: Snapshot) -> Iterator[tuple[str, str, list[Span]]]:
    """Each article's id, text and linked mention spans, one at a time."""
    for fields in snapshot.each_article():
        yield fields["id"], fields["body"], [(m.start, m.end) for m in stored_mentions(fields)]
