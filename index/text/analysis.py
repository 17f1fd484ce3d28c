"""The one analyzer chain used for indexing and querying, and the plain-string folding behind it.

Folding is NFKC normalisation followed by transliteration to ASCII (anyascii), so the Cyrillic "е"
(U+0435) written inside Latin words, Cyrillic or Hangul names and full-width letters all meet their
Latin spelling; British spellings then meet American ones (``honour``, ``honor``). Filters change
only token text: character offsets stay on the original text, so highlights land on the characters
the reader sees.

Two things the text analyzer adds at index time (see docs/search.md):

- a word written with a capital whose stem is not the word itself is also indexed unstemmed, marked
  (``Arsene`` -> ``arsen`` and ``^arsene``), so a name typed with a capital can be searched as
  itself and not as every word sharing its stem (``Arsenal``);
- a hyphenated compound is also indexed joined (``e-mail`` -> ``mail`` and ``email``), so ``email``
  and ``e-mail`` find each other; a query word typed with hyphens is searched joined (not ``mail``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Generator, Iterator
from functools import lru_cache

from anyascii import anyascii
from whoosh.analysis import STOP_WORDS, Analyzer, Filter, LowercaseFilter, RegexTokenizer, Token
from whoosh.lang.porter import stem as porter_stem

from dossier.index.text.spelling import american

#: Bump when the analyzer chain changes: existing indexes are then rebuilt.
ANALYZER_VERSION = 6

WORD_PATTERN = r"\w+"
#: Words, hyphenated compounds kept whole (``e-mail``, ``co-operate``): the text analyzer splits
#: them itself.
COMPOUND_PATTERN = r"\w+(?:-\w+)*"
#: What marks a capitalised word indexed unstemmed (``^arsene``): no folded word holds it.
NAME_MARK = "^"
ACRONYM_PATTERN = r"\b[A-Z][A-Z0-9]{1,5}\b"
_WORD = re.compile(WORD_PATTERN)
_NON_ALNUM = re.compile(r"[^0-9a-zA-Z*?]+")  # wildcards survive for prefix*/w?ldcard queries
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Fold one token to lower-case ASCII letters and digits (``Korеa`` -> ``korea``, ``Путин`` ->
    ``putin``), spelled the American way (``honour`` -> ``honor``, see
    :mod:`dossier.index.text.spelling`)."""
    folded = _NON_ALNUM.sub("", anyascii(unicodedata.normalize("NFKC", word)))
    return american((folded or word).lower())


def fold(text: str) -> str:
    """Fold free text for comparison: NFKC, ASCII transliteration, lower case, whitespace
    collapsed."""
    return _SPACE.sub(" ", anyascii(unicodedata.normalize("NFKC", text)).lower()).strip()


class FoldFilter(Filter):
    """Fold each token (NFKC, ASCII, lower case), drop stop words and, with ``stems``, Porter-stem
    it.

    One filter instead of four (fold | lowercase | stop | stem): a body is analyzed once per field
    at index time, and each distinct spelling is worked out once per process (cached). Offsets are
    left untouched; positions are renumbered past the dropped stop words, as Whoosh's ``StopFilter``
    does.

    With ``stems``, a hyphenated token (see :data:`COMPOUND_PATTERN`) is indexed as its parts and,
    joined, at the position of its last part; a query gets the joined word only. A capitalised word
    is also indexed unstemmed with :data:`NAME_MARK`, at its own position (:func:`name_term`).
    """

    def __init__(self, minsize: int = 1, stems: bool = False) -> None:
        self.minsize = minsize
        self.stems = stems

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        minsize, stems = self.minsize, self.stems
        pos: int | None = None
        for token in tokens:
            raw, indexing = token.text, token.mode == "index"
            if "-" not in raw:  # most tokens: one word, worked out once per spelling
                terms = _one_word(raw, minsize, stems)
                if terms is None:
                    continue
                token.text, marked = terms
                if token.positions:
                    pos = token.pos if pos is None else pos + 1
                    token.pos = pos
                token.stopped = False
                yield token
                if marked is not None and indexing:
                    token.text = marked
                    yield token
                continue
            pos = yield from self._compound(token, pos, indexing)

    def _compound(
        self, token: Token, pos: int | None, indexing: bool
    ) -> Generator[Token, None, int | None]:
        """A hyphenated token's parts (and, indexing, itself joined: see :func:`_pieces`); returns
        the position of the last one."""
        raw, minsize, stems = token.text, self.minsize, self.stems
        base = token.startchar if token.chars else 0
        for text, start, end, same_place in _pieces(raw, stems, indexing):
            if len(text) < minsize or text in STOP_WORDS:
                continue
            if token.chars:
                token.startchar, token.endchar = base + start, base + end
            token.text = stem(text) if stems else text
            if token.positions:
                pos = token.pos if pos is None else pos + (not same_place)
                token.pos = pos
            token.stopped = False
            yield token
            if stems and indexing and (marked := name_term(token.text, text, raw[start:end])):
                token.text = marked
                yield token
        return pos


