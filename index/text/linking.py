"""Entity linking: find every dossier's name and aliases in a text, and expand queries by alias.

Names are compared word by word after the same folding search uses, so ``Kim Jong-un``, ``KIM JONG
UN`` and ``Ким Чен Ын`` (when listed as an alias) all link to one dossier. At each position the
longest name wins. Acronym aliases (``UN``, ``WPK``) match only in capitals, so the "Un" of "Kim
Jong Un" is not the United Nations; a name shared by two dossiers is ambiguous and links to neither.

Inside a linked name, the names of other dossiers are mentions too ("Komsomolsk-on-Amur Yury Gagarin
Aviation Plant" names the city, "South Korean Joint Chiefs of Staff" the country), except a name of
the same type that ends the longer one: that is its head noun, part of another name, not a second
thing named ("Republic of Korea" in "Democratic People's Republic of Korea" is not South Korea).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dossier.index.text.analysis import words


class Named(Protocol):
    """What linking needs of a dossier."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def names(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Mention:
    """A dossier named in a text at ``text[start:end]``."""

    entity: str
    start: int
    end: int


@dataclass(frozen=True)
class _Pattern:
    entity: str
    exact: str | None  # the required original spelling, for acronyms


#: Bump when the matching rules change: every article is then relinked.
LINKING_VERSION = 3
_AMBIGUOUS = _Pattern("", None)
#: A name written as an acronym (``UN``, ``KCNA``): matched only in capitals, as written.
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


class Linker:
    """Matches the names of a set of dossiers in any text."""

    def __init__(self, dossiers: Iterable[Named]) -> None:
        self._patterns: dict[tuple[str, ...], _Pattern] = {}
        self._types: dict[str, str] = {}
        for dossier in dossiers:
            self._types[dossier.id] = dossier.type
            for name in dossier.names:
                key = tuple(word for word, _, _ in words(name))
                if not key:
                    continue
                pattern = _Pattern(dossier.id, name if ACRONYM.match(name) else None)
                known = self._patterns.get(key)
                if known is None or known == pattern:
                    self._patterns[key] = pattern
                elif known.entity != dossier.id:
                    self._patterns[key] = _AMBIGUOUS
        self._lengths: dict[
            str, list[int]
        ] = {}  # first word -> lengths of names starting with it, longest first
        for key in self._patterns:
            self._lengths.setdefault(key[0], []).append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    @property
    def key(self) -> str:
        """A fingerprint of everything that decides links: when it changes, articles must be
        relinked."""
        table = sorted(
            (list(k), p.entity, p.exact, self._types.get(p.entity, ""))
            for k, p in self._patterns.items()
        )
        return hashlib.sha1(json.dumps([LINKING_VERSION, table]).encode()).hexdigest()

    def mentions(
        self, text: str, nested: bool = True, tokens: list[tuple[str, int, int]] | None = None
    ) -> list[Mention]:
        """Every linked name in ``text``, longest match first at each position, in text order.

        With ``nested``, names of other dossiers inside a longer name count too: "Komsomolsk-on-Amur
        Yury Gagarin Aviation Plant" names the plant and the city (but see the module's note on head
        nouns). ``tokens`` are ``words(text)`` if already known.
        """
        if tokens is None:
            tokens = words(text)
        found = self._scan(text, tokens, 0, len(tokens), self._longest(), None, nested)
        return sorted(found, key=lambda m: (m.start, -m.end))

    def _longest(self) -> int:
        return max((lengths[0] for lengths in self._lengths.values()), default=0)

    def _scan(
        self,
        text: str,
        tokens: list[tuple[str, int, int]],
        lo: int,
        hi: int,
        cap: int,
        outer: str | None,
        nested: bool,
    ) -> list[Mention]:
        found: list[Mention] = []
        starts = self._lengths
        i = lo
        # Only words that begin some name can start a match: jump from one to the next.
        for candidate in [k for k in range(lo, hi) if tokens[k][0] in starts]:
            if candidate < i:
                continue
            i = candidate
            match = self._match_at(text, tokens, i, min(cap, hi - i))
            if match is None:
                continue
            length, entity = match
            if (
                outer is not None
                and i + length == hi
                and self._types.get(entity) == self._types.get(outer)
            ):
                i += 1  # the head of the outer name; a shorter name may still start further on
                continue
            if entity != outer:
                found.append(Mention(entity, tokens[i][1], tokens[i + length - 1][2]))
                if nested and length > 1:
                    found += self._scan(text, tokens, i, i + length, length - 1, entity, nested)
            i += length
        return found

    def _match_at(
        self, text: str, tokens: list[tuple[str, int, int]], i: int, cap: int
    ) -> tuple[int, str] | None:
        """The longest name of at most ``cap`` words starting at token ``i``: (its length, its
        dossier)."""
        for length in self._lengths.get(tokens[i][0], ()):
            if length > cap:
                continue
            pattern = self._patterns.get(tuple(word for word, _, _ in tokens[i : i + length]))
            if pattern is None or pattern is _AMBIGUOUS:
                continue
            if (
                pattern.exact is not None
                and text[tokens[i][1] : tokens[i + length - 1][2]] != pattern.exact
            ):
                continue
            return length, pattern.entity
        return None
