"""A corpus on disk: a folder with ``seeds/`` (articles) and ``dossiers/`` (YAML), and article loading."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.index.problems import Problem

ARTICLE_SUFFIXES = (".txt", ".md")
DOSSIER_SUFFIXES = (".yaml", ".yml")
CORPUS_ENV = "DOSSIER_CORPUS"

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_TITLE_MAX = 100
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Article:
    """One article: ``body`` is the file's text verbatim, so offsets into it are offsets into the file."""

    id: str
    title: str
    date: str | None
    path: Path
    body: str


@dataclass(frozen=True)
class Corpus:
    """Where a corpus lives. Only :mod:`dossier_writer` writes into it, and only into ``dossiers/``."""

    root: Path

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def dossiers_dir(self) -> Path:
        return self.root / "dossiers"

    def article_files(self) -> list[Path]:
        """Every ``.txt``/``.md`` file under ``seeds/``, sorted."""
        return _files(self.seeds_dir, ARTICLE_SUFFIXES)

    def dossier_files(self) -> list[Path]:
        """Every ``.yaml``/``.yml`` file under ``dossiers/``, sorted."""
        return _files(self.dossiers_dir, DOSSIER_SUFFIXES)


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())


def default_corpus() -> Corpus:
    """The corpus named by ``$DOSSIER_CORPUS``, else the one shipped with dossier.

    The shipped corpus is the source tree's own ``seeds/`` and ``dossiers/`` (editable install or
    checkout) or, from a built wheel, the copy installed under ``<prefix>/share/dossier``.
    """
    if env := os.environ.get(CORPUS_ENV):
        return Corpus(Path(env).expanduser().resolve())
    source_tree = Path(__file__).resolve().parent.parent
    if (source_tree / "seeds").is_dir():
        return Corpus(source_tree)
    import sys

    return Corpus(Path(sys.prefix) / "share" / "dossier")


def file_digest(path: Path) -> str:
    """SHA-1 of a file's bytes (used to tell real edits from a touched mtime)."""
    return hashlib.sha1(path.read_bytes()).hexdigest()


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Decode a text file: UTF-8, else cp1252/latin-1 with a warning; binary or empty files give None."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem.whole_file(path, f"unreadable, skipped: {error.strerror or error}")]
    if b"\x00" in raw[:_BINARY_SNIFF]:
        return None, [Problem.whole_file(path, "binary file, skipped")]
    if not raw.strip():
        return None, [Problem.whole_file(path, "empty file, skipped")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        fallback = "cp1252"
        try:
            text = raw.decode(fallback)
        except UnicodeDecodeError:
            fallback = "latin-1"
            text = raw.decode(fallback)
        line = raw[: error.start].count(b"\n") + 1
        return text, [Problem(path, line, 1, f"not valid UTF-8 (byte {error.start}), decoded as {fallback}")]


def parse_article(path: Path, text: str) -> tuple[Article, list[Problem]]:
    """Build an Article from decoded text: id from the stem, date from a ``date YYYY-MM-DD`` line."""
    problems: list[Problem] = []
    article_date: str | None = None
    title = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _DATE_LINE.match(line):
            if article_date is None:
                try:
                    article_date = date.fromisoformat(match.group(1)).isoformat()
                except ValueError:
                    problems.append(Problem(path, number, match.start(1) + 1, f"invalid date {match.group(1)!r}"))
            line = line[match.end():]
        if not title and line.strip():
            title = _title_from(line)
        if title and (article_date or number > 5):
            break
    return Article(path.stem, title or path.stem, article_date, path, text), problems


def _title_from(line: str) -> str:
    """The first sentence of a line, shortened at a word boundary, without a stray closing quote."""
    title = _SENTENCE_END.split(line.strip(), maxsplit=1)[0].strip()
    if title.endswith(("”", '"')) and title.count("“") + title.count('"') < 2:
        title = title[:-1].rstrip()
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def load_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """Read and parse one article file; problems are returned, never raised."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    article, more = parse_article(path, text)
    return article, problems + more


def load_articles(corpus: Corpus) -> Iterator[tuple[Path, Article | None, list[Problem]]]:
    """Every article file in the corpus with what loading it gave."""
    for path in corpus.article_files():
        article, problems = load_article(path)
        yield path, article, problems
