"""What an index folder records about itself beside Whoosh's files: the manifest (every corpus
file's size, mtime and hash as last indexed, the index's own files and their sizes, the dossier
names articles were linked with) and the CURRENT summary (what a sync with nothing to do reports, so
a current index opens without parsing the manifest: 15 MB at 100 000 articles, 0.4 s). Both are
written atomically (:mod:`dossier.index.atomic`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import whoosh

from dossier.index.atomic import write_atomically
from dossier.index.corpus.article import file_id
from dossier.index.corpus.articles import FileEntry, Listing, file_digest
from dossier.index.corpus.markup import PARSE_VERSION
from dossier.index.corpus.metadata import MetadataFile
from dossier.index.indexing.duplicates import DUPLICATES_VERSION
from dossier.index.problems import Problem
from dossier.index.search.schema import SCHEMA_VERSION
from dossier.index.text.analysis import ANALYZER_VERSION
from dossier.index.text.safe_text import SAFE_TEXT_VERSION

MANIFEST = "dossier-manifest.json"
#: Written with the manifest: a digest of the corpus listing it matches and what a sync with nothing
#: to do reports, so opening a current index never parses the manifest.
CURRENT = "dossier-current.json"
STAMP = {
    "format": 3,  # 3: segments kept as separate files, and the CURRENT summary
    "whoosh": whoosh.versionstring(),
    "schema": SCHEMA_VERSION,
    "analyzer": ANALYZER_VERSION,
    "safe_text": SAFE_TEXT_VERSION,
    "articles": PARSE_VERSION,  # titles, dates and bodies read from the same bytes
    "duplicates": DUPLICATES_VERSION,
    "article_ids": 2,  # 2: ids from the path under seeds/ (business/508), one file may give several articles
}
#: Whoosh's files of our index ("_MAIN_3.toc", "MAIN_x1y2.seg"), not its lock.
INDEX_FILE = re.compile(r"^_?MAIN_(?!WRITELOCK$)")


@dataclass
class FileState:
    """One corpus file as last indexed."""

    size: int
    mtime_ns: int
    sha1: str
    problems: list[list[Any]] = field(default_factory=list)
    indexed: bool = True
    meta: str = ""  # digest of the article's entry in the metadata file
    ids: list[str] = field(
        default_factory=list
    )  # the articles' ids when the file gave several (a mailbox)


@dataclass
class Manifest:
    """The manifest. ``articles`` and ``dossiers`` stay as read (``FileState`` fields by name): 100
    000 entries are read per sync, and only those a sync looks at become :class:`FileState`
    objects."""

    stamp: dict[str, Any] = field(default_factory=lambda: dict(STAMP))
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    dossiers: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The linker's fingerprint (:attr:`Linker.key`) the articles were linked with.
    link_key: str = ""
    #: The dossiers' names behind ``link_key`` (see :mod:`dossier.index.indexing.relink`); None: not
    #: recorded (a manifest from before it was: the next dossier edit re-links every article, as it
    #: always did).
    names: list[list[Any]] | None = None
    #: The linking rules' version (:data:`LINKING_VERSION`) the articles were linked with.
    linking: int = 0
    #: Whoosh's files of the committed index and their sizes.
    files: dict[str, int] = field(default_factory=dict)
    #: Size and mtime of the metadata file, or None.
    metadata: list[int] | None = None

    @classmethod
    def from_json(cls, data: Any) -> Manifest | None:
        """The manifest in ``data`` (as parsed), or None if it is not one of this version."""
        if not isinstance(data, dict) or data.get("stamp") != STAMP:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    def to_json(self) -> dict[str, Any]:
        """The JSON form: the entries as they are (``asdict`` would deep-copy 100 000 of them: 3
        s)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def digest(self) -> bytes:
        """A digest of the content, to tell whether a sync changed it."""
        return hashlib.sha1(
            json.dumps(self.to_json(), sort_keys=True).encode("utf-8", "surrogateescape")
        ).digest()


@dataclass
class Current:
    """The CURRENT summary: written for one manifest (its size and mtime) and one corpus listing."""

    manifest: list[int] | None
    listing: str
    files: dict[str, int]
    skipped: int
    problems: list[list[Any]]
    stamp: dict[str, Any] = field(default_factory=lambda: dict(STAMP))

    def problem_list(self) -> list[Problem]:
        return [Problem(Path(path), *row) for path, *row in self.problems]


