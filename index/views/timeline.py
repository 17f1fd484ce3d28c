"""The timeline: every dated event, relation, claim and article in date order, each with its source.

Dates are kept as written (``2000``, ``2023-09``, ``2023-09-13``): an imprecise date sorts before
the precise dates inside it and is shown as what it is, never padded to a made-up day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from dossier.index.dossiers.schema import Dossier
from dossier.index.text.linking import Linker

EntryKind = Literal["event", "relation", "claim", "article"]

#: How a relation type reads in a sentence ("Kim Jong Un met with Vladimir Putin").
_VERBS = {
    "member_of": "member of",
    "leader_of": "leader of",
    "works_for": "works for",
    "spokesperson_for": "spokesperson for",
    "met_with": "met with",
    "greeted": "greeted",
    "invited": "invited",
    "visited": "visited",
    "hosted": "hosted",
    "located_in": "located in",
    "part_of": "part of",
    "participant_in": "took part in",
    "reported_on": "reported on",
    "allied_with": "allied with",
}


def date_key(text: str) -> tuple[int, int, int]:
    """A sort key for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: missing parts are 0, so ``2023-09``
    sorts before ``2023-09-01`` and after every date of August."""
    parts = [int(p) for p in text.split("-")[:3] if p.isdigit()]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


@dataclass(frozen=True)
class DatedArticle:
    """What the timeline needs of an article: its date, and other dates sources give it (label,
    date)."""

    id: str
    title: str
    date: str | None
    entities: frozenset[str] = frozenset()
    other_dates: tuple[tuple[str, str], ...] = ()
    inferred: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    """One dated item. ``source`` is the article that supports it (None for an event's own dates);
    ``other_dates`` are (date, who gives it) where sources date the same thing differently."""

    date: str
    kind: EntryKind
    text: str
    dossier: str | None
    source: str | None = None
    quote: str | None = None
    end: str | None = None
    entities: frozenset[str] = frozenset()
    disputed: bool = False
    note: str | None = None
    other_dates: tuple[tuple[str, str], ...] = field(default=())
    inferred: bool = False

    @property
    def key(self) -> tuple[tuple[int, int, int], int]:
        return date_key(self.date), _KIND_ORDER[self.kind]

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def month(self) -> str | None:
        """``YYYY-MM``, or None for a date given as a year only."""
        return self.date[:7] if len(self.date) >= 7 else None

    @property
    def conflicting(self) -> bool:
        """Whether sources disagree about this item (marked in the timeline)."""
        return self.disputed or bool(self.other_dates)


_KIND_ORDER = {"event": 0, "relation": 1, "claim": 2, "article": 3}


def build_timeline(
    dossiers: Sequence[Dossier],
    articles: Iterable[DatedArticle],
    entity: str | None = None,
) -> list[TimelineEntry]:
    """Every dated item, oldest first; with ``entity``, only those concerning that dossier."""
    names = {d.id: d.name for d in dossiers}
    linker = Linker(dossiers)
    articles = list(articles)
    article_dates = {a.id: a.date for a in articles if a.date}
    entries: list[TimelineEntry] = []
    for dossier in dossiers:
        entries += _dossier_entries(dossier, names, article_dates, linker)
    entries = _mark_relation_conflicts(entries)
    for article in articles:
        if not article.date:
            continue
        entries.append(
            TimelineEntry(
                article.date,
                "article",
                article.title,
                None,
                article.id,
                entities=article.entities,
                other_dates=article.other_dates,
                inferred=article.inferred,
            )
        )
        for other, _ in article.other_dates:  # shown at the other date too, pointing back
            entries.append(
                TimelineEntry(
                    other,
                    "article",
                    article.title,
                    None,
                    article.id,
                    entities=article.entities,
                    other_dates=((article.date, "the article's metadata"),),
                )
            )
    if entity is not None:
        entries = [e for e in entries if entity in e.entities]
    return sorted(entries, key=lambda e: (e.key, e.text))


def _dossier_entries(
    dossier: Dossier,
    names: dict[str, str],
    article_dates: dict[str, str],
    linker: Linker,
) -> list[TimelineEntry]:
    """The event's own dates (about everyone in it), its claims (about the event and whom each one
    names) and the dated relations (about their two ends)."""
    out: list[TimelineEntry] = []
    involved = frozenset(
        {dossier.id, *dossier.participants, *([dossier.place] if dossier.place else [])}
    )
    if dossier.type == "event" and dossier.start_date:
        out.append(
            TimelineEntry(
                dossier.start_date,
                "event",
                dossier.name,
                dossier.id,
                end=dossier.end_date,
                entities=involved,
            )
        )
        brief = _is_brief(dossier.start_date, dossier.end_date)
        for claim in dossier.claims:
            # A brief event's claims are about its dates; an open-ended one's (a war) are dated by
            # their article.
            date = dossier.start_date if brief else article_dates.get(claim.source)
            if date:
                named = {m.entity for m in linker.mentions(f"{claim.text}\n{claim.quote or ''}")}
                out.append(
                    TimelineEntry(
                        date,
                        "claim",
                        claim.text,
                        dossier.id,
                        claim.source,
                        claim.quote,
                        entities=frozenset({dossier.id, *named}),
                        disputed=claim.disputed,
                        note=claim.note,
                    )
                )
    for relation in dossier.relations:
        if relation.start_date:
            verb = _VERBS.get(relation.type, relation.type)
            text = f"{dossier.name} {verb} {names.get(relation.target, relation.target)}"
            out.append(
                TimelineEntry(
                    relation.start_date,
                    "relation",
                    text,
                    dossier.id,
                    relation.source,
                    relation.quote,
                    entities=frozenset({dossier.id, relation.target}),
                )
            )
    return out


def _is_brief(start: str, end: str | None, days: int = 31) -> bool:
    """Whether an event from ``start`` to ``end`` lasts at most ``days`` (an event with no end is
    open-ended; an imprecise date counts from its first day)."""
    if end is None:
        return False
    first, last = (date.fromisoformat((text + "-01-01")[:10]) for text in (start, end))
    return (last - first).days <= days


def _mark_relation_conflicts(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """The same relation between the same two dossiers dated differently by different sources: each
    entry carries the other dates."""
    by_fact: dict[tuple[str, frozenset[str]], list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        if entry.kind == "relation":
            by_fact[(entry.text, entry.entities)].append(index)
    out = list(entries)
    for indexes in by_fact.values():
        dates = {entries[i].date for i in indexes}
        if len(dates) < 2:
            continue
        for i in indexes:
            others = tuple(
                (e.date, e.source or "?")
                for j in indexes
                if (e := entries[j]).date != entries[i].date
            )
            out[i] = replace(entries[i], other_dates=entries[i].other_dates + others)
    return out
