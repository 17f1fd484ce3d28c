"""Unlinked names: capitalised names and acronyms that recur in the articles and that no dossier covers.

A name is a run of capitalised words (``Soviet Union``, ``Joint Chiefs of Staff``, ``IAEA``), joined by single
spaces and by ``of``/``of the``/``de``…; a possessive ``’s`` is dropped. Runs that touch a linked mention are
left out (they are titles or parts of a known name: ``Regional Governor Oleg Kozemayako``), and so is the
first word of a sentence when the articles also write it in lower case (``There``), a single word only
ever seen opening a sentence (``According``), the names of days and months, and headings (short lines
without a sentence end, usually in title case). Names are counted after folding, so ``USSR`` in two scripts counts once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS

from dossier.index.search.highlight import Span
from dossier.index.text.analysis import fold
from dossier.index.text.sentences import sentence_bounds

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$")
_LIST_ITEM = re.compile(r"\s*(?:[-*•–]|\d+[.)])?\s*")
_HEADING_WORDS = 12
_CONNECTORS = frozenset({"of", "de", "del", "da", "von", "van", "der", "al", "bin", "for"})
_CALENDAR = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
})


@dataclass(frozen=True)
class Context:
    """One place a name occurs: the article, its sentence, and where the name sits in that sentence."""

    article_id: str
    sentence: str
    span: Span


@dataclass(frozen=True)
class UnlinkedName:
    """A recurring name no dossier covers, as most often written, with how often and where."""

    name: str
    count: int
    contexts: tuple[Context, ...]


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def name_spans(text: str, linked: Sequence[Span] = (), common: frozenset[str] = frozenset()) -> list[Span]:
    """Spans of the capitalised names in ``text`` that overlap no ``linked`` span.

    ``common``: lower-case words the corpus also uses as ordinary words (dropped when they open a sentence).
    """
    words = list(_WORD.finditer(text))
    spans = sorted(linked)  # mentions never overlap: sorted by start, their ends are sorted too
    ends = [end for _, end in spans]
    out: list[Span] = []
    i = 0
    while i < len(words):
        if not _capitalised(words[i].group()):
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words) and text[run[-1].end():words[j].start()] == " ":
            word = words[j].group()
            if _capitalised(word):
                run.append(words[j])
            elif word in _CONNECTORS and (joined := _joined(text, words, j)):
                run += joined
                j += len(joined) - 1
            else:
                break
            j += 1
        i = j
        first = run[0]
        if _opens_sentence(text, first.start()) and (first.group().lower() in common or
                                                     first.group().lower() in STOP_WORDS):
            run = run[1:]
            while run and not _capitalised(run[0].group()):  # "of the" left at the front
                run = run[1:]
        if not run or (len(run) == 1 and run[0].group().lower() in _CALENDAR):
            continue
        start, end = run[0].start(), run[-1].end()
        if possessive := _POSSESSIVE.search(text, start, end):
            end = possessive.start()
        after = bisect_left(ends, start + 1)  # the first linked span ending inside or after this name
        if after == len(spans) or spans[after][0] >= end:
            out.append((start, end))
    return out


def _joined(text: str, words: list[re.Match[str]], j: int) -> list[re.Match[str]]:
    """The connector at ``j`` (``of``, or ``of the``) and the capitalised word after it, if they are there."""
    k = j + 1 if words[j].group() == "of" and j + 1 < len(words) and words[j + 1].group() == "the" else j
    spaced = all(text[words[n].end():words[n + 1].start()] == " " for n in range(j, min(k + 1, len(words) - 1)))
    if k + 1 < len(words) and _capitalised(words[k + 1].group()) and spaced:
        return words[j:k + 2]
    return []


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether ``offset`` starts a sentence, a line, or a list item (``- ``, ``1. ``)."""
    line_start = text.rfind("\n", 0, offset) + 1
    if _LIST_ITEM.fullmatch(text, line_start, offset):
        return True
    before = text[line_start:offset].rstrip()
    return before[-1] in ".!?…:" or (before[-1] in "\"“”'’" and before[-2:-1] in tuple(".!?…"))


def _in_heading(text: str, offset: int) -> bool:
    """Whether ``offset`` lies on a short line without a sentence end: a heading, in title case."""
    start, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)].rstrip()
    return not line.endswith(tuple(".!?…\"”’")) and len(line.split()) <= _HEADING_WORDS


def lower_case_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word written entirely in lower case somewhere in ``texts``."""
    return frozenset(w for text in texts for w in _WORD.findall(text) if w.islower())


def unlinked_names(
    articles: Iterable[tuple[str, str, Sequence[Span]]], min_count: int = 1, max_contexts: int = 20,
) -> list[UnlinkedName]:
    """Names occurring at least ``min_count`` times in ``articles`` (id, body, linked mention spans), most
    frequent first. The first line of each body (its title, often in title case) is left out."""
    articles = list(articles)
    common = lower_case_words(body for _, body, _ in articles)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    contexts: dict[str, list[Context]] = defaultdict(list)
    inside: set[str] = set()  # names seen at least once elsewhere than at the start of a sentence
    for article_id, body, linked in articles:
        title_end = body.find("\n")
        for start, end in name_spans(body, linked, common):
            if start < title_end or _in_heading(body, start):
                continue
            key = fold(body[start:end])
            spellings[key][body[start:end]] += 1
            if " " in key or not _opens_sentence(body, start):
                inside.add(key)
            if len(contexts[key]) < max_contexts:
                left, right = sentence_bounds(body, start, end)
                contexts[key].append(Context(article_id, body[left:right], (start - left, end - left)))
    found = [
        UnlinkedName(counts.most_common(1)[0][0], counts.total(), tuple(contexts[key]))
        for key, counts in spellings.items() if counts.total() >= min_count and key in inside
    ]
    found.sort(key=lambda n: (-n.count, fold(n.name)))
    return found