class IndexFolder:
    """The files of one index folder that are dossier's own (Whoosh's are read through Whoosh)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_manifest(self) -> Manifest | None:
        try:
            data = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Manifest.from_json(data)

    def write_manifest(self, manifest: Manifest) -> None:
        write_atomically(self.path / MANIFEST, json.dumps(manifest.to_json()))

    def read_current(self, listing: str) -> Current | None:
        """The CURRENT summary, when it matches the corpus ``listing`` digest, the manifest it was
        written for is still there, and the index files are intact."""
        try:
            data = json.loads((self.path / CURRENT).read_text(encoding="utf-8"))
            current = Current(**data)
        except (OSError, ValueError, TypeError):
            return None
        if current.stamp != STAMP or not self.intact(current.files):
            return None
        if current.manifest != stat(self.path / MANIFEST):  # written for another manifest
            return None
        return current if current.listing == listing else None

    def write_current(
        self, listing: str, files: dict[str, int], skipped: int, problems: list[Problem]
    ) -> None:
        current = Current(
            stat(self.path / MANIFEST),
            listing,
            files,
            skipped,
            [[str(p.path), *p.row()] for p in problems],
        )
        write_atomically(self.path / CURRENT, json.dumps(asdict(current)))

    def index_files(self) -> dict[str, int]:
        """Whoosh's files of the committed index and their sizes (old generations are gone after a
        commit)."""
        return {p.name: p.stat().st_size for p in self.path.iterdir() if INDEX_FILE.match(p.name)}

    def intact(self, files: dict[str, int]) -> bool:
        """Whether every index file recorded in ``files`` is there at its recorded size."""
        if not files:
            return False
        for name, size in files.items():
            try:
                if (self.path / name).stat().st_size != size:
                    return False
            except OSError:
                return False
        return True

    def clear(self) -> None:
        """Remove the manifest first (a build killed from here on leaves no claim of a complete
        index), then Whoosh's files; the lock and anything not ours stay."""
        self.path.mkdir(parents=True, exist_ok=True)
        leftovers = (f".{MANIFEST}.", f".{CURRENT}.")  # temporary files of a killed write
        ours = [
            n.name
            for n in self.path.iterdir()
            if INDEX_FILE.match(n.name) or n.name.startswith(leftovers)
        ]
        for name in (CURRENT, MANIFEST, *ours):
            (self.path / name).unlink(missing_ok=True)


def current_state(file: FileEntry, old: FileState | None) -> FileState:
    """``old`` when size and mtime (as listed) still match; else a fresh state, hashed, keeping what
    loading ``old`` found (problems, indexed) if the bytes are the same."""
    if old and (old.size, old.mtime_ns) == (file.size, file.mtime_ns):
        return old
    state = FileState(file.size, file.mtime_ns, file_digest(Path(file.path)))
    if old and old.sha1 == state.sha1:
        state.problems, state.indexed = old.problems, old.indexed
    return state


def signature(states: dict[str, FileState]) -> list[tuple[str, str]]:
    """What tells two sets of file states apart: each file's name and hash."""
    return sorted((rel, state.sha1) for rel, state in states.items())


def listing_digest(listing: Listing, metadata: Path) -> str:
    """A digest of every listed file's name, size and mtime, and of the ``metadata`` file's."""
    lines = [
        f"{f.rel}\0{f.size}\0{f.mtime_ns}\n"
        for files in (listing.articles, listing.dossiers)
        for f in files
    ]
    lines.append(json.dumps(stat(metadata)))
    return hashlib.sha1("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def stat(path: Path) -> list[int] | None:
    """Size and mtime of a file, or None if it is not there (JSON-ready, for the manifest)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def meta_digest(metadata: MetadataFile, ids: list[str]) -> str:
    """A fingerprint of the metadata file's entries for a file's articles (one, or a mailbox's
    messages)."""
    if len(ids) == 1:
        return metadata.digest(ids[0])
    digests = [metadata.digest(i) for i in ids]
    return hashlib.sha1("".join(digests).encode()).hexdigest() if any(digests) else ""


def file_ids(rel: str, state: dict[str, Any]) -> list[str]:
    """The ids of the articles a file gave, as its manifest entry records them."""
    return state.get("ids") or [file_id(rel)]
