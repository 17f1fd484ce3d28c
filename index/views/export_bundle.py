"""What one export holds (:class:`Bundle`: dossiers, pins, the articles they cite), as every export
format reads it (:mod:`~dossier.index.views.export`, :mod:`~dossier.index.views.export_ftm`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dossier.index.corpus.metadata import date_label
from dossier.index.dossiers.schema import OUTSIDE, Dossier
from dossier.index.views.pins import Pin


@dataclass(frozen=True)
class ArticleRef:
    """How an export names an article: title, date (``inferred``: how, when it was inferred;
    ``printed``: a printed date that contradicts it), file."""

    id: str
    title: str
    date: str | None = None
    path: str = ""
    inferred: str | None = None
    printed: str | None = None

    @property
    def date_text(self) -> str:
        """``2023-09-13``, ``2023-09-13 (inferred)``, ``… ≠ printed 2023-11-07``; empty when
        undated."""
        return date_label(self.date, self.inferred is not None, self.printed) if self.date else ""


@dataclass(frozen=True)
class Bundle:
    """What one export holds: dossiers (in order: those asked for, then those pinned), pins, the
    articles they cite, and every dossier's name; ``known``: every dossier by id (a pinned claim's
    dossier may not be exported). ``title`` names the brief (``case file``); by default, the
    dossiers' names."""

    dossiers: tuple[Dossier, ...]
    pins: tuple[Pin, ...]
    articles: Mapping[str, ArticleRef]
    names: Mapping[str, str]
    title: str = ""
    known: Mapping[str, Dossier] = field(default_factory=dict)
    #: The page of each quote cited from a PDF article of several pages, by (article id, quote).
    pages: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def page_of(self, source: str | None, quote: str | None) -> int | None:
        """The page of a PDF article a quote is on (None for other articles, or a quote not on one
        page)."""
        return self.pages.get((source, quote_key(quote))) if source and quote else None

    def pin_page(self, pin: Pin) -> int | None:
        """The page of a PDF that a pinned claim's quote or a pinned sentence is on."""
        if pin.kind == "claim":
            return self.page_of(pin.source, pin.quote)
        return self.page_of(pin.target, pin.text) if pin.kind == "sentence" else None

    def cited_at(self, source: str, quote: str | None) -> str:
        """``source``, or ``source, p. 3`` for a quote on page 3 of a PDF."""
        page = self.page_of(source, quote)
        return f"{source}, p. {page}" if page else source

    def title_of(self, article_id: str) -> str:
        ref = self.articles.get(article_id)
        return ref.title if ref else article_id

    def name_of(self, dossier_id: str) -> str:
        return self.names.get(dossier_id, dossier_id)


def quote_key(quote: str) -> str:
    """A quote as :attr:`Bundle.pages` keys it (its words, spaced once)."""
    return " ".join(quote.split())


def cited_quotes(dossiers: Iterable[Dossier], pins: Iterable[Pin]) -> set[tuple[str, str]]:
    """(article id, quote) of every quote an export cites: relations', claims', pinned claims' and
    pinned sentences'."""
    found = {
        (item.source, item.quote)
        for d in dossiers
        for item in (*d.relations, *d.claims)
        if item.source and item.source != OUTSIDE and item.quote
    }
    for pin in pins:
        if pin.kind == "claim" and pin.source and pin.source != OUTSIDE and pin.quote:
            found.add((pin.source, pin.quote))
        elif pin.kind == "sentence" and pin.text:
            found.add((pin.target, pin.text))
    return found


def sources(dossier: Dossier) -> list[str]:
    """The articles a dossier's relations and claims cite (not outside knowledge), in order, each
    once."""
    found = [r.source for r in dossier.relations if r.source] + [c.source for c in dossier.claims]
    return [s for s in dict.fromkeys(found) if s != OUTSIDE]
