"""Which characters of a text a query matched, and short snippets around them.

Spans are (start, end) offsets into the ORIGINAL text: the analyzer only rewrites token text, never
offsets, so a match on the folded "energy" lands on the characters "еnеrgy" as written.

Snippets stay cheap on any article: the text is scanned in chunks only until :data:`SNIPPET_SPANS`
matches are found, and the densest window among those is found in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dossier.index.text.analysis import COMPOUND_PATTERN, fold_word, stem, words
from dossier.index.text.linking import Mention

Span = tuple[int, int]
SNIPPET_WIDTH = 160
#: The most matches a snippet looks at (the first ones in the text): a 160-character window holds
#: ~40.
SNIPPET_SPANS = 256
_LEAD = 50
_CHUNK = 16 * 1024
_COMPOUND = re.compile(COMPOUND_PATTERN.replace("*", "+"))  # only words joined by hyphens


@dataclass(frozen=True)
class Snippet:
    """A one-line excerpt and the spans within it to highlight."""

    text: str
    spans: tuple[Span, ...] = ()

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlighted span wrapped in ``before``/``after``."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        return "".join([*out, self.text[last:]])


@dataclass(frozen=True)
class TermMatcher:
    """The terms a query matched: stems (prose fields), folded names, linked entity ids, acronyms as
    written (``UN``, matched in capitals only) and phrases (word sequences, highlighted only
    together)."""

    stems: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.stems or self.names or self.entities or self.acronyms or self.phrases)

    def spans(
        self, text: str, mentions: Iterable[Mention] = (), limit: int | None = None
    ) -> list[Span]:
        """Sorted, non-overlapping spans of ``text`` that the query matched; with a ``limit``, only
        the first that many word and phrase matches (and the text after them is not even read)."""
        tokens: list[tuple[str, int, int]] = []
        found: list[Span] = []
        scanned = len(text)
        for offset, chunk in _chunks(text):
            first = len(tokens)
            tokens += [(word, offset + s, offset + e) for word, s, e in words(chunk)]
            found += [
                (s, e)
                for word, s, e in tokens[first:]
                if word in self.names or stem(word) in self.stems or text[s:e] in self.acronyms
            ]
            if "-" in chunk and self.stems:  # a compound matched joined ("email" finds "e-mail")
                found += [
                    (offset + m.start(), offset + m.end())
                    for m in _COMPOUND.finditer(chunk)
                    if stem("".join(fold_word(p) for p in m.group().split("-"))) in self.stems
                ]
            for (
                phrase
            ) in self.phrases:  # those ending in this chunk (one may begin in the one before)
                found += _phrase_spans(tokens, phrase, max(0, first - len(phrase) + 1))
            if limit is not None and len(found) >= limit:
                found = sorted(found)[:limit]
                scanned = found[-1][1]
                break
        found += [
            (m.start, m.end) for m in mentions if m.entity in self.entities and m.end <= scanned
        ]
        return merge(found)


def _phrase_spans(
    tokens: list[tuple[str, int, int]], phrase: tuple[str, ...], start: int = 0
) -> list[Span]:
    """Where the words of ``phrase`` (folded or stemmed) follow one another among
    ``tokens[start:]``."""
    size = len(phrase)
    return [
        (tokens[i][1], tokens[i + size - 1][2])
        for i in range(start, len(tokens) - size + 1)
        if all(tokens[i + j][0] == w or stem(tokens[i + j][0]) == w for j, w in enumerate(phrase))
    ]


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of about :data:`_CHUNK` characters cut at a space or newline (so no word
    is cut), with their offsets."""
    start = 0
    while start < len(text):
        end = start + _CHUNK
        if end < len(text):
            cuts = [cut for cut in (text.find(" ", end), text.find("\n", end)) if cut != -1]
            end = min(cuts) if cuts else len(text)
        yield start, text[start:end]
        start = end


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sort spans and fuse the ones that overlap."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, spans: list[Span], width: int = SNIPPET_WIDTH, skip: int = 0) -> Snippet:
    """The ``width``-character window of ``text`` holding the most spans, on one line.

    Without spans the window starts at ``skip`` (e.g. after an article's title line).
    """
    spans = spans[:SNIPPET_SPANS]
    if spans:
        best = _densest(spans, width)
        start = max(0, spans[best][0] - _LEAD)
        if start:
            space = text.find(" ", start, spans[best][0])
            start = space + 1 if space != -1 else start
    else:
        start = skip
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return _flatten(text, start, end, [s for s in spans if s[0] >= start and s[1] <= end])


def _densest(spans: list[Span], width: int) -> int:
    """The index of the span starting the ``width``-character window that holds the most whole spans
    (the first such), in one pass: spans are sorted and disjoint, so their ends rise too."""
    best, most, after = 0, 0, 0
    for first, (start, _) in enumerate(spans):
        after = max(after, first)
        while after < len(spans) and spans[after][1] <= start + width:
            after += 1
        if after - first > most:
            best, most = first, after - first
    return best


def _flatten(text: str, start: int, end: int, spans: list[Span]) -> Snippet:
    """Collapse whitespace runs in ``text[start:end]`` to one space, moving the spans with it."""
    chars: list[str] = []
    offset: dict[int, int] = {}
    for i in range(start, end):
        offset[i] = len(chars)
        if not text[i].isspace():
            chars.append(text[i])
        elif chars and chars[-1] != " ":
            chars.append(" ")
    offset[end] = len(chars)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    moved = tuple((offset[s] + len(prefix), offset[e] + len(prefix)) for s, e in spans)
    return Snippet(prefix + "".join(chars).rstrip() + suffix, moved)
