"""A corpus on disk: a folder with ``seeds/`` (articles) and ``dossiers/`` (YAML), and article
loading."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dossier.index.corpus.article import Article as Article  # its home is corpus.article
from dossier.index.corpus.article import file_id
from dossier.index.corpus.formats import EXTRA, FORMATS, SUFFIXES, available, format_of, suffix_of
from dossier.index.corpus.metadata import METADATA_FILE
from dossier.index.corpus.readers import load_file
from dossier.index.problems import Problem
from dossier.index.text.wording import plural

#: Every kind of article file dossier reads (see :mod:`dossier.index.corpus.readers`).
ARTICLE_SUFFIXES = SUFFIXES
DOSSIER_SUFFIXES = (".yaml", ".yml")
CORPUS_ENV = "DOSSIER_CORPUS"


@dataclass(frozen=True)
class Corpus:
    """Where a corpus lives. Only :mod:`~dossier.index.dossiers.writer` writes into it, and only
    into ``dossiers/``."""

    root: Path

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def dossiers_dir(self) -> Path:
        return self.root / "dossiers"

    def article_paths(self) -> dict[str, Path]:
        """Each article file by its id (the first in listing order when two share one, as the index
        does)."""
        paths: dict[str, Path] = {}
        for file in self.listing().articles:
            paths.setdefault(file_id(file.rel), Path(file.path))
        return paths

    def find_article(self, wanted: str, paths: dict[str, Path] | None = None) -> Article | None:
        """The article with id ``wanted`` read from its file (a message of a mailbox from the
        mailbox's), or None when there is none or it cannot be read; ``paths``:
        :meth:`article_paths`, if already made."""
        paths = self.article_paths() if paths is None else paths
        owner = wanted if wanted in paths else wanted.rpartition("/")[0]
        if owner not in paths:
            return None
        articles, _ = load_file(paths[owner], owner)
        return next((article for article in articles if article.id == wanted), None)

    def dossier_files(self) -> list[Path]:
        """Every ``.yaml``/``.yml`` file under ``dossiers/``, sorted."""
        return [Path(f.path) for f in _walk(self.root, "dossiers", DOSSIER_SUFFIXES)[0]]

    def listing(self) -> Listing:
        """Both kinds of file with their sizes and mtimes, and what could not be listed: one pass
        each. Files under ``seeds/`` of a kind that cannot be read (or not without the ``formats``
        extra) are kept apart."""
        readable = tuple(s for fmt in FORMATS if available(fmt) for s in fmt.suffixes)
        others: list[str] = []
        articles, problems = _walk(self.root, "seeds", readable, others)
        dossiers, more = _walk(self.root, "dossiers", DOSSIER_SUFFIXES)
        return Listing(articles, dossiers, problems + more, others)


class FileEntry(NamedTuple):
    """A listed corpus file: ``rel`` is its POSIX path under the corpus root (the index's name for
    it). A tuple: 100 000 of them are made on every open."""

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
    #: Files under ``seeds/`` that are not read (POSIX paths under the corpus root), hidden ones and
    #: the metadata file aside.
    not_read: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What the sync names once: the files whose kind needs the ``formats`` extra, then the
        others not read (``12 files not read: .xlsx ×12``)."""
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
    """Files under ``root/folder`` with one of ``suffixes`` (any case), following links to folders
    but entering each folder once (a link loop is reported, not followed forever), and the folders
    that could not be listed. Hidden files and folders (``.git``, an editor's ``.#draft.txt``) are
    left out; the other files go to ``others``, if given (the metadata file aside).

    ``os.scandir`` gives each file's kind without a system call and its size and mtime with one; no
    ``Path`` is made per file (listing 10 000 articles: 0.17 s with ``Path.rglob`` and a ``stat``
    each, 0.06 s this way).
    """
    files: list[FileEntry] = []
    problems: list[Problem] = []
    seen: dict[tuple[int, int], str] = {}
    pending = [(os.path.join(root, folder), folder)]
    if not os.path.isdir(pending[0][0]):
        return [], []
    sorting = _Sorting(suffixes, f"{folder}/{METADATA_FILE}", files, others)
    while pending:
        top, rel = pending.pop()
        folders = sorting.take(_entries(top, seen, problems), rel)
        pending.extend(sorted(folders, reverse=True))  # depth first, in name order, as os.walk does
    # The order sorting Paths gave: part by part ("a/b" before "a-b"); in one folder, plain names (3
    # times faster).
    files.sort(key=(lambda f: f.rel.split("/")) if len(seen) > 1 else (lambda f: f.rel))
    return files, problems


def _entries(
    top: str, seen: dict[tuple[int, int], str], problems: list[Problem]
) -> list[os.DirEntry[str]]:
    """What the folder ``top`` holds, entering it once (``seen``: the folders entered, by device and
    inode); none, and a problem, for a folder that cannot be listed or was entered already (a link
    loop)."""
    try:
        stat = os.stat(top)
        key = (stat.st_dev, stat.st_ino)
        if key in seen:
            problems.append(
                Problem.whole_file(
                    Path(top), f"link to a folder already listed ({seen[key]}), not followed"
                )
            )
            return []
        seen[key] = top
        with os.scandir(top) as listed:
            return list(listed)
    except OSError as error:
        problems.append(
            Problem.whole_file(
                Path(error.filename or top),
                f"unreadable folder, skipped: {error.strerror or error}",
            )
        )
        return []


@dataclass(frozen=True)
class _Sorting:
    """Where a walk puts what it finds: files of its ``suffixes`` in ``files``, the other files (but
    the metadata file, at ``metadata``) in ``others`` if given."""

    suffixes: tuple[str, ...]
    metadata: str
    files: list[FileEntry]
    others: list[str] | None

    def take(self, entries: list[os.DirEntry[str]], rel: str) -> list[tuple[str, str]]:
        """Sort the ``entries`` of the folder at ``rel`` (hidden ones left out); return its
        folders."""
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{rel}/{entry.name}"
            try:
                if entry.is_dir():
                    folders.append((entry.path, path))
                elif entry.name.lower().endswith(self.suffixes) and entry.is_file():
                    info = entry.stat()
                    fields = (path, entry.path, info.st_size, info.st_mtime_ns)
                    self.files.append(_entry(FileEntry, fields))
                elif self.others is not None and path != self.metadata and entry.is_file():
                    self.others.append(path)
            except OSError:  # gone, or a dangling link, since the folder was read
                continue
        return folders


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
