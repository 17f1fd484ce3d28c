"""A corpus on disk: a folder with ``seeds/`` (articles) and ``dossiers/`` (YAML), and article loading."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from dossier.index.corpus import markup
from dossier.index.corpus.decoding import MAX_ARTICLE_BYTES as MAX_ARTICLE_BYTES
from dossier.index.corpus.decoding import read_text
from dossier.index.corpus.front_matter import split_front_matter
from dossier.index.corpus.metadata import METADATA_FILE, NO_META, ArticleMeta, date_label
from dossier.index.corpus.readers import (
    DOUBLE_SUFFIXES,
    EXTRA,
    FORMATS,
    SUFFIXES,
    available,
    format_of,
    load_file,
    suffix_of,
)
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_text
from dossier.index.text.wording import plural

#: Every kind of article file dossier reads (see :mod:`dossier.index.corpus.readers`).
ARTICLE_SUFFIXES = SUFFIXES
DOSSIER_SUFFIXES = (".yaml", ".yml")
CORPUS_ENV = "DOSSIER_CORPUS"

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_TITLE_MAX = 100
#: How far into the body a title is looked for: lines, and characters (a one-line file may be 2 MB long).
_TITLE_LINES, _TITLE_CHARS = 12, 16 * 1024


@dataclass(frozen=True)
class Article:
    """One article. ``body`` is the file's text character for character, made safe to show
    (:func:`~dossier.index.text.safe_text.safe_text` keeps lengths) and with template tags blanked out
    (:func:`~dossier.index.corpus.markup.blank_templates` keeps lengths too), so offsets into it are offsets into
    the file (after its front matter, if it has one).

    ``date`` is the metadata's date if there is one, else the printed ``date YYYY-MM-DD`` line's
    (``printed_date``); ``meta`` is what the front matter and the metadata file say (see
    :mod:`dossier.index.corpus.metadata`).
    """

    id: str
    title: str
    date: str | None
    path: Path
    body: str
    printed_date: str | None = None
    meta: ArticleMeta = NO_META

    @property
    def date_conflict(self) -> str | None:
        """The printed date when it contradicts the metadata's (``2023-11-07`` printed on an article the
        metadata dates ``2023-09-13``); a date and a more precise one within it agree."""
        printed, known = self.printed_date, self.meta.date
        if printed and known and not (printed.startswith(known) or known.startswith(printed)):
            return printed
        return None

    @property
    def date_inferred(self) -> str | None:
        """How the date was inferred, when it was (the metadata's note), else None."""
        return self.meta.inferred.get("date") if self.meta.date else None

    @property
    def date_label(self) -> str:
        """The date as shown, flagged when inferred or contradicted (see :func:`article_meta.date_label`)."""
        return date_label(self.date, self.date_inferred is not None, self.date_conflict)

    def with_meta(self, meta: ArticleMeta) -> Article:
        """This article with ``meta`` (the metadata file's entry) over what it had."""
        merged = meta.over(self.meta)
        return replace(
            self, meta=merged, date=merged.date or self.printed_date, title=meta.title or self.title
        )


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
        """Every article file under ``seeds/`` whose kind can be read, sorted (symbolic links followed, each
        folder once)."""
        return [Path(f.path) for f in self.listing().articles]

    def article_id(self, path: Path) -> str:
        """The id of the article file ``path`` (under ``seeds/``): see :func:`article_id`."""
        return article_id(path.relative_to(self.seeds_dir).as_posix())

    def article_paths(self) -> dict[str, Path]:
        """Each article file by its id (the first in listing order when two share one, as the index does)."""
        paths: dict[str, Path] = {}
        for file in self.listing().articles:
            paths.setdefault(file_id(file.rel), Path(file.path))
        return paths

    def find_article(self, wanted: str, paths: dict[str, Path] | None = None) -> Article | None:
        """The article with id ``wanted`` read from its file (a message of a mailbox from the mailbox's), or
        None when there is none or it cannot be read; ``paths``: :meth:`article_paths`, if already made."""
        paths = self.article_paths() if paths is None else paths
        owner = wanted if wanted in paths else wanted.rpartition("/")[0]
        if owner not in paths:
            return None
        articles, _ = load_file(paths[owner], owner)
        return next((article for article in articles if article.id == wanted), None)

    def dossier_files(self) -> list[Path]:
        """Every ``.yaml``/``.yml`` file under ``dossiers/``, sorted."""
        return [Path(f.path) for f in _walk(self.root, "dossiers", DOSSIER_SUFFIXES)[0]]

    def scan_problems(self) -> list[Problem]:
        """Folders the file listings left out: unreadable ones, and links back to a folder already listed."""
        return self.listing().problems

    def listing(self) -> Listing:
        """Both kinds of file with their sizes and mtimes, and what could not be listed: one pass each. Files
        under ``seeds/`` of a kind that cannot be read (or not without the ``formats`` extra) are kept apart."""
        readable = tuple(s for fmt in FORMATS if available(fmt) for s in fmt.suffixes)
        others: list[str] = []
        articles, problems = _walk(self.root, "seeds", readable, others)
        dossiers, more = _walk(self.root, "dossiers", DOSSIER_SUFFIXES)
        return Listing(articles, dossiers, problems + more, others)


class FileEntry(NamedTuple):
    """A listed corpus file: ``rel`` is its POSIX path under the corpus root (the index's name for it). A tuple:
    100 000 of them are made on every open."""

    rel: str
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Listing:
    """What :meth:`Corpus.listing` found."""

    articles: list[FileEntry]
    dossiers: list[FileEntry]
    problems: list[Problem]
    #: Files under ``seeds/`` that are not read (POSIX paths under the corpus root), hidden ones and the
    #: metadata file aside.
    not_read: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What the sync names once: the files whose kind needs the ``formats`` extra, then the others not read
        (``12 files not read: .xlsx ×12``)."""
        needing: Counter[str] = Counter()
        unknown: Counter[str] = Counter()
        for rel in self.not_read:
            suffix = suffix_of(rel) or "(no suffix)"
            (needing if format_of(rel) is not None else unknown)[suffix] += 1
        notes = [
            f"install {EXTRA} to read {suffix} files ({plural(count, 'file')} not read)"
            for suffix, count in sorted(needing.items())
        ]
        if unknown:
            kinds = ", ".join(
                f"{suffix} ×{count}" for suffix, count in sorted(unknown.items(), key=_most_first)
            )
            notes.append(f"{plural(sum(unknown.values()), 'file')} not read: {kinds}")
        return notes


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


_entry = (
    tuple.__new__
)  # a FileEntry without the Python-level __new__ a NamedTuple adds (100 000 per open)


def _walk(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    others: list[str] | None = None,
) -> tuple[list[FileEntry], list[Problem]]:
    """Files under ``root/folder`` with one of ``suffixes`` (any case), following links to folders but entering
    each folder once (a link loop is reported, not followed forever), and the folders that could not be listed.
    Hidden files and folders (``.git``, an editor's ``.#draft.txt``) are left out; the other files go to
    ``others``, if given (the metadata file aside).

    ``os.scandir`` gives each file's kind without a system call and its size and mtime with one; no ``Path`` is
    made per file (listing 10 000 articles: 0.17 s with ``Path.rglob`` and a ``stat`` each, 0.06 s this way).
    """
    files: list[FileEntry] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], str] = {}
    pending = [(os.path.join(root, folder), folder)]
    if not os.path.isdir(pending[0][0]):
        return [], []
    while pending:
        top, rel = pending.pop()
        try:
            stat = os.stat(top)
            key = (stat.st_dev, stat.st_ino)
            if key in seen:
                problems.append(
                    Problem.whole_file(
                        Path(top), f"link to a folder already listed ({seen[key]}), not followed"
                    )
                )
                continue
            seen[key] = top
            with os.scandir(top) as listed:
                entries = list(listed)
        except OSError as error:
            problems.append(
                Problem.whole_file(
                    Path(error.filename or top),
                    f"unreadable folder, skipped: {error.strerror or error}",
                )
            )
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    folders.append((entry.path, f"{rel}/{entry.name}"))
                elif entry.name.lower().endswith(suffixes) and entry.is_file():
                    info = entry.stat()
                    files.append(
                        _entry(
                            FileEntry,
                            (f"{rel}/{entry.name}", entry.path, info.st_size, info.st_mtime_ns),
                        )
                    )
                elif (
                    others is not None
                    and entry.is_file()
                    and (rel, entry.name) != (folder, METADATA_FILE)
                ):
                    others.append(f"{rel}/{entry.name}")
            except OSError:  # gone, or a dangling link, since the folder was read
                continue
        pending.extend(
            sorted(folders, reverse=True)
        )  # depth first, in name order, as os.walk with sorted dirs
    # The order sorting Paths gave: part by part ("a/b" before "a-b"); in one folder, plain names (3 times faster).
    files.sort(key=(lambda f: f.rel.split("/")) if len(seen) > 1 else (lambda f: f.rel))
    return files, problems


def default_corpus() -> Corpus:
    """The corpus named by ``$DOSSIER_CORPUS``, else the one shipped with dossier.

    The shipped corpus is the source tree's own ``seeds/`` and ``dossiers/`` (editable install or
    checkout) or, from a built wheel, the copy installed under ``<prefix>/share/dossier``.
    """
    if env := os.environ.get(CORPUS_ENV):
        return Corpus(Path(env).expanduser().resolve())
    source_tree = Path(__file__).resolve().parents[2]
    if (source_tree / "seeds").is_dir():
        return Corpus(source_tree)
    import sys

    return Corpus(Path(sys.prefix) / "share" / "dossier")


def file_digest(path: Path) -> str:
    """SHA-1 of a file's bytes (used to tell real edits from a touched mtime), read in chunks."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha1").hexdigest()


def parse_article(
    path: Path, text: str, doc_id: str | None = None
) -> tuple[Article, list[Problem]]:
    """Build an Article from decoded text: id ``doc_id`` (else the file's stem), metadata from front matter,
    printed date from a ``date YYYY-MM-DD`` line, template tags blanked out of the body (see
    :func:`markup.blank_templates`).

    The title is the front matter's, else the first Markdown heading near the top, else the first line with
    words, without its markup. Undated by anything else, an article takes a date opening its file name
    (``2016-03-04-slug.md``), marked as inferred from it.
    """
    meta, body_start, problems = split_front_matter(path, text)
    first_line = text.count("\n", 0, body_start) + 1
    body = markup.blank_templates(text[body_start:])
    name = os.path.basename(path)
    printed, line_title = _scan_head(
        path, body, first_line, problems, headings=name.lower().endswith(".md")
    )
    title = _shortened(markup.plain_text(meta.title)) if meta.title else line_title
    if meta.date is None and printed is None:
        meta = _dated_by_name(meta, name)
    the_id = doc_id or article_id(path.name)
    return Article(
        the_id, title or the_id, meta.date or printed, path, body, printed, meta
    ), problems


def _dated_by_name(meta: ArticleMeta, name: str) -> ArticleMeta:
    """``meta`` with the date a ``YYYY/MM/DD/`` URL path in its front matter (``path``, ``permalink``, ``url``)
    or the file's ``name`` gives, marked as inferred from there; ``meta`` itself without one."""
    for key in ("path", "permalink", "url") if meta.other or meta.url else ():
        value = meta.url if key == "url" else meta.other.get(key)
        if isinstance(value, str) and (found := markup.url_path_date(value)):
            return meta.model_copy(
                update={"date": found, "inferred": {**meta.inferred, "date": f"from the {key}"}}
            )
    if found := markup.file_name_date(name):
        return meta.model_copy(
            update={"date": found, "inferred": {**meta.inferred, "date": markup.FROM_FILE_NAME}}
        )
    return meta


def _scan_head(
    path: Path,
    body: str,
    first_line: int,
    problems: list[Problem],
    headings: bool,
) -> tuple[str | None, str]:
    """The printed date (a ``date YYYY-MM-DD`` line near the top; a bad one added to ``problems``) and the title
    the first lines give: with ``headings`` (Markdown), a heading among the first few, else the first line with
    words (a text file's first line: no need to look further)."""
    printed: str | None = None
    first = heading = ""
    lines = body[:_TITLE_CHARS].split("\n", _TITLE_LINES)[:_TITLE_LINES]
    for number, line in enumerate(lines, start=first_line):
        if match := _DATE_LINE.match(line):
            if printed is None:
                try:
                    printed = date.fromisoformat(match.group(1)).isoformat()
                except ValueError:
                    problems.append(
                        Problem(
                            path, number, match.start(1) + 1, f"invalid date {match.group(1)!r}"
                        )
                    )
            line = line[match.end() :]
        if (headings or not first) and line.strip() and not markup.is_markup_only(line):
            if (text := markup.heading_text(line)) is not None and (
                heading := _shortened(markup.plain_text(text))
            ):
                break
            if not first:
                first = title_from(markup.plain_text(line))
        elif first and (printed or number > first_line + 4) and not headings:
            break
    return printed, heading or first


def article_id(seeds_rel: str) -> str:
    """The id of the article file at ``seeds_rel`` (its POSIX path under ``seeds/``): that path without the
    suffix, made safe to show. ``business/508`` for ``seeds/business/508.txt``; a file directly in ``seeds/``
    keeps its bare stem (``508``); a gzipped page loses both suffixes (``pages/a`` for ``pages/a.html.gz``).
    A mailbox's messages are ``<its id>/1``, ``<its id>/2``…"""
    lowered = seeds_rel.lower()
    double = next((suffix for suffix in DOUBLE_SUFFIXES if lowered.endswith(suffix)), None)
    return safe_text(seeds_rel[: -len(double)] if double else posixpath.splitext(seeds_rel)[0])


def file_id(rel: str) -> str:
    """The article id of a listed file (``rel``: its POSIX path under the corpus root, ``seeds/…``)."""
    return article_id(rel.split("/", 1)[1])


def title_from(line: str) -> str:
    """The first sentence of a line, shortened at a word boundary, without a stray closing quote."""
    title = _SENTENCE_END.split(line.strip(), maxsplit=1)[0].strip()
    if title.endswith(("”", '"')) and title.count("“") + title.count('"') < 2:
        title = title[:-1].rstrip()
    return _shortened(title)


def _shortened(title: str) -> str:
    """A title of at most about 100 characters, cut at a word boundary."""
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def load_article(path: Path, doc_id: str | None = None) -> tuple[Article | None, list[Problem]]:
    """Read and parse one plain text article file; problems are returned, never raised."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    article, more = parse_article(path, text, doc_id)
    return article, problems + more


def load_articles(corpus: Corpus) -> Iterator[tuple[Path, Article | None, list[Problem]]]:
    """Every article in the corpus with what loading its file gave (None: the file gave none)."""
    for file in corpus.listing().articles:
        path = Path(file.path)
        articles, problems = load_file(path, file_id(file.rel))
        if not articles:
            yield path, None, problems
        for n, article in enumerate(articles):
            yield path, article, problems if n == 0 else []
