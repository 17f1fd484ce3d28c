"""The one analyzer chain used for indexing and querying, and the plain-string folding behind it.

Folding is NFKC normalisation followed by transliteration to ASCII (anyascii), so the Cyrillic "е"
(U+0435) written inside Latin words, Cyrillic or Hangul names and full-width letters all meet their
Latin spelling; British spellings then meet American ones (``honour``, ``honor``). Filters change only
token text: character offsets stay on the original text, so highlights land on the characters the reader
sees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from anyascii import anyascii
from whoosh.analysis import STOP_WORDS, Analyzer, Filter, LowercaseFilter, RegexTokenizer, Token
from whoosh.lang.porter import stem as porter_stem

from dossier.index.text.spelling import american

#: Bump when the analyzer chain changes: existing indexes are then rebuilt.
ANALYZER_VERSION = 5

WORD_PATTERN = r"\w+"
ACRONYM_PATTERN = r"\b[A-Z][A-Z0-9]{1,5}\b"
_WORD = re.compile(WORD_PATTERN)
_NON_ALNUM = re.compile(r"[^0-9a-zA-Z*?]+")  # wildcards survive for prefix*/w?ldcard queries
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Fold one token to lower-case ASCII letters and digits (``Korеa`` -> ``korea``, ``Путин`` -> ``putin``),
    spelled the American way (``honour`` -> ``honor``, see :mod:`dossier.index.text.spelling`)."""
    folded = _NON_ALNUM.sub("", anyascii(unicodedata.normalize("NFKC", word)))
    return american((folded or word).lower())


def fold(text: str) -> str:
    """Fold free text for comparison: NFKC, ASCII transliteration, lower case, whitespace collapsed."""
    return _SPACE.sub(" ", anyascii(unicodedata.normalize("NFKC", text)).lower()).strip()


class FoldFilter(Filter):
    """Fold each token (NFKC, ASCII, lower case), drop stop words and, with ``stems``, Porter-stem it.

    One filter instead of four (fold | lowercase | stop | stem): a body is analyzed once per field at index
    time, and each distinct spelling is worked out once per process (cached). Offsets are left untouched;
    positions are renumbered past the dropped stop words, as Whoosh's ``StopFilter`` does.
    """

    def __init__(self, minsize: int = 1, stems: bool = False) -> None:
        self.minsize = minsize
        self.stems = stems

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        minsize, stems = self.minsize, self.stems
        pos: int | None = None
        for token in tokens:
            text = fold_word(token.text)
            if len(text) < minsize or text in STOP_WORDS:
                continue
            token.text = stem(text) if stems else text
            if token.positions:
                if pos is None:
                    pos = token.pos
                else:
                    pos += 1
                    token.pos = pos
            token.stopped = False
            yield token


def text_analyzer() -> Analyzer:
    """Words -> folded, lower case, stop words (and single letters) removed, Porter stems: for prose fields."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter(minsize=2, stems=True)


def name_analyzer() -> Analyzer:
    """Words -> folded, lower case, stop words removed, no stems: for names, aliases and linking.

    Stop words go here too, so a bare "and" means the same in every field a query searches, and
    "Workers’ Party of Korea" matches "Workers' Party Korea"; single letters stay ("U.S.").
    """
    return RegexTokenizer(WORD_PATTERN) | FoldFilter(minsize=1)


def acronym_analyzer() -> Analyzer:
    """Only the words written in capitals, two to six letters or digits (``UN``, ``DPRK``), lower-cased."""
    return RegexTokenizer(ACRONYM_PATTERN) | LowercaseFilter()


def words(text: str) -> list[tuple[str, int, int]]:
    """Folded words of ``text`` (stop words left out) with their (start, end) offsets in the original.

    The same tokens as :func:`name_analyzer`, computed without Whoosh's token objects: this runs on every
    article at index time (linking) and on every shown hit (highlighting).
    """
    out = []
    for match in _WORD.finditer(text):
        word = fold_word(match.group())
        if word not in STOP_WORDS:
            out.append((word, match.start(), match.end()))
    return out


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The Porter stem of a folded word, as :func:`text_analyzer` indexes it."""
    return porter_stem(folded)
