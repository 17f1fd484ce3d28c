"""Where sources disagree, in one list: disputed claims (grouped by the disagreement their note
describes), the same relation dated differently, a printed date against an article's date, and
spelling variants of a dossier's name seen in the articles. Each side comes with its quote and
source, to verify."""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from dossier.index.dossiers.schema import Dossier
from dossier.index.text.analysis import fold, words
from dossier.index.text.linking import Mention
from dossier.index.text.sentences import sentence_bounds

DisagreementKind = Literal["disputed", "dates", "printed date", "spelling"]
#: How alike (0..1, folded) each word of a form must be to the name's word to count as a spelling of
#: it rather than another name ("Cho Sun-hui" for Choe Son Hui, not "Japanese government" for
#: Government of Japan).
SPELLING_SIMILARITY = 0.6

KIND_LABELS: dict[str, str] = {
    "disputed": "Disputed claims",
    "dates": "Conflicting dates",
    "printed date": "Printed date vs. article date",
    "spelling": "Spelling variants",
}


@dataclass(frozen=True)
class Side:
    """What one source says. ``focus`` is where to open ``source`` (body offsets), when known."""

    text: str
    source: str | None = None
    quote: str | None = None
    dossier: str | None = None
    focus: tuple[int, int] | None = None


@dataclass(frozen=True)
class Disagreement:
    """One point to verify: what it is about, what the disagreement is, and each side."""

    kind: DisagreementKind
    subject: str
    summary: str
    sides: tuple[Side, ...]
    dossiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleText:
    """What spelling variants need of an article."""

    id: str
    body: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class PrintedDate:
    """An article whose printed date (a dateline) differs from the date it is filed under."""

    article: str
    title: str
    printed: str
    date: str
    reason: str = ""
    quote: str | None = None
    focus: tuple[int, int] | None = None


def find_disagreements(
    dossiers: Sequence[Dossier],
    articles: Iterable[ArticleText],
    printed: Iterable[PrintedDate] = (),
) -> list[Disagreement]:
    """Every disagreement, by kind: disputed claims, dates, printed dates, spellings."""
    by_id = {d.id: d for d in dossiers}
    return [
        *disputed_claims(dossiers),
        *relation_dates(dossiers),
        *printed_dates(printed),
        *spelling_variants(by_id, articles),
    ]


def disputed_claims(dossiers: Sequence[Dossier]) -> list[Disagreement]:
    """Disputed claims; claims whose notes are the same text describe one disagreement and are its
    sides."""
    groups: dict[str, list[tuple[Dossier, int]]] = defaultdict(list)
    for dossier in dossiers:
        for index, claim in enumerate(dossier.claims):
            if claim.disputed:
                groups[(claim.note or "").strip() or f"{dossier.id}:{index}"].append(
                    (dossier, index)
                )
    out = []
    for members in groups.values():
        owners = tuple(dict.fromkeys(d.id for d, _ in members))
        names = " · ".join(dict.fromkeys(d.name for d, _ in members))
        sides = tuple(
            Side(d.claims[i].text, d.claims[i].source, d.claims[i].quote, d.id) for d, i in members
        )
        summary = (
            members[0][0].claims[members[0][1]].note or ""
        ).strip() or "marked disputed (no note)"
        out.append(Disagreement("disputed", names, summary, sides, owners))
    return out


def relation_dates(dossiers: Sequence[Dossier]) -> list[Disagreement]:
    """The same relation between the same two dossiers, dated differently by its sources."""
    names = {d.id: d.name for d in dossiers}
    facts: dict[tuple[str, str, str], list[tuple[str, Side]]] = defaultdict(list)
    for dossier in dossiers:
        for relation in dossier.relations:
            if relation.start_date:
                side = Side(
                    f"{relation.start_date}: {relation.type.replace('_', ' ')}",
                    relation.source,
                    relation.quote,
                    dossier.id,
                )
                facts[(dossier.id, relation.type, relation.target)].append(
                    (relation.start_date, side)
                )
    out = []
    for (holder, kind, target), dated in facts.items():
        if len({date for date, _ in dated}) > 1:
            subject = (
                f"{names.get(holder, holder)} {kind.replace('_', ' ')} {names.get(target, target)}"
            )
            dates = ", ".join(sorted({date for date, _ in dated}))
            out.append(
                Disagreement(
                    "dates",
                    subject,
                    f"dated {dates} by different sources",
                    tuple(side for _, side in dated),
                    (holder, target),
                )
            )
    return out


