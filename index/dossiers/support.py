"""``dossier check``'s rules that keep dossiers saying only what their sources say.

- A relation cites the sentence that supports it, or says it comes from outside the articles
  (``source: outside`` and a ``note``); an outside item has a note and no quote.
- A quoted relation names its target in the quote (or its ``note`` says how the quote supports it);
  a ``leader_of`` or ``spokesperson_for`` quote also gives the title.
- A date (a relation's ``startDate``, a dossier's ``birthDate``, ``startDate``, ``endDate``) is
  written in a quote, or is marked as coming from outside (``outside: {startDate: where from}``); so
  is a year or a day that a summary gives and no cited article has.
- ``disputed: true`` only where another article's claim on the same dossier disagrees.
- The obvious relations are there: an organisation leads to its jurisdiction's country, a place to
  the region it says it is in, an organisation to another that its summary names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from dossier.index.dossiers.schema import Claim, Dossier, Relation
from dossier.index.dossiers.yaml_source import Loc
from dossier.index.problems import Problem
from dossier.index.text.analysis import fold, words
from dossier.index.text.linking import Linker

#: Words that say who leads or speaks for what, folded.
_TITLES = {
    "leader_of": {
        "leader",
        "president",
        "governor",
        "head",
        "chairman",
        "chairwoman",
        "chair",
        "premier",
        "chief",
        "secretary",
        "king",
        "mayor",
        "commander",
        "director",
    },
    "spokesperson_for": {"spokesperson", "spokesman", "spokeswoman", "secretary"},
}
#: Endings that make a country's or a place's name an adjective: Korea -> Korean, Japan -> Japanese.
_ADJECTIVE_ENDINGS = ("", "n", "an", "ian", "ese", "i", "ish")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
#: Relations that place an entity inside another.
_CONTAINED_IN = ("located_in", "part_of")

Folded = Callable[[str], "str | None"]


def support_problems(
    dossier: Dossier, by_id: dict[str, Dossier], folded: Folded, linker: Linker
) -> list[Problem]:
    """Every problem of one dossier with the rules above; ``folded`` gives an article's folded
    text."""
    return [
        *_evidence_rules(dossier, by_id),
        *_date_rules(dossier, folded),
        *_disputed_rule(dossier),
        *_containment_rules(dossier, by_id, linker),
    ]


# -- names in quotes
# --------------------------------------------------------------------------------


def names_in(text: str, dossier: Dossier) -> bool:
    """Whether ``text`` names ``dossier``: a name or alias, word for word after folding, the last
    word maybe as an adjective ("North Korean" names North Korea)."""
    tokens = [word for word, _, _ in words(text)]
    for name in dossier.names:
        wanted = [word for word, _, _ in words(name)]
        if not wanted:
            continue
        for i in range(len(tokens) - len(wanted) + 1):
            if tokens[i : i + len(wanted) - 1] == wanted[:-1] and _is_form_of(
                tokens[i + len(wanted) - 1], wanted[-1]
            ):
                return True
    return False


def _is_form_of(token: str, word: str) -> bool:
    return token.startswith(word) and token[len(word) :] in _ADJECTIVE_ENDINGS


# -- relations and claims
# -----------------------------------------------------------------------------


def _items(dossier: Dossier) -> Iterator[tuple[Loc, Relation | Claim]]:
    yield from ((("relations", i), relation) for i, relation in enumerate(dossier.relations))
    yield from ((("claims", i), claim) for i, claim in enumerate(dossier.claims))


def _evidence_rules(dossier: Dossier, by_id: dict[str, Dossier]) -> list[Problem]:
    problems = []
    for loc, item in _items(dossier):
        problems += _outside_fields(dossier, loc, item)
        if item.is_outside:
            if item.quote:
                problems.append(
                    dossier.problem_at(
                        (*loc, "quote"), "an outside item cites no quote (source: outside)"
                    )
                )
            if not (item.note or "").strip():
                problems.append(
                    dossier.problem_at(
                        (*loc, "source"), "source: outside needs a note saying where it comes from"
                    )
                )
        elif isinstance(item, Relation):
            problems += _relation_rules(dossier, loc, item, by_id)
    problems += _outside_fields(dossier, (), dossier)
    return problems


def _outside_fields(dossier: Dossier, loc: Loc, item: Dossier | Relation | Claim) -> list[Problem]:
    """``outside`` may only name fields that are given."""
    given = item.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    return [
        dossier.problem_at(
            (*loc, "outside", note.field), f"no {note.field!r} here to come from outside"
        )
        for note in item.outside
        if note.field not in given
    ]


def _relation_rules(
    dossier: Dossier, loc: Loc, relation: Relation, by_id: dict[str, Dossier]
) -> list[Problem]:
    if not relation.quote:
        return [
            dossier.problem_at(
                loc,
                f"{relation.type} {relation.target}: no quote: cite the sentence that "
                "supports it, or write source: outside with a note",
            )
        ]
    target = by_id.get(relation.target)
    if target is None:
        return []  # reported as an unknown target
    titles = _TITLES.get(relation.type)
    if titles is not None:
        titled = any(word in titles for word, _, _ in words(relation.quote))
        if not (titled and names_in(relation.quote, target)):
            role = "leads" if relation.type == "leader_of" else "speaks for"
            return [
                dossier.problem_at(
                    (*loc, "quote"),
                    f"does not say that {dossier.name} {role} {target.name} "
                    "(a title and its name): cite a sentence that does, or write source: "
                    "outside with a note",
                )
            ]
    if target.type != "event" and not names_in(relation.quote, target) and not relation.note:
        return [
            dossier.problem_at(
                (*loc, "quote"),
                f"does not name {target.name}: cite a sentence that does, "
                "or say in note how it supports the relation",
            )
        ]
    return []


# -- dates
# --------------------------------------------------------------------------------------------


def date_in(date: str, text: str) -> bool:
    """Whether ``text`` writes ``date`` at its precision: ``2000``; ``September 2023``; ``13
    September 2023`` or ``September 13, 2023`` (or the ISO form)."""
    text = fold(text)
    if date in text:
        return True
    year, _, rest = date.partition("-")
    if not re.search(rf"\b{year}\b", text):
        return False
    if not rest:
        return True
    month, _, day = rest.partition("-")
    name = _MONTHS[int(month) - 1]
    pattern = rf"\b(?:{name}|{name[:3]}|{name[:4]})\b\.?"
    if day:
        number = str(int(day))
        pattern = rf"\b{number}(?:st|nd|rd|th)?\s+{pattern}|{pattern}\s+{number}(?:st|nd|rd|th)?\b"
    return re.search(pattern, text) is not None


def _date_rules(dossier: Dossier, folded: Folded) -> list[Problem]:
    problems = []
    for i, relation in enumerate(dossier.relations):
        date = relation.start_date
        if (
            date
            and relation.quote
            and not relation.is_outside
            and not relation.outside_note("startDate")
            and not date_in(date, relation.quote)
        ):
            problems.append(
                dossier.problem_at(
                    ("relations", i, "startDate"),
                    f"{date!r} is not in the quote: say "
                    "where it comes from (outside: {startDate: ...})",
                )
            )
    quotes = [item.quote for _, item in _items(dossier) if item.quote]
    for field, date in (
        ("birthDate", dossier.birth_date),
        ("startDate", dossier.start_date),
        ("endDate", dossier.end_date),
    ):
        if (
            date
            and not dossier.outside_note(field)
            and not any(date_in(date, quote) for quote in quotes)
        ):
            problems.append(
                dossier.problem_at(
                    (field,),
                    f"{date!r} is in no quote of this dossier: say where it "
                    f"comes from (outside: {{{field}: ...}})",
                )
            )
    if dossier.summary and not dossier.outside_note("summary"):
        cited = [
            text
            for source in {item.source for _, item in _items(dossier) if item.source}
            if (text := folded(source)) is not None
        ]
        years = [
            y
            for y in dict.fromkeys(_YEAR.findall(dossier.summary))
            if not any(y in text for text in cited)
        ]
        years += [
            day
            for day in dict.fromkeys(_days(dossier.summary))
            if not any(date_in(day, t) for t in cited)
        ]
        if years:
            problems.append(
                dossier.problem_at(
                    ("summary",),
                    f"{', '.join(years)}: in no article this dossier "
                    "cites: say where the summary's facts come from (outside: "
                    "{summary: ...})",
                )
            )
    return problems


def _days(text: str) -> list[str]:
    """The days (``2023-09-12``) a text writes as ``12 September 2023``."""
    months = "|".join(_MONTHS)
    return [
        f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"
        for day, month, year in re.findall(
            rf"\b(\d{{1,2}}) ({months}) (\d{{4}})\b", text, re.IGNORECASE
        )
    ]


# -- disputes
# -----------------------------------------------------------------------------------------


def _disputed_rule(dossier: Dossier) -> list[Problem]:
    problems = []
    for i, claim in enumerate(dossier.claims):
        if claim.disputed and not any(
            other.disputed and other.source != claim.source and not other.is_outside
            for other in dossier.claims
        ):
            problems.append(
                dossier.problem_at(
                    ("claims", i, "disputed"),
                    "no claim here from another article "
                    "disputes it: disputed: true is for sources that disagree (say "
                    "more in note)",
                )
            )
    return problems


# -- the obvious relations
# ----------------------------------------------------------------------------


def _leads_to(dossier: Dossier, goal: str, by_id: dict[str, Dossier]) -> bool:
    """Whether ``located_in``/``part_of`` relations lead from ``dossier`` to ``goal``."""
    seen, todo = set(), [dossier]
    while todo:
        current = todo.pop()
        for relation in current.relations:
            if relation.type in _CONTAINED_IN and relation.target not in seen:
                if relation.target == goal:
                    return True
                seen.add(relation.target)
                if (nxt := by_id.get(relation.target)) is not None:
                    todo.append(nxt)
    return False


def _containment_rules(
    dossier: Dossier, by_id: dict[str, Dossier], linker: Linker
) -> list[Problem]:
    problems = []
    if dossier.type == "organization" and dossier.jurisdiction:
        country = next(
            (
                d
                for d in by_id.values()
                if d.type == "place"
                and "country" in d.tags
                and d.country == (dossier.jurisdiction,)
            ),
            None,
        )
        if country is not None and not _leads_to(dossier, country.id, by_id):
            problems.append(
                dossier.problem_at(
                    ("jurisdiction",),
                    f"{dossier.jurisdiction!r}, but no located_in "
                    f"or part_of relation leads to {country.name}",
                )
            )
    if dossier.type == "place" and dossier.region:
        region = next(
            (
                d
                for d in by_id.values()
                if d.type == "place"
                and d.id != dossier.id
                and fold(dossier.region) in {fold(n) for n in d.names}
            ),
            None,
        )
        if region is not None and not _leads_to(dossier, region.id, by_id):
            problems.append(
                dossier.problem_at(
                    ("region",),
                    f"{dossier.region!r}, but no located_in relation leads to {region.name}",
                )
            )
    if dossier.type == "organization" and dossier.summary:
        linked = _linked_ids(dossier, by_id)
        for other in dict.fromkeys(m.entity for m in linker.mentions(dossier.summary)):
            found = by_id.get(other)
            if (
                found is not None
                and found.type == "organization"
                and other != dossier.id
                and other not in linked
            ):
                problems.append(
                    dossier.problem_at(
                        ("summary",), f"names {found.name}, but no relation links the two"
                    )
                )
    return problems


def _linked_ids(dossier: Dossier, by_id: dict[str, Dossier]) -> set[str]:
    """The dossiers a relation joins to ``dossier``, either way."""
    linked = {relation.target for relation in dossier.relations}
    linked |= {
        other.id for other in by_id.values() if any(r.target == dossier.id for r in other.relations)
    }
    return linked
