"""Unlinked names: capitalised names and acronyms that recur in the articles and that no dossier
covers.

A name is a run of capitalised words (``Soviet Union``, ``Joint Chiefs of Staff``, ``IAEA``), joined
by single spaces and by ``of``/``of the``/``de``…; a possessive ``’s`` is dropped. What is not a
name is left out:

- runs that touch a linked mention (titles or parts of a known name: ``Regional Governor Oleg
  Kozemayako``);
- a sentence's first word when it is a function word (``The``, ``I``, ``We``, ``It's``) or one the
  articles also write in lower case (``There``, ``Shares``); ``I`` and other function words
  anywhere; a single word only ever seen opening a sentence (``According``), or written in lower
  case more often than capitalised mid-sentence;
- honorifics and titles before a name (``Mr Blair`` is Blair, ``Prime Minister Tony Blair`` is Tony
  Blair), and a surname alone after the full name in the same article counts as that person (``Mr
  Blair`` after ``Tony Blair``), as does an honorific and surname in the whole corpus when one full
  name ends so;
- demonyms and compass words (``Russian``, ``North Korean``, ``Western``), days and months, and
  headings (short lines without a sentence end, usually in title case), and each article's title
  line.

Names are counted after folding, so ``USSR`` in two scripts counts once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from dossier.index.search.highlight import Span
from dossier.index.text.analysis import fold
from dossier.index.text.sentences import sentences
from dossier.index.views.name_words import (
    CALENDAR,
    HONORIFICS,
    TITLE_HEADS,
    is_demonym,
    is_function_word,
    is_title_word,
)

#: The version of what this module finds: a cache made by another version is not used.
VERSION = 4
MAX_CONTEXTS = 10
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper())
_LOWER = "".join(chr(c) for c in range(0x10000) if chr(c).islower())
#: A capitalised word not inside another (``al-Assad`` is not one); the capital first, so the scan
#: is quick.
_CAP_WORD = rf"[{re.escape(_UPPER)}](?<![\w’'\-].)\w*(?:[’'\-]\w+)*"
_CONNECTORS = ("of the", "of", "de", "del", "da", "von", "van", "der", "al", "bin", "for")
_GAP = rf"(?: | (?:{'|'.join(_CONNECTORS)}) |(?:(?<=\bMr)|(?<=\bMs)|(?<=\bDr)|(?<=\bMrs))\. )"
_RUN = re.compile(rf"{_CAP_WORD}(?:{_GAP}{_CAP_WORD})*")
_LOWER_WORD = re.compile(rf"(?<![\w’'\-])[{re.escape(_LOWER)}]\w*(?:[’'\-]\w+)*")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$")
_LIST_ITEM = re.compile(r"\s*(?:[-*•–]|\d+[.)])?\s*")
_OPENING_QUOTES = "\"“‘'«("
_HEADING_WORDS = 12
_LINE = re.compile(r"[^\n]+")
_TITLED = "\x00"  # marks the key of a surname seen after a title


@dataclass(frozen=True)
class Context:
    """One place a name occurs: the article, its sentence, and where the name sits in that
    sentence."""

    article_id: str
    sentence: str
    span: Span


@dataclass(frozen=True)
class UnlinkedName:
    """A recurring name no dossier covers, as most often written, with how often and where:
    ``found`` holds (article id, sentence, start, end) of its first places, read as :attr:`contexts`
    (made when first asked for: a list of 15 000 names is read back from its cache without making 40
    000 contexts)."""

    name: str
    count: int
    found: tuple[tuple[str, str, int, int], ...]

    @cached_property
    def contexts(self) -> tuple[Context, ...]:
        return tuple(
            Context(article_id, sentence, (start, end))
            for article_id, sentence, start, end in self.found
        )


class _Run(NamedTuple):
    """A run of capitalised words after its function word and title are dropped: its words, their
    spans, whether its first word opens a sentence, whether a title or honorific stood before it."""

    words: tuple[str, ...]
    spans: tuple[Span, ...]
    opener: bool
    titled: bool
    honorific: bool


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _runs(text: str) -> list[_Run]:
    """The runs of capitalised words of ``text``, each stripped of what is not part of a name; a
    possessive ends a run (``Microsoft's Xbox`` is Microsoft and Xbox)."""
    out: list[_Run] = []
    for match in _RUN.finditer(text):
        if " " in match.group():
            found = list(_WORD.finditer(text, match.start(), match.end()))
            words, spans = [m.group() for m in found], [m.span() for m in found]
        else:
            words, spans = [match.group()], [match.span()]
        first = True
        while words:
            end = next((i + 1 for i, w in enumerate(words) if _POSSESSIVE.search(w)), len(words))
            _add_run(text, words[:end], spans[:end], first, out)
            words, spans, first = words[end:], spans[end:], False
    return out


def _add_run(text: str, words: list[str], spans: list[Span], first: bool, out: list[_Run]) -> None:
    """Add the run of ``words`` to ``out`` without its possessive, opening function word and
    title."""
    if possessive := _POSSESSIVE.search(words[-1]):
        words[-1] = words[-1][: possessive.start()]
        spans[-1] = (spans[-1][0], spans[-1][0] + possessive.start())
    opener = first and _opens_sentence(text, spans[0][0])
    if opener and is_function_word(words[0]) and not _acronym(words[0]):
        words, spans = _drop_leading(words[1:], spans[1:])
        opener = False
    titled = honorific = False
    cut = _title_prefix(words) if len(words) > 1 else 0
    if cut:
        honorific = any(w.lower().rstrip(".") in HONORIFICS for w in words[:cut])
        words, spans, titled, opener = words[cut:], spans[cut:], True, False
    while words and is_function_word(words[-1]) and not _acronym(words[-1]):  # "the PC I use"
        words, spans = words[:-1], spans[:-1]
    while words and (
        not _capitalised(words[0]) or _hyphenated_adjective(words[0])
    ):  # "US-led", "of" left
        words, spans, opener = words[1:], spans[1:], False
    if words:
        out.append(_Run(tuple(words), tuple(spans), opener, titled, honorific))


def _drop_leading(words: list[str], spans: list[Span]) -> tuple[list[str], list[Span]]:
    """Without the connectors left at the front (``of the`` after a dropped word)."""
    while words and not _capitalised(words[0]):
        words, spans = words[1:], spans[1:]
    return words, spans


def _title_prefix(words: Sequence[str]) -> int:
    """How many words at the front are a title (``Mr``, ``Prime Minister``, ``Federal Reserve
    Chairman``, ``Secretary of State``): up to a title head and the title words and connectors after
    it, when a capitalised word that is no title word follows."""
    cut, i = 0, 0
    while i < min(len(words), 8) - 1:
        if not (_capitalised(words[i]) and words[i].lower().rstrip(".") in TITLE_HEADS):
            i += 1
            continue
        j = i + 1
        while j < len(words) - 1 and (is_title_word(words[j]) or not _capitalised(words[j])):
            j += 1
        if _capitalised(words[j]) and not is_title_word(words[j]):
            cut = j
        i = j
    return cut


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether ``offset`` starts a sentence, a line, a list item (``- ``, ``1. ``) or a
    quotation."""
    if (
        offset >= 2
        and text[offset - 1] == " "
        and (text[offset - 2].isalnum() or text[offset - 2] == ",")
    ):
        return False  # the common case, after a word: said quickly
    line_start = text.rfind("\n", 0, offset) + 1
    if _LIST_ITEM.fullmatch(text, line_start, offset):
        return True
    before = text[line_start:offset].rstrip()
    if before[-1] in _OPENING_QUOTES:
        return True  # "We…, said: "It…, (The…
    return before[-1] in ".!?…:" or (before[-1] in "\"“”'’" and before[-2:-1] in tuple(".!?…"))


def _headings(text: str) -> list[Span]:
    """The short lines without a sentence end: headings, usually in title case."""
    return [
        line.span()
        for line in _LINE.finditer(text)
        if not line.group().rstrip().endswith(tuple('.!?…"”’'))
        and len(line.group().split()) <= _HEADING_WORDS
    ]


def _inside(spans: list[Span], offset: int) -> bool:
    at = bisect_right(spans, (offset, offset)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def _not_a_name(words: Sequence[str]) -> bool:
    """Function words, titles, days and months alone; demonyms and compass words, alone or
    together."""
    if all(is_demonym(w) or not _capitalised(w) for w in words):
        return True
    if len(words) > 1:
        return all(is_title_word(w) or is_demonym(w) or not _capitalised(w) for w in words)
    word = words[0]
    lower = word.lower().rstrip(".")
    return (
        len(word) == 1
        or (not _acronym(word) and is_function_word(word))
        or lower in CALENDAR
        or lower in TITLE_HEADS
        or _hyphenated_adjective(word)
    )


def _hyphenated_adjective(word: str) -> bool:
    """``UK-based``, ``US-led``: a capitalised word ending in a lower-case part."""
    return "-" in word and word.rsplit("-", 1)[1].islower()


def name_spans(
    text: str, linked: Sequence[Span] = (), common: frozenset[str] = frozenset()
) -> list[Span]:
    """Spans of the capitalised names in ``text`` that overlap no ``linked`` span.

    ``common``: lower-case words the corpus also uses as ordinary words (dropped when they open a
    sentence).
    """
    out = []
    for run in _runs(text):
        words, spans = list(run.words), list(run.spans)
        if run.opener and words[0].lower() in common:
            words, spans = _drop_leading(words[1:], spans[1:])
        if not words or _not_a_name(words) or _touches(linked, spans[0][0], spans[-1][1]):
            continue
        out.append((spans[0][0], spans[-1][1]))
    return out


def _touches(linked: Sequence[Span], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in linked)


@dataclass
class _Seen:
    """One form of a name (words, whether it opened a sentence, whether a title stood before it):
    how often, and where (each context with the spans of its words in the sentence)."""

    count: int = 0
    contexts: list[tuple[str, str, tuple[Span, ...]]] = field(default_factory=list)


class UnlinkedFinder:
    """Reads the articles one at a time (:meth:`add`), then gives the names (:meth:`names`)."""

    def __init__(self, max_contexts: int = MAX_CONTEXTS) -> None:
        self.max_contexts = max_contexts
        self.lower: Counter[str] = Counter()
        self.seen: dict[tuple[tuple[str, ...], bool, bool], _Seen] = defaultdict(_Seen)

    def add(self, article_id: str, body: str, linked: Sequence[Span]) -> None:
        """One article: its body and the spans of its linked mentions. Its first line (its title) is
        skipped."""
        self.lower.update(_LOWER_WORD.findall(body))
        title_end = body.find("\n")
        headings = _headings(body)
        linked = sorted(
            linked
        )  # mentions never overlap: sorted by start, their ends are sorted too
        ends = [end for _, end in linked]
        runs = []
        for run in _runs(body):
            start, end = run.spans[0][0], run.spans[-1][1]
            after = bisect_left(
                ends, start + 1
            )  # the first linked span ending inside or after this run
            if (
                start > title_end
                and (after == len(linked) or linked[after][0] >= end)
                and not _inside(headings, start)
            ):
                runs.append(run)
        full = _full_names(runs)
        bounds: list[Span] | None = None
        for run in runs:
            words, opener = run.words, run.opener
            if len(words) == 1 and words[0] in full:
                words, opener = full[words[0]], False
            seen = self.seen[(words, opener, run.honorific or run.titled)]
            seen.count += 1
            if len(seen.contexts) < self.max_contexts:
                bounds = bounds or sentences(body)
                at = bisect_right(bounds, (run.spans[0][0], len(body))) - 1
                left, right = bounds[at] if at >= 0 else (0, len(body))
                seen.contexts.append(
                    (
                        article_id,
                        body[left:right],
                        tuple((a - left, b - left) for a, b in run.spans),
                    )
                )

    def _name_words(
        self, words: tuple[str, ...], opener: bool, mid: set[tuple[str, ...]]
    ) -> tuple[str, ...]:
        """A run's words as a name: a sentence's first word left out when it is a function word or
        seen in lower case (unless the run is also seen inside sentences, in ``mid``); () when no
        name is left."""
        if (
            opener
            and words not in mid
            and (words[0].lower() in self.lower or is_function_word(words[0]))
        ):
            if len(words) == 1:
                return ()
            words = tuple(_drop_leading(list(words[1:]), [(0, 0)] * (len(words) - 1))[0])
        if not words or _not_a_name(words):
            return ()
        return words

    def names(self, min_count: int = 1) -> list[UnlinkedName]:
        """Every name seen at least ``min_count`` times, most frequent first."""
        mid = {words for words, opener, _ in self.seen if not opener}
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        contexts: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
        inside: Counter[str] = Counter()  # capitalised elsewhere than at the start of a sentence
        for (run_words, opener, after_title), seen in self.seen.items():
            words = self._name_words(run_words, opener, mid)
            if not words:
                continue
            key = fold(" ".join(words))
            if (
                after_title and len(words) == 1
            ):  # "Mr Blair": kept apart, to be counted as Tony Blair
                key = _TITLED + key
            spellings[key][" ".join(words)] += seen.count
            if not opener or len(words) > 1:
                inside[key] += seen.count
            for article_id, sentence, spans in seen.contexts:
                if len(contexts[key]) < self.max_contexts:
                    first = spans[max(0, len(spans) - len(words))]
                    contexts[key].append((article_id, sentence, first[0], spans[-1][1]))
        into = _surnames(spellings)
        parts: dict[str, list[str]] = defaultdict(list)
        for key in spellings:
            parts[into.get(key, key)].append(key)
        found = []
        for key, keys in parts.items():
            total = sum(spellings[k].total() for k in keys)
            named = spellings.get(key) or spellings[keys[0]]
            if total < min_count or not (
                any(k.startswith(_TITLED) for k in keys) or self._a_name(key, named, inside)
            ):
                continue
            shown = [c for k in keys for c in contexts[k]][: self.max_contexts]
            found.append(UnlinkedName(named.most_common(1)[0][0], total, tuple(shown)))
        found.sort(key=lambda n: (-n.count, fold(n.name)))
        return found

    def _a_name(self, key: str, counts: Counter[str], inside: Counter[str]) -> bool:
        """A single word is a name if it is capitalised mid-sentence at least as often as the
        articles write it in lower case (one that follows a title is a name)."""
        if " " in key:
            return True
        word = counts.most_common(1)[0][0]
        return inside[key] > 0 and self.lower[word.lower()] <= inside[key]


def _full_names(runs: Sequence[_Run]) -> dict[str, tuple[str, ...]]:
    """Each surname of an article's full names (``Blair`` of ``Tony Blair``: two to four capitalised
    words, no acronym) and the most frequent full name ending in it."""
    counts: Counter[tuple[str, ...]] = Counter(
        run.words
        for run in runs
        if 1 < len(run.words) <= 4
        and not run.opener
        and all(_capitalised(w) and not _acronym(w) for w in run.words)
    )
    out: dict[str, tuple[str, ...]] = {}
    for words, _ in counts.most_common():
        out.setdefault(words[-1], words)
    return out


def _surnames(spellings: dict[str, Counter[str]]) -> dict[str, str]:
    """The name each surname seen after a title (``Mr Blair``) stands for: the full name ending in
    it if one takes three quarters of the names ending so, else the surname alone."""
    ending: dict[str, Counter[str]] = defaultdict(Counter)
    for key, counts in spellings.items():
        if " " in key:
            ending[key.rsplit(" ", 1)[1]][key] += counts.total()
    into = {}
    for key in spellings:
        if key.startswith(_TITLED):
            surname = key[len(_TITLED) :]
            into[key] = surname
            if surname in ending:
                ((full, count),) = ending[surname].most_common(1)
                if count * 4 >= ending[surname].total() * 3:
                    into[key] = full
    return into


def unlinked_names(
    articles: Iterable[tuple[str, str, Sequence[Span]]],
    min_count: int = 1,
    max_contexts: int = MAX_CONTEXTS,
) -> list[UnlinkedName]:
    """Names occurring at least ``min_count`` times in ``articles`` (id, body, linked mention
    spans), most frequent first. The first line of each body (its title, often in title case) is
    left out."""
    finder = UnlinkedFinder(max_contexts)
    for article_id, body, linked in articles:
        finder.add(article_id, body, linked)
    return finder.names(min_count)