def printed_dates(printed: Iterable[PrintedDate]) -> list[Disagreement]:
    """Articles whose printed dateline is not the date of what they report."""
    return [
        Disagreement(
            "printed date",
            p.title,
            f"printed {p.printed}, dated {p.date} by the metadata",
            (
                Side(f"printed dateline: {p.printed}", p.article, p.quote, focus=p.focus),
                Side(
                    f"metadata date: {p.date}" + (f" — {p.reason}" if p.reason else ""), p.article
                ),
            ),
        )
        for p in printed
    ]


def spelling_variants(
    dossiers: dict[str, Dossier], articles: Iterable[ArticleText]
) -> list[Disagreement]:
    """For each dossier, the forms of its name in the articles that are spelled differently from the
    name (not a short form such as "Kim", not another name such as "DPRK"), or written with
    look-alike letters of another script; each with a count and the first sentence it appears in."""
    # entity -> form -> [how many times, (article, start, end, sentence) of the first]: only the
    # first is kept (every mention's sentence of 100 000 articles would not fit in memory).
    seen: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for article in articles:
        for mention in article.mentions:
            form = " ".join(article.body[mention.start : mention.end].split())
            found = seen[mention.entity].get(form)
            if found is None:
                start, end = sentence_bounds(article.body, mention.start, mention.end)
                seen[mention.entity][form] = [
                    1,
                    (article.id, mention.start, mention.end, article.body[start:end]),
                ]
            else:
                found[0] += 1
    out = []
    for entity, forms in sorted(seen.items()):
        dossier = dossiers.get(entity)
        if dossier is None:
            continue
        sides = []
        for form, (times, first) in sorted(forms.items()):
            why = _variant_reason(form, dossier.name)
            if why:
                where, start, end, sentence = first
                count = f"{times} time{'s' if times != 1 else ''}"
                sides.append(
                    Side(f"“{form}” ({why}; {count})", where, sentence, entity, (start, end))
                )
        if sides:
            canonical = Side(f"dossier name “{dossier.name}”", dossier=entity)
            summary = f"{len(sides)} spelling{'s' if len(sides) != 1 else ''} in the articles differ from the name"
            out.append(
                Disagreement("spelling", dossier.name, summary, (canonical, *sides), (entity,))
            )
    return out


def _variant_reason(form: str, name: str) -> str | None:
    """Why ``form`` is a variant spelling of ``name`` (word for word alike, not equal), or None when
    it is the name, a short form ("Kim") or another name ("DPRK")."""
    lookalikes = _lookalike_letters(form)
    if lookalikes:
        return "look-alike letters: " + ", ".join(lookalikes)
    form_words = [w for w, _, _ in words(form)]
    name_words = [w for w, _, _ in words(name)]
    size = len(form_words)
    for i in range(len(name_words) - size + 1):
        window = name_words[i : i + size]
        if (
            size
            and window != form_words
            and all(
                difflib.SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY
                for a, b in zip(form_words, window, strict=True)
            )
        ):
            return "spelled differently"
    return None


def _lookalike_letters(form: str) -> list[str]:
    """Letters of another script that fold to Latin inside an otherwise Latin name (Cyrillic е in
    "Korеa")."""
    latin = sum(ch.isascii() and ch.isalpha() for ch in form)
    odd = [
        ch
        for ch in form
        if not ch.isascii()
        and ch.isalpha()
        and not unicodedata.name(ch, "").startswith("LATIN")
        and fold(ch).isascii()
        and fold(ch).isalpha()
    ]
    if not odd or latin == 0:
        return []
    return [
        f"{ch} U+{ord(ch):04X} {unicodedata.name(ch, '?').title()}" for ch in dict.fromkeys(odd)
    ]