@lru_cache(maxsize=200_000)
def _one_word(raw: str, minsize: int, stems: bool) -> tuple[str, str | None] | None:
    """The term of a token without hyphens and, stemming, its marked unstemmed term (see
    :func:`name_term`); None for a stop word or a word under ``minsize``."""
    text = fold_word(raw)
    if len(text) < minsize or text in STOP_WORDS:
        return None
    if not stems:
        return text, None
    stemmed = stem(text)
    return stemmed, name_term(stemmed, text, raw)


def _pieces(raw: str, stems: bool, indexing: bool) -> list[tuple[str, int, int, bool]]:
    """The folded words of one token: (text, start, end within the token, at the previous word's
    position).

    A compound (``e-mail``) gives its parts and, joined, the whole (indexing) or only the whole (a
    query); the joined word only when each part has a letter (``2023-09-13`` stays three
    numbers)."""
    if "-" not in raw or not stems:
        return [(fold_word(raw), 0, len(raw), False)]
    parts, offset = [], 0
    for part in raw.split("-"):
        parts.append((fold_word(part), offset, offset + len(part), False))
        offset += len(part) + 1
    if not all(any(c.isalpha() for c in part) for part in raw.split("-")):
        return parts
    joined = ("".join(text for text, *_ in parts), 0, len(raw), True)
    return [*parts, joined] if indexing else [joined]


def text_analyzer() -> Analyzer:
    """Words -> folded, lower case, stop words (and single letters) removed, Porter stems: for prose
    fields."""
    return RegexTokenizer(COMPOUND_PATTERN) | FoldFilter(minsize=2, stems=True)


def name_analyzer() -> Analyzer:
    """Words -> folded, lower case, stop words removed, no stems: for names, aliases and linking.

    Stop words go here too, so a bare "and" means the same in every field a query searches, and
    "Workers’ Party of Korea" matches "Workers' Party Korea"; single letters stay ("U.S.").
    """
    return RegexTokenizer(WORD_PATTERN) | FoldFilter(minsize=1)


def acronym_analyzer() -> Analyzer:
    """Only the words written in capitals, two to six letters or digits (``UN``, ``DPRK``),
    lower-cased."""
    return RegexTokenizer(ACRONYM_PATTERN) | LowercaseFilter()


def words(text: str) -> list[tuple[str, int, int]]:
    """Folded words of ``text`` (stop words left out) with their (start, end) offsets in the
    original.

    The same tokens as :func:`name_analyzer`, computed without Whoosh's token objects: this runs on
    every article at index time (linking) and on every shown hit (highlighting).
    """
    out = []
    for match in _WORD.finditer(text):
        word = fold_word(match.group())
        if word not in STOP_WORDS:
            out.append((word, match.start(), match.end()))
    return out


def lower_case_words(text: str) -> set[str]:
    """The folded words (stop words left out) that ``text`` writes with a lower-case first letter
    somewhere: the spellings in it that are not only names. Each spelling is folded once (C finds
    and dedupes them)."""
    found = {fold_word(word) for word in set(_WORD.findall(text)) if word[0].islower()}
    return found.difference(STOP_WORDS)


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The Porter stem of a folded word, as :func:`text_analyzer` indexes it."""
    return porter_stem(folded)


def name_term(stemmed: str, folded: str, written: str) -> str | None:
    """The marked unstemmed term of a word written with a capital (``Arsene`` -> ``^arsene``), or
    None: for a word in lower case, or whose stem is the word itself (``Putin``: nothing to tell
    apart)."""
    return NAME_MARK + folded if written[:1].isupper() and stemmed != folded else None
