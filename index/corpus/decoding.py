"""Reading an article file's bytes as text: UTF-8, a byte-order mark, UTF-16 without one, Western
single-byte text (cp1252, of which Latin-1 is a subset), or what charset-normalizer detects."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from dossier.index.corpus.bounded_read import read_head
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_text

#: The most of an article file that is read, indexed and shown (bytes); the rest is left out, with a
#: warning. A news article is rarely over 100 KB; this keeps indexing one file to seconds and its
#: snippets bounded.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024

_BINARY_SNIFF = 8192
_DETECT_SAMPLE = 64 * 1024

#: Byte-order marks, longest first (a UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: cp1252 characters that Western prose uses: accented letters, quotes, dashes, currency and a few
#: signs. The rest (¤ ¦ ¨ ¬ ¯ ³ ¸ ¹ ˆ ˜ ‹ › ƒ ‰, five unassigned bytes) is what other code pages'
#: letters look like in cp1252.
_WESTERN = frozenset(
    "€‚„…†‡ŠŒŽ‘’“”•–—™šœžŸ\u00a0¡¢£¥§©ª«\u00ad®°±²´µ¶·º»¼½¾¿×÷"
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ".encode("cp1252")
)
_WORD_START_ONLY = frozenset(
    "¡¿".encode("cp1252")
)  # Spanish marks; inside a word they are cp1250's ż or ą


def read_text(path: Path, limit: int = MAX_ARTICLE_BYTES) -> tuple[str | None, list[Problem]]:
    """Decode a text file made safe to show (see :mod:`~dossier.index.text.safe_text`); binary or
    empty files give None.

    UTF-8, or UTF-8/16/32 with a byte-order mark; other bytes are decoded as what
    :func:`guess_encoding` finds, with a note. At most ``limit`` bytes are read, with a warning when
    the file is longer.
    """
    problems: list[Problem] = []
    try:
        raw, size = read_head(path, limit)
    except OSError as error:
        return None, [Problem.whole_file(path, f"unreadable, skipped: {error.strerror or error}")]
    truncated = len(raw) > limit
    if truncated:
        raw = raw[:limit]
        problems.append(
            Problem.whole_file(
                path,
                f"{_megabytes(size)} long: only the first {_megabytes(limit)} is indexed and shown",
            )
        )
    bom = next((encoding for mark, encoding in _BOMS if raw.startswith(mark)), None)
    if bom is None and b"\x00" in raw[:_BINARY_SNIFF]:
        bom = _utf16_without_mark(raw[:_BINARY_SNIFF])
        if bom is None:
            return None, [Problem.whole_file(path, "binary file, skipped")]
    text, problem = _decode(path, raw, bom, truncated)
    if text is None or not text.strip():
        return None, [problem or Problem.whole_file(path, "empty file, skipped")]
    return safe_text(text), problems + ([problem] if problem else [])


def _decode(
    path: Path, raw: bytes, bom: str | None, truncated: bool
) -> tuple[str | None, Problem | None]:
    """``raw`` as text, and a problem when it was not clean UTF-8 (or clean text after its
    byte-order mark).

    A truncated ``raw`` may end inside a character: an incremental decoder leaves that character
    out.
    """

    def decode(encoding: str, errors: str = "strict") -> str:
        return codecs.getincrementaldecoder(encoding)(errors).decode(raw, final=not truncated)

    if bom in ("utf-16-le", "utf-16-be"):  # no mark: said once, as any other guessed encoding
        return decode(bom, "replace"), Problem.note(
            path, 1, 1, f"no byte-order mark, decoded as {bom}"
        )
    if bom is not None:
        try:
            return decode(bom), None
        except UnicodeDecodeError as error:
            return decode(bom, "replace"), Problem(
                path,
                raw[: error.start].count(b"\n") + 1,
                1,
                f"not valid {bom} (byte {error.start}), bad bytes replaced",
            )
    try:
        return decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if mostly_utf8(raw[:_DETECT_SAMPLE]):
            return decode("utf-8", _STRAY_AS_CP1252), Problem.note(
                path,
                line,
                1,
                f"not valid UTF-8 (byte {error.start}), decoded as UTF-8 with stray bytes as cp1252",
            )
        encoding = guess_encoding(raw[:_DETECT_SAMPLE])
        if encoding is None:
            return None, Problem(
                path,
                line,
                1,
                f"not valid UTF-8 (byte {error.start}) and no other text "
                "encoding fits: binary file, skipped",
            )
        text = decode(encoding, "replace")
        return text, Problem.note(
            path, line, 1, f"not valid UTF-8 (byte {error.start}), decoded as {encoding}"
        )


def mostly_utf8(sample: bytes) -> bool:
    """Whether ``sample`` is UTF-8 text with a few stray bytes (a Latin-1 ``£`` pasted into UTF-8):
    more valid multi-byte UTF-8 characters than bytes over 0x7F outside them."""
    valid = len(_UTF8_CHAR.findall(sample))
    return valid > 0 and valid >= len(_HIGH_BYTE.findall(_UTF8_CHAR.sub(b"", sample)))


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of a mostly-UTF-8 file: a byte that is not UTF-8 is read as
    cp1252."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


_STRAY_AS_CP1252 = "dossier-stray-as-cp1252"
codecs.register_error(_STRAY_AS_CP1252, _stray_as_cp1252)


def guess_encoding(sample: bytes) -> str | None:
    """The encoding of ``sample`` (not UTF-8): cp1252 for plausible Western text (see
    :func:`is_western`), else the one charset-normalizer finds most likely (cp1252 among equals, as
    the usual encoding of Western web pages), else None.

    charset-normalizer alone takes a short Latin-1 text with one ``£`` (0xA3) for cp932's ``｣``.
    """
    if is_western(sample):
        return "cp1252"
    import charset_normalizer  # only for the rare file that is neither UTF-8 nor Western: 5 ms to import

    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return str(best.encoding)


def is_western(sample: bytes) -> bool:
    """Whether the bytes over 0x7F read as Western prose in cp1252: each run of them at most three
    long (a Cyrillic, Greek or Japanese word is a longer run), each a letter or sign of Western text
    (no ``³``, ``¤``, unassigned byte…), an ``¡``/``¿`` only before a word."""
    for run in _HIGH_RUN.finditer(sample):
        chunk = run.group()
        if len(chunk) > 3 or not _WESTERN.issuperset(chunk):
            return False
        start = run.start()
        for offset, byte in enumerate(chunk):
            if (
                byte in _WORD_START_ONLY
                and start + offset > 0
                and sample[start + offset - 1 : start + offset].isalpha()
            ):
                return False
    return True


def _utf16_without_mark(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text whose every other byte is NUL (ASCII-range UTF-16), else None
    (binary)."""
    even, odd = head[0::2], head[1::2]
    for zeros, chars, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) == 0 and len(head) % 2 == 0:
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
