"""Names the linker cannot match word for word: acronyms typed in capitals, names typed without
spaces, and names typed with a typo.

The linker finds a dossier's name or alias in a query exactly (after folding). This module resolves
what an analyst types otherwise: ``US`` (the initials of "United States", and a stop word once
folded), ``UN`` (a capitalised word of the alias "UN Security Council"), ``kimjongun`` (Kim Jong Un
without spaces) and ``Kozhemyaka`` (one or two letters off the alias "Kozhemyako").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dossier.index.text.analysis import fold_word
from dossier.index.text.linking import ACRONYM, Named

#: A word typed in capitals that may be an acronym (``UN``, ``DPRK``), as linking treats acronym
#: aliases.
_NAME_WORD = re.compile(r"[^\W\d_][\w'’]*")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de"})
#: Shortest word a typo may be forgiven in, and the edits allowed up to and beyond :data:`_SHORT`.
_MIN_TYPO, _SHORT = 5, 7


@dataclass(frozen=True)
class Resolved:
    """A dossier a typed word stands for, and which of its names it was taken for."""

    entity: str
    name: str


class NameLookup:
    """Acronyms, joined names and near spellings of a set of dossiers' names."""

    def __init__(self, dossiers: Iterable[Named]) -> None:
        ranked: dict[
            str, tuple[int, Resolved | None]
        ] = {}  # acronym -> (rank: lower wins, dossier or ambiguous)
        self._joined: dict[str, Resolved | None] = {}
        self._single: dict[str, Resolved | None] = {}
        for dossier in dossiers:
            for name in dossier.names:
                resolved = Resolved(dossier.id, name)
                for rank, acronym in _acronyms(name, dossier.type):
                    _keep_best(ranked, acronym, rank, resolved)
                folded = [fold_word(w) for w in _NAME_WORD.findall(name)]
                folded = [w for w in folded if w]
                table = self._joined if len(folded) > 1 else self._single
                if folded:
                    _add_unique(table, "".join(folded), resolved)
        self._acronyms = {acronym: resolved for acronym, (_, resolved) in ranked.items()}
        self._by_initial: dict[str, list[str]] = {}
        for word in self._single:
            self._by_initial.setdefault(word[0], []).append(word)

    def acronym(self, typed: str) -> Resolved | None:
        """The dossier an acronym typed in capitals names: an alias spelled so, the initials of a
        name, or a capitalised word of an alias (``UN`` in "UN Security Council"); None when unknown
        or ambiguous."""
        return self._acronyms.get(typed) if ACRONYM.match(typed) else None

    def joined(self, folded: str) -> Resolved | None:
        """The dossier a name typed without spaces names (``kimjongun``)."""
        return self._joined.get(folded)

    def near(self, folded: str) -> Resolved | None:
        """The one-word name or alias one edit away (two for words over seven letters), same first
        letter, when exactly one dossier has such a name."""
        if len(folded) < _MIN_TYPO or not folded.isalpha():
            return None
        limit = 1 if len(folded) <= _SHORT else 2
        best: dict[str, tuple[int, Resolved]] = {}
        for word in self._by_initial.get(folded[0], ()):
            resolved = self._single[word]
            if resolved is None or abs(len(word) - len(folded)) > limit:
                continue
            distance = edit_distance(folded, word, limit)
            if distance <= limit and (
                resolved.entity not in best or distance < best[resolved.entity][0]
            ):
                best[resolved.entity] = (distance, resolved)
        if not best:
            return None
        closest = min(d for d, _ in best.values())
        found = [r for d, r in best.values() if d == closest]
        return found[0] if len(found) == 1 else None


def _acronyms(name: str, kind: str) -> list[tuple[int, str]]:
    """The acronyms a name answers to, ranked: 0 the name itself, 1 its initials (not for people), 2
    each capitalised word in it."""
    out = []
    if ACRONYM.match(name):
        out.append((0, name))
    words = _NAME_WORD.findall(name)
    contained = [w for w in words if ACRONYM.match(w)]
    major = [w for w in name.split() if w.lower() not in _MINOR_WORDS]
    if kind != "person" and not contained and len(major) > 1 and all(w[0].isupper() for w in major):
        initials = "".join(w[0] for w in major)
        if ACRONYM.match(initials):
            out.append((1, initials))
    if len(words) > 1:
        out += [(2, w) for w in contained]
    return out


def _keep_best(
    table: dict[str, tuple[int, Resolved | None]], key: str, rank: int, resolved: Resolved
) -> None:
    known = table.get(key)
    if known is None or rank < known[0]:
        table[key] = (rank, resolved)
    elif rank == known[0] and known[1] is not None and known[1].entity != resolved.entity:
        table[key] = (rank, None)  # two dossiers answer to it equally: neither


def _add_unique(table: dict[str, Resolved | None], key: str, resolved: Resolved) -> None:
    if key not in table:
        table[key] = resolved
    elif (known := table[key]) is not None and known.entity != resolved.entity:
        table[key] = None  # two dossiers share it: neither


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``, giving up (``limit + 1``) past
    ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
