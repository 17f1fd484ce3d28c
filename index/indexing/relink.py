"""Which articles a dossier edit re-links: only those that contain a name whose linking changed.

The manifest keeps the dossiers' names as the linker sees them (each name's folded words, its
dossier, the exact spelling of an acronym, the dossier's type). When dossiers change, the names
whose rows differ are the changed names (added, removed, moved to another dossier, an acronym
respelled, a dossier's type changed). An article's links can only change if it contains one of them
(the linker matches a name by its words in sequence), so the articles to re-link are those whose
body holds every word of a changed name: one Whoosh query on ``body``, a superset the linker then
settles exactly. Re-linking is proportional to the articles that name what changed, not to the
corpus (issue 16).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from whoosh import query
from whoosh.index import FileIndex

from dossier.index.search.documents import ARTICLE
from dossier.index.text.analysis import stem, words
from dossier.index.text.linking import ACRONYM, Named

Name = tuple[str, ...]
#: The body analyzer drops words shorter than this (text_analyzer's minsize).
_MIN_BODY_WORD = 2


def name_table(dossiers: Iterable[Named]) -> list[list[Any]]:
    """Every dossier name as the linker sees it, one JSON-ready row each: [words, dossier, acronym,
    type]."""
    rows = set()
    for dossier in dossiers:
        for name in dossier.names:
            key = tuple(word for word, _, _ in words(name))
            if key:
                rows.add((key, dossier.id, name if ACRONYM.match(name) else "", dossier.type))
    return [[list(key), entity, exact, kind] for key, entity, exact, kind in sorted(rows)]


def changed_names(old: list[list[Any]], new: list[list[Any]]) -> set[Name]:
    """The names whose rows differ between two tables (a name's rows are all the dossiers that claim
    it)."""
    claims: dict[Name, list[set[tuple[Any, ...]]]] = defaultdict(lambda: [set(), set()])
    for side, table in enumerate((old, new)):
        for key, *rest in table:
            claims[tuple(key)][side].add(tuple(rest))
    return {name for name, (before, after) in claims.items() if before != after}


def articles_naming(index: FileIndex, names: Iterable[Name]) -> set[str] | None:
    """The stored paths of the indexed articles whose body holds every word of one of ``names``;
    None when a name has no word the body index keeps (a single letter), so which articles hold it
    cannot be told."""
    clauses: list[query.Query] = []
    for name in names:
        terms = sorted({stem(word) for word in name if len(word) >= _MIN_BODY_WORD})
        if not terms:
            return None
        clauses.append(query.And([query.Term("body", term) for term in terms]))
    if not clauses:
        return set()
    wanted = query.And([query.Term("kind", ARTICLE), query.Or(clauses)])
    with index.searcher() as searcher:
        return {searcher.stored_fields(doc)["path"] for doc in wanted.docs(searcher)}
